// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.bundles;

import io.elastos.api.superexe.VerificationException;
import io.elastos.api.superexe.VerificationException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.security.CodeSigner;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Reads every entry of a jar opened for verification and finds the one signer that covers all of
 * its content, rejecting unsafe names, oversized content, tampered and unsigned entries.
 */
final class JarSignatures {

    private JarSignatures() {}

    /**
     * Checks the jar and returns its single signer.
     *
     * @param jar a jar opened with verification on
     * @param limits the archive bounds
     * @return the signer of every content entry
     * @throws VerificationException at the first entry that fails a check
     */
    static CodeSigner singleSigner(JarFile jar, ArchiveLimits limits) throws VerificationException {
        if (jar.size() > limits.maxEntries()) {
            throw new VerificationException(
                    Reason.UNSAFE_ARCHIVE,
                    "the jar has " + jar.size() + " entries; at most " + limits.maxEntries());
        }
        List<JarEntry> entries = readAll(jar, limits);
        Certificate signerCert = null;
        CodeSigner signer = null;
        String unsigned = null;
        for (JarEntry entry : entries) {
            String name = entry.getName();
            if (entry.isDirectory() || isSignatureFile(name)) {
                continue;
            }
            CodeSigner[] signers = entry.getCodeSigners();
            if (signers == null || signers.length == 0) {
                unsigned = unsigned == null ? name : unsigned;
                continue;
            }
            Set<Certificate> leaves = new LinkedHashSet<>();
            for (CodeSigner s : signers) {
                leaves.add(s.getSignerCertPath().getCertificates().get(0));
            }
            if (leaves.size() > 1) {
                throw new VerificationException(
                        Reason.BAD_SIGNATURE,
                        "entry "
                                + name
                                + " is signed by "
                                + leaves.size()
                                + " different signers;"
                                + " a bundle must have exactly one");
            }
            Certificate leaf = leaves.iterator().next();
            if (signerCert == null) {
                signerCert = leaf;
                signer = signers[0];
            } else if (!signerCert.equals(leaf)) {
                throw new VerificationException(
                        Reason.BAD_SIGNATURE,
                        "entry "
                                + name
                                + " is signed by a different signer than the rest of the"
                                + " jar; a bundle must have exactly one");
            }
        }
        if (signer == null) {
            throw new VerificationException(Reason.UNSIGNED, "the jar is not signed");
        }
        if (unsigned != null) {
            throw new VerificationException(
                    Reason.BAD_SIGNATURE,
                    "entry " + unsigned + " is not signed (was it added after signing?)");
        }
        return signer;
    }

    /**
     * Reading an entry to its end is what makes {@link JarFile} check its digest and attach its
     * signers; a mismatch surfaces as a {@link SecurityException}.
     */
    private static List<JarEntry> readAll(JarFile jar, ArchiveLimits limits)
            throws VerificationException {
        List<JarEntry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        for (JarEntry entry : Collections.list(jar.entries())) {
            String name = entry.getName();
            checkName(name);
            if (!names.add(name)) {
                throw new VerificationException(
                        Reason.UNSAFE_ARCHIVE, "entry " + name + " appears twice");
            }
            if (entries.size() >= limits.maxEntries()) {
                throw new VerificationException(Reason.UNSAFE_ARCHIVE, "too many entries");
            }
            long size = 0;
            try (InputStream in = jar.getInputStream(entry)) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    size += n;
                    total += n;
                    if (total > limits.maxUncompressedBytes()) {
                        throw new VerificationException(
                                Reason.UNSAFE_ARCHIVE,
                                "the jar expands to more than "
                                        + limits.maxUncompressedBytes()
                                        + " bytes at entry "
                                        + name);
                    }
                }
            } catch (SecurityException e) {
                throw tampered(name, e);
            } catch (IOException e) {
                throw new VerificationException(
                        Reason.MALFORMED_ARCHIVE, "entry " + name + " cannot be read", e);
            }
            if (entry.isDirectory() && size > 0) {
                throw new VerificationException(
                        Reason.UNSAFE_ARCHIVE, "directory entry " + name + " has content");
            }
            entries.add(entry);
        }
        return entries;
    }

    private static VerificationException tampered(String name, SecurityException e) {
        String message = String.valueOf(e.getMessage());
        boolean digest = message.toLowerCase(Locale.ROOT).contains("digest error");
        return new VerificationException(
                digest ? Reason.HASH_MISMATCH : Reason.BAD_SIGNATURE,
                (digest
                                ? "entry " + name + " was changed after signing: "
                                : "bad signature at " + name + ": ")
                        + message,
                e);
    }

    /** Names that could escape a folder if the jar were ever extracted, or confuse tools. */
    static void checkName(String name) throws VerificationException {
        boolean bad =
                name.isEmpty()
                        || name.startsWith("/")
                        || name.indexOf('\\') >= 0
                        || name.indexOf('\0') >= 0
                        || (name.length() > 1 && name.charAt(1) == ':');
        for (String part : name.split("/", -1)) {
            bad |= part.equals("..") || part.equals(".");
        }
        if (bad) {
            throw new VerificationException(
                    Reason.UNSAFE_ARCHIVE, "unsafe entry name: " + printable(name));
        }
    }

    private static String printable(String name) {
        return name.replace("\0", "\\0");
    }

    /**
     * The files jarsigner writes, which cannot sign themselves: the manifest (its signed parts are
     * checked through the signature file) and the signature files directly in META-INF.
     */
    static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', 9) >= 0) {
            return false;
        }
        String file = upper.substring(9);
        return file.equals("MANIFEST.MF")
                || file.endsWith(".SF")
                || file.endsWith(".RSA")
                || file.endsWith(".DSA")
                || file.endsWith(".EC")
                || file.startsWith("SIG-");
    }
}
