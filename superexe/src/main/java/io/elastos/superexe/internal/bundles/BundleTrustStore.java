// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.bundles;

import io.elastos.api.node.NodeProperties;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The certificates the NAS owner trusts to sign bundles, read from the PEM files in {@code
 * <data>/trust/bundles/} and re-read whenever a file there is added, changed or removed.
 */
@Component(service = BundleTrustStore.class, configurationPid = "io.elastos.superexe.bundles.trust")
public class BundleTrustStore {

    private static final System.Logger LOG = System.getLogger(BundleTrustStore.class.getName());

    private final Path directory;
    private final Set<X509Certificate> added = new LinkedHashSet<>();
    private final Set<X509Certificate> removed = new HashSet<>();
    private List<X509Certificate> fromFiles = List.of();
    private String loadedStamp;

    /**
     * Creates the store on the node's trust directory.
     *
     * @param context gives the node's data directory
     */
    @Activate
    public BundleTrustStore(BundleContext context) {
        this(
                NodeProperties.dataDirectory(context::getProperty)
                        .resolve("trust")
                        .resolve("bundles"));
    }

    /**
     * Creates the store on a directory of PEM files, which need not exist yet.
     *
     * @param directory the directory holding {@code *.pem} files
     */
    public BundleTrustStore(Path directory) {
        this.directory = directory;
    }

    /**
     * Returns the directory the store reads.
     *
     * @return the directory of PEM files
     */
    public Path directory() {
        return directory;
    }

    /**
     * Returns every trusted certificate, re-reading the directory first if it changed.
     *
     * @return the trusted certificates
     */
    public synchronized List<X509Certificate> certificates() {
        reloadIfChanged();
        Set<X509Certificate> all = new LinkedHashSet<>(fromFiles);
        all.addAll(added);
        all.removeAll(removed);
        return List.copyOf(all);
    }

    /**
     * Tells whether this exact certificate is trusted, as for a pinned developer certificate.
     *
     * @param certificate the certificate
     * @return whether the store holds it
     */
    public boolean isTrusted(X509Certificate certificate) {
        return certificates().contains(certificate);
    }

    /**
     * Returns the trusted certificate authorities, which may issue signer certificates. A trusted
     * certificate that is not a CA (no basic constraints) is only trusted as a leaf, so that a
     * developer's pinned certificate cannot vouch for other certificates.
     *
     * @return the trust anchors, possibly empty
     */
    public Set<TrustAnchor> anchors() {
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate c : certificates()) {
            if (c.getBasicConstraints() >= 0) {
                anchors.add(new TrustAnchor(c, null));
            }
        }
        return anchors;
    }

    /**
     * Trusts a certificate in memory, in addition to the files.
     *
     * @param certificate the certificate
     */
    public synchronized void add(X509Certificate certificate) {
        removed.remove(certificate);
        added.add(certificate);
    }

    /**
     * Stops trusting a certificate, whether it came from a file or from {@link #add}.
     *
     * @param certificate the certificate
     */
    public synchronized void remove(X509Certificate certificate) {
        added.remove(certificate);
        removed.add(certificate);
    }

    /** Cheap change detection: names, sizes and times of the PEM files, checked on every use. */
    private void reloadIfChanged() {
        TreeMap<String, String> stamp = new TreeMap<>();
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> pems = Files.newDirectoryStream(directory, "*.pem")) {
                for (Path pem : pems) {
                    BasicFileAttributes a = Files.readAttributes(pem, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        files.add(pem);
                        stamp.put(
                                pem.getFileName().toString(),
                                a.size() + "@" + a.lastModifiedTime().toMillis());
                    }
                }
            } catch (IOException e) {
                LOG.log(
                        Level.WARNING,
                        "cannot list trusted bundle certificates in " + directory,
                        e);
                return;
            }
        }
        String now = stamp.toString();
        if (now.equals(loadedStamp)) {
            return;
        }
        List<X509Certificate> certs = new ArrayList<>();
        for (Path pem : files) {
            certs.addAll(read(pem));
        }
        fromFiles = List.copyOf(certs);
        loadedStamp = now;
        LOG.log(
                Level.INFO,
                "trusting {0} bundle signer certificate(s) from {1}",
                certs.size(),
                directory);
    }

    /** A bad file is skipped with a warning: it must not drop the trust in the other files. */
    private static List<X509Certificate> read(Path pem) {
        List<X509Certificate> certs = new ArrayList<>();
        try (InputStream in = Files.newInputStream(pem)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                if (c instanceof X509Certificate x) {
                    certs.add(x);
                }
            }
        } catch (IOException | CertificateException e) {
            LOG.log(
                    Level.WARNING,
                    "ignoring unreadable trusted certificate file {0}: {1}",
                    pem,
                    e.getMessage());
        }
        return certs;
    }
}
