// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import io.elastos.api.identity.Did;
import io.elastos.api.superexe.AppManifest;
import io.elastos.api.superexe.VerificationException;
import io.elastos.api.superexe.VerificationException.Reason;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and statically verifies a {@code .wapp} package: safe zip, strict manifest, publisher
 * signature, then every file against its hash; trust, version and license are the installer's.
 */
public final class PackageReader {
    private final SafeZipReader zip;

    /**
     * Creates a reader.
     *
     * @param limits the bounds on the package; {@link PackageLimits#DEFAULT} in the node
     */
    public PackageReader(PackageLimits limits) {
        this.zip = new SafeZipReader(Objects.requireNonNull(limits, "limits"));
    }

    /**
     * Reads a package, fail-closed, at the first check that fails. Nothing is written anywhere.
     *
     * @param wapp the package file
     * @return the package's manifest and content
     * @throws VerificationException with the reason of the first failed check
     */
    public ReadPackage read(Path wapp) throws VerificationException {
        byte[] raw = zip.load(wapp);
        return read(raw);
    }

    /** Reads a package held in memory; the same checks as {@link #read(Path)}. */
    ReadPackage read(byte[] raw) throws VerificationException {
        String sha256 = Hex.sha256Hex(raw);
        Map<String, byte[]> entries = zip.entries(raw);
        byte[] manifestBytes = entries.get(AppManifest.MANIFEST_FILE);
        if (manifestBytes == null) {
            throw new VerificationException(
                    Reason.INVALID_MANIFEST, "manifest.json: missing from the package");
        }
        AppManifest manifest = ManifestCodec.parse(manifestBytes);
        SignatureVerifier.verify(
                manifest.publisherDid(), manifestBytes, entries.get(AppManifest.SIGNATURE_FILE));
        for (String name : entries.keySet()) {
            if (!name.equals(AppManifest.MANIFEST_FILE)
                    && !name.equals(AppManifest.SIGNATURE_FILE)
                    && !name.equals(AppManifest.ENDORSEMENT_FILE)
                    && !manifest.files().containsKey(name)) {
                throw new VerificationException(
                        Reason.UNLISTED_FILE,
                        "file " + ZipNames.printable(name) + " is not listed in manifest.json");
            }
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<String, String> listed : manifest.files().entrySet()) {
            String path = listed.getKey();
            byte[] content = entries.get(path);
            if (content == null) {
                throw new VerificationException(
                        Reason.MISSING_FILE,
                        "file " + ZipNames.printable(path) + " is listed but not in the package");
            }
            byte[] expected = Hex.parse(listed.getValue());
            if (!MessageDigest.isEqual(expected, Hex.sha256(content))) {
                throw new VerificationException(
                        Reason.HASH_MISMATCH,
                        "file " + ZipNames.printable(path) + " does not match its SHA-256");
            }
            files.put(path, content);
        }
        Did endorsedBy =
                Endorsement.verify(entries.get(AppManifest.ENDORSEMENT_FILE), manifestBytes);
        return new ReadPackage(manifest, manifestBytes, files, sha256, raw.length, endorsedBy);
    }
}
