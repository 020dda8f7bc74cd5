// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.storage.AppScope;
import io.elastos.runtime.internal.sandbox.InMemoryScopeStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Zip files in an app scope: listed from the central directory, unpacked checked, or refused. */
class ScopeZipTest {

    private final AppScope scope = new InMemoryScopeStore().open("org.x.zip");

    private static byte[] zip(boolean stored, String... namesAndContents) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] data = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                ZipEntry e = new ZipEntry(namesAndContents[i]);
                if (stored) {
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(data.length);
                    e.setCrc(crc.getValue());
                }
                z.putNextEntry(e);
                z.write(data);
                z.closeEntry();
            }
        }
        return b.toByteArray();
    }

    @Test
    void listsAndUnpacksDeflatedAndStoredEntries() throws Exception {
        String xml = "<HealthData>" + "<Record type=\"x\"/>".repeat(5000) + "</HealthData>";
        scope.writeFile(
                "in/export.zip",
                zip(
                        false,
                        "apple_health_export/export.xml",
                        xml,
                        "apple_health_export/export_cda.xml",
                        "cda"));
        ScopeZip z = new ScopeZip(scope, "in/export.zip");
        assertEquals(
                List.of("apple_health_export/export.xml", "apple_health_export/export_cda.xml"),
                z.entries().stream().map(ScopeZip.Entry::name).toList());
        assertEquals(xml.length(), z.extract("apple_health_export/export.xml", "work/export.xml"));
        assertEquals(
                xml,
                new String(
                        scope.readFile("work/export.xml").orElseThrow(), StandardCharsets.UTF_8));
        assertEquals(-1, z.extract("nope.xml", "work/nope.xml"));

        scope.writeFile("in/stored.zip", zip(true, "a.txt", "plain bytes"));
        assertEquals(11, new ScopeZip(scope, "in/stored.zip").extract("a.txt", "out/a.txt"));
        assertArrayEquals(
                "plain bytes".getBytes(StandardCharsets.UTF_8),
                scope.readFile("out/a.txt").orElseThrow());
    }

    @Test
    void aDamagedEntryIsRefusedAndNothingIsLeft() throws Exception {
        byte[] z = zip(true, "a.txt", "some stored content here");
        // Flip a byte of the stored data: the CRC-32 no longer matches.
        int at = new String(z, StandardCharsets.ISO_8859_1).indexOf("some stored");
        z[at] ^= 1;
        scope.writeFile("bad.zip", z);
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> new ScopeZip(scope, "bad.zip").extract("a.txt", "out.txt"));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        assertTrue(scope.readFile("out.txt").isEmpty());
    }

    @Test
    void notAZipOrAnEntryLargerThanDeclaredIsRefused() throws Exception {
        byte[] noise = new byte[100_000];
        new Random(3).nextBytes(noise);
        scope.writeFile("noise.zip", noise);
        assertThrows(IOException.class, () -> new ScopeZip(scope, "noise.zip").entries());

        // A directory claiming 10 bytes for an entry that inflates to far more (a zip bomb).
        byte[] z = zip(false, "big.txt", "A".repeat(100_000));
        byte[] cd = "PK\u0001\u0002".getBytes(StandardCharsets.ISO_8859_1);
        int dir =
                new String(z, StandardCharsets.ISO_8859_1)
                        .indexOf(new String(cd, StandardCharsets.ISO_8859_1));
        z[dir + 24] = 10;
        z[dir + 25] = 0;
        z[dir + 26] = 0;
        z[dir + 27] = 0;
        scope.writeFile("bomb.zip", z);
        // The overflow surfaces through the storage write that reads the stream.
        Exception e =
                assertThrows(
                        Exception.class,
                        () -> new ScopeZip(scope, "bomb.zip").extract("big.txt", "big.txt"));
        assertTrue(e.getMessage().contains("declared size"), e.getMessage());
        assertTrue(scope.readFile("big.txt").isEmpty());
    }
}
