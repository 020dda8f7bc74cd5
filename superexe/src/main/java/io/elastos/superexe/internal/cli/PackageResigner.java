// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import io.elastos.api.superexe.AppManifest;
import io.elastos.json.JsonException;
import io.elastos.json.JsonReader;
import io.elastos.superexe.internal.pkg.PackageLimits;
import io.elastos.superexe.internal.pkg.PublisherKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Replaces the {@code signature} of an existing package, keeping the exact manifest bytes and every
 * other file; the caller verifies the result with the node's reader before keeping it.
 */
final class PackageResigner {
    private static final LocalDateTime DOS_EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    private PackageResigner() {}

    /**
     * Re-signs a package.
     *
     * @param pkg the package file
     * @param key the publisher's key, whose DID must be the manifest's {@code publisher}
     * @return the new package bytes
     * @throws IOException if the package cannot be read, or names another publisher
     */
    static byte[] resign(Path pkg, PublisherKey key) throws IOException {
        PackageLimits limits = PackageLimits.DEFAULT;
        if (Files.size(pkg) > limits.maxPackageBytes()) {
            throw new IOException(pkg + " is larger than " + limits.maxPackageBytes() + " bytes");
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(pkg.toFile())) {
            long total = 0;
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                byte[] data = read(zip, entry, limits.maxEntryBytes());
                total += data.length;
                if (total > limits.maxTotalBytes() || entries.size() >= limits.maxEntries()) {
                    throw new IOException(pkg + " exceeds the package limits");
                }
                if (entries.put(entry.getName(), data) != null) {
                    throw new IOException(pkg + " holds " + entry.getName() + " twice");
                }
            }
        }
        byte[] manifest = entries.remove(AppManifest.MANIFEST_FILE);
        if (manifest == null) {
            throw new IOException(pkg + " has no " + AppManifest.MANIFEST_FILE);
        }
        entries.remove(AppManifest.SIGNATURE_FILE);
        Object publisher;
        try {
            publisher =
                    JsonReader.parse(manifest, JsonReader.Limits.MANIFEST) instanceof Map<?, ?> m
                            ? m.get("publisher")
                            : null;
        } catch (JsonException e) {
            throw new IOException("manifest.json is not valid JSON: " + e.getMessage());
        }
        if (!key.did().value().equals(publisher)) {
            throw new IOException(
                    "the package's publisher is "
                            + publisher
                            + " but the key is "
                            + key.did()
                            + "; rebuild it with that publisher, or sign with the publisher's key");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            add(zip, AppManifest.MANIFEST_FILE, manifest);
            add(zip, AppManifest.SIGNATURE_FILE, key.sign(manifest));
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                add(zip, e.getKey(), e.getValue());
            }
        }
        return out.toByteArray();
    }

    private static byte[] read(ZipFile zip, ZipEntry entry, long max) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 64, max + 1));
            if (data.length > max) {
                throw new IOException(entry.getName() + " is larger than " + max + " bytes");
            }
            return data;
        }
    }

    /** Adds an entry, stored when deflating would not help or would look like a bomb. */
    private static void add(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(DOS_EPOCH);
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(data);
        d.finish();
        byte[] buf = new byte[8192];
        long deflated = 0;
        while (!d.finished()) {
            deflated += d.deflate(buf);
        }
        d.end();
        boolean store =
                deflated >= data.length
                        || deflated * PackageLimits.DEFAULT.maxRatio() < data.length;
        if (store) {
            CRC32 crc = new CRC32();
            crc.update(data);
            e.setMethod(ZipEntry.STORED);
            e.setSize(data.length);
            e.setCompressedSize(data.length);
            e.setCrc(crc.getValue());
        } else {
            e.setMethod(ZipEntry.DEFLATED);
        }
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
