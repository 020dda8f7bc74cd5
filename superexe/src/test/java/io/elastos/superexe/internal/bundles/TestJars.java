// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.bundles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import jdk.security.jarsigner.JarSigner;

/** Builds small bundle jars and signs them with the JDK's own jarsigner API. */
final class TestJars {

    private TestJars() {}

    /** Writes a bundle with the given manifest headers (a null symbolic name leaves it out). */
    static Path bundle(
            Path file,
            String symbolicName,
            String version,
            Map<String, String> headers,
            Map<String, String> entries)
            throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        if (symbolicName != null) {
            main.putValue("Bundle-SymbolicName", symbolicName);
        }
        main.putValue("Bundle-Version", version);
        headers.forEach(main::putValue);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return file;
    }

    static Path bundle(Path file, String symbolicName, String version) throws IOException {
        return bundle(
                file,
                symbolicName,
                version,
                Map.of(),
                Map.of("io/example/info.txt", symbolicName + " " + version));
    }

    /** Signs {@code jar} into a new file next to it. */
    static Path sign(Path jar, TestPki.Identity signer, String signerName) throws Exception {
        Path signed = jar.resolveSibling(jar.getFileName() + "." + signerName + ".jar");
        JarSigner jarSigner =
                new JarSigner.Builder(
                                signer.key(),
                                CertificateFactory.getInstance("X.509")
                                        .generateCertPath(signer.chain()))
                        .signerName(signerName)
                        .digestAlgorithm("SHA-256")
                        .build();
        try (ZipFile in = new ZipFile(jar.toFile());
                OutputStream out = Files.newOutputStream(signed)) {
            jarSigner.sign(in, out);
        }
        return signed;
    }

    static Path sign(Path jar, TestPki.Identity signer) throws Exception {
        return sign(jar, signer, "SIGNER");
    }

    /** Copies a jar, adding one entry at the end, as someone would after it was signed. */
    static Path withEntry(Path jar, String name, String content) throws IOException {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put(name, content);
        return rewrite(jar, "added", n -> null, extra);
    }

    /** Copies a jar, replacing the content of one entry. */
    static Path withChangedEntry(Path jar, String name, UnaryOperator<String> change)
            throws IOException {
        return rewrite(jar, "changed", n -> n.equals(name) ? change : null, Map.of());
    }

    private static Path rewrite(
            Path jar,
            String suffix,
            Function<String, UnaryOperator<String>> changes,
            Map<String, String> extra)
            throws IOException {
        Path out = jar.resolveSibling(jar.getFileName() + "." + suffix + ".jar");
        try (ZipFile in = new ZipFile(jar.toFile());
                ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry entry : Collections.list(in.entries())) {
                byte[] data;
                try (InputStream is = in.getInputStream(entry)) {
                    data = is.readAllBytes();
                }
                UnaryOperator<String> change = changes.apply(entry.getName());
                if (change != null) {
                    data =
                            change.apply(new String(data, StandardCharsets.UTF_8))
                                    .getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(entry.getName()));
                zip.write(data);
                zip.closeEntry();
            }
            for (Map.Entry<String, String> e : extra.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out;
    }
}
