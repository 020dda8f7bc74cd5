// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.bundles;

import io.elastos.api.node.NodeProperties;
import io.elastos.api.superexe.BundleVerifier;
import io.elastos.api.superexe.VerificationException;
import io.elastos.api.superexe.VerificationException.Reason;
import io.elastos.api.superexe.VerifiedBundle;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Verifies a bundle jar signed with jarsigner: one trusted signer over every entry, checked with
 * {@link JarFile}'s own verification, never with the (removed) security manager.
 */
@Component(service = BundleVerifier.class, configurationPid = "io.elastos.superexe.bundles")
public class SignedBundleVerifier implements BundleVerifier {

    private static final Pattern SYMBOLIC_NAME =
            Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    private final BundleTrustStore trust;
    private final Path workDirectory;
    private final Clock clock;
    private final ArchiveLimits limits;

    /**
     * Creates the verifier of the running node, keeping verified copies in the bundle's data area.
     *
     * @param context the SuperEXE bundle's context
     * @param trust the owner's trusted signer certificates
     */
    @Activate
    public SignedBundleVerifier(BundleContext context, @Reference BundleTrustStore trust) {
        this(trust, workDirectory(context), Clock.systemUTC(), ArchiveLimits.DEFAULT);
    }

    /**
     * Creates a verifier.
     *
     * @param trust the trusted signer certificates
     * @param workDirectory where verified private copies of jars are kept
     * @param clock gives the time at which certificates must be valid
     * @param limits the archive bounds
     */
    public SignedBundleVerifier(
            BundleTrustStore trust, Path workDirectory, Clock clock, ArchiveLimits limits) {
        this.trust = trust;
        this.workDirectory = workDirectory;
        this.clock = clock;
        this.limits = limits;
    }

    private static Path workDirectory(BundleContext context) {
        File data = context.getDataFile("verified-bundles");
        return data != null
                ? data.toPath()
                : NodeProperties.dataDirectory(context::getProperty)
                        .resolve("superexe")
                        .resolve("verified-bundles");
    }

    /**
     * Verifies a private copy of the jar, so the file checked is the file later installed.
     *
     * @param jar the jar file; it is not modified
     * @return the verified bundle, whose file is the private copy; the caller deletes it when done
     * @throws VerificationException at the first check that fails
     */
    @Override
    public VerifiedBundle verify(Path jar) throws VerificationException {
        Path copy = copy(jar);
        try {
            VerifiedBundle verified = verifyCopy(copy);
            copy = null;
            return verified;
        } finally {
            if (copy != null) {
                deleteQuietly(copy);
            }
        }
    }

    private VerifiedBundle verifyCopy(Path copy) throws VerificationException {
        try (JarFile jar = new JarFile(copy.toFile(), true)) {
            CodeSigner signer = JarSignatures.singleSigner(jar, limits);
            X509Certificate leaf = SignerTrust.check(signer, trust, clock.instant());
            Manifest manifest = jar.getManifest();
            if (manifest == null) {
                throw new VerificationException(
                        Reason.MALFORMED_ARCHIVE, "the jar has no manifest");
            }
            Attributes main = manifest.getMainAttributes();
            return new VerifiedBundle(
                    symbolicName(main),
                    version(main),
                    copy,
                    leaf.getSubjectX500Principal().getName(),
                    SignerTrust.fingerprint(leaf));
        } catch (ZipException e) {
            throw new VerificationException(
                    Reason.MALFORMED_ARCHIVE, "not a readable jar: " + e.getMessage(), e);
        } catch (SecurityException e) {
            throw new VerificationException(
                    Reason.BAD_SIGNATURE, "the jar signature is invalid: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new VerificationException(
                    Reason.MALFORMED_ARCHIVE, "the jar cannot be read: " + e.getMessage(), e);
        }
    }

    private static String symbolicName(Attributes main) throws VerificationException {
        String header = main.getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (header == null || header.isBlank()) {
            throw new VerificationException(
                    Reason.MALFORMED_ARCHIVE, "not an OSGi bundle: no Bundle-SymbolicName header");
        }
        String name = header.split(";", 2)[0].trim();
        if (!SYMBOLIC_NAME.matcher(name).matches()) {
            throw new VerificationException(
                    Reason.MALFORMED_ARCHIVE, "malformed Bundle-SymbolicName: " + header);
        }
        return name;
    }

    private static String version(Attributes main) throws VerificationException {
        String header = main.getValue(Constants.BUNDLE_VERSION);
        try {
            return Version.parseVersion(header == null ? null : header.trim()).toString();
        } catch (IllegalArgumentException e) {
            throw new VerificationException(
                    Reason.MALFORMED_ARCHIVE, "malformed Bundle-Version: " + header, e);
        }
    }

    /** Copies at most the size limit, so a growing or huge file cannot fill the disk. */
    private Path copy(Path jar) throws VerificationException {
        Path copy = null;
        try {
            Files.createDirectories(workDirectory);
            copy = Files.createTempFile(workDirectory, "bundle-", ".jar");
            long total = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = Files.newInputStream(jar);
                    OutputStream out = Files.newOutputStream(copy)) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    total += n;
                    if (total > limits.maxJarBytes()) {
                        throw new VerificationException(
                                Reason.UNSAFE_ARCHIVE,
                                "the jar is larger than " + limits.maxJarBytes() + " bytes");
                    }
                    out.write(buffer, 0, n);
                }
            }
            Path done = copy;
            copy = null;
            return done;
        } catch (NoSuchFileException e) {
            throw new VerificationException(Reason.MALFORMED_ARCHIVE, "no such file: " + jar, e);
        } catch (IOException e) {
            throw new VerificationException(
                    Reason.MALFORMED_ARCHIVE, "cannot read " + jar + ": " + e.getMessage(), e);
        } finally {
            if (copy != null) {
                deleteQuietly(copy);
            }
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover private copy is harmless; it is never installed without verification.
        }
    }
}
