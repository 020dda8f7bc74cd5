// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.chain.LicenseStandard;
import io.elastos.api.chain.LicenseTerms;
import io.elastos.api.runtime.Capability;
import io.elastos.api.runtime.ResourceLimits;
import io.elastos.api.superexe.AppManifest;
import io.elastos.api.superexe.VerificationException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageRoundTripTest {
    @TempDir Path dir;

    private final PackageReader reader = new PackageReader(PackageLimits.DEFAULT);

    @Test
    void ed25519PackageReadsBack() throws Exception {
        roundTrip(Fixtures.ED_KEY);
    }

    @Test
    void walletPackageReadsBack() throws Exception {
        roundTrip(Fixtures.WALLET);
    }

    private void roundTrip(PublisherKey key) throws Exception {
        PackageBuilder b =
                Fixtures.builder(key)
                        .limits(new ResourceLimits(32L << 20, Duration.ofMillis(2500), 1024))
                        .license(
                                new LicenseTerms(
                                        1,
                                        "0x00000000000000000000000000000000000000AA",
                                        LicenseStandard.ERC4907,
                                        new BigInteger("123456789012345678901234567890"),
                                        "0x00000000000000000000000000000000000000BB",
                                        true));
        Path file = dir.resolve("app.wapp");
        b.write(file, key.sign(b.manifestBytes()));
        ReadPackage p = reader.read(file);
        AppManifest m = p.manifest();
        assertEquals(b.manifest(), m);
        assertEquals(key.did(), m.publisherDid());
        assertEquals(Set.of(Capability.of("storage.kv")), m.capabilities());
        assertEquals(Duration.ofMillis(2500), m.limits().wallClock());
        assertEquals(new BigInteger("123456789012345678901234567890"), m.license().tokenId());
        assertEquals("0x00000000000000000000000000000000000000bb", m.license().issuer());
        assertTrue(m.license().ownerMayRunWhileRented());
        assertArrayEquals(b.manifestBytes(), p.manifestBytes());
        assertEquals(Fixtures.content().keySet(), p.files().keySet());
        Fixtures.content().forEach((k, v) -> assertArrayEquals(v, p.files().get(k)));
        byte[] raw = Files.readAllBytes(file);
        assertEquals(raw.length, p.size());
        assertEquals(Hex.sha256Hex(raw), p.sha256());
    }

    @Test
    void buildIsDeterministicAndCanonical() {
        byte[] a = Fixtures.builder(Fixtures.ED_KEY).build(Fixtures.ED_KEY);
        byte[] b = Fixtures.builder(Fixtures.ED_KEY).build(Fixtures.ED_KEY);
        assertArrayEquals(a, b);
        String json =
                new String(
                        Fixtures.builder(Fixtures.ED_KEY).manifestBytes(), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\n  \"format\": 1,\n  \"id\": \"org.example.notes\""), json);
        assertTrue(json.endsWith("}\n"));
    }

    @Test
    void defaultsApplyWhenLimitsAndLicenseAreAbsent() throws Exception {
        String json =
                "{\"format\":1,\"id\":\"org.example.min\",\"name\":\"Min\",\"version\":\"0.1.0\","
                        + "\"publisher\":\""
                        + Fixtures.ED_KEY.did()
                        + "\",\"abi\":\"extism/1\",\"entry\":\"m.wasm\",\"capabilities\":[],"
                        + "\"files\":{\"m.wasm\":\""
                        + Hex.sha256Hex(Fixtures.WASM)
                        + "\"}}";
        byte[] manifest = json.getBytes(StandardCharsets.UTF_8);
        HostileZip z = new HostileZip();
        z.add("manifest.json", manifest);
        z.add("signature", Fixtures.ED_KEY.sign(manifest));
        z.add("m.wasm", Fixtures.WASM).method = 0;
        Path file = dir.resolve("min.wapp");
        Files.write(file, z.build());
        ReadPackage p = reader.read(file);
        assertEquals(ResourceLimits.DEFAULT, p.manifest().limits());
        assertNull(p.manifest().license());
        assertNull(p.manifest().ui());
    }

    @Test
    void directoriesAreIgnoredButTheirFilesMustBeListed() throws Exception {
        HostileZip z = Fixtures.template(Fixtures.ED_KEY);
        HostileZip.Entry d = z.add("ui/", new byte[0]);
        d.method = 0;
        d.external = 040755L << 16;
        Path file = dir.resolve("dirs.wapp");
        Files.write(file, z.build());
        assertEquals(3, reader.read(file).files().size());
    }

    @Test
    void javaJarToolStyleDataDescriptorsAreAccepted() throws Exception {
        // java.util.zip writes data descriptors for deflated entries: a hand-built package may too.
        PackageBuilder b = Fixtures.builder(Fixtures.WALLET);
        byte[] manifest = b.manifestBytes();
        Map<String, byte[]> all = new java.util.LinkedHashMap<>();
        all.put("manifest.json", manifest);
        all.put("signature", Fixtures.WALLET.sign(manifest));
        all.putAll(Fixtures.content());
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : all.entrySet()) {
                out.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        Path file = dir.resolve("jdk.wapp");
        Files.write(file, bytes.toByteArray());
        assertEquals(3, reader.read(file).files().size());
    }

    @Test
    void fromDirectoryHashesEveryFile() throws Exception {
        Path app = Files.createDirectory(dir.resolve("app"));
        Files.createDirectory(app.resolve("ui"));
        Fixtures.content().forEach((k, v) -> write(app.resolve(k), v));
        String template =
                "{\"format\": 1, \"id\": \"org.example.notes\", \"name\": \"Notes\","
                        + " \"version\": \"1.0.0\", \"publisher\": \""
                        + Fixtures.ED_KEY.did()
                        + "\", \"abi\": \"extism/1\", \"entry\": \"plugin.wasm\", \"ui\": \"ui\","
                        + " \"capabilities\": [\"storage.kv\"]}";
        write(app.resolve("manifest.json"), template.getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve("notes.wapp");
        Files.write(out, PackageBuilder.fromDirectory(app).build(Fixtures.ED_KEY));
        assertEquals(3, reader.read(out).manifest().files().size());
    }

    @Test
    void publicApiAndStorageSurviveSigningAndBadOnesAreRefused() throws Exception {
        Path app = Files.createDirectory(dir.resolve("frame"));
        Files.createDirectory(app.resolve("ui"));
        Fixtures.content().forEach((k, v) -> write(app.resolve(k), v));
        String head =
                "{\"format\": 1, \"id\": \"org.example.frame\", \"name\": \"Frame\","
                        + " \"version\": \"1.0.0\", \"publisher\": \""
                        + Fixtures.ED_KEY.did()
                        + "\", \"abi\": \"extism/1\", \"entry\": \"plugin.wasm\", \"ui\": \"ui\","
                        + " \"capabilities\": [],";
        write(
                app.resolve("manifest.json"),
                (head + " \"publicApi\": [\"frame/\"], \"limits\": {\"storageMiB\": 4096}}")
                        .getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve("frame.wapp");
        Files.write(out, PackageBuilder.fromDirectory(app).build(Fixtures.ED_KEY));
        AppManifest m = reader.read(out).manifest();
        assertEquals(java.util.List.of("frame/"), m.publicApi());
        assertEquals(4096, m.storageMiB());
        assertTrue(m.isPublicApi("frame/feed"));
        assertTrue(!m.isPublicApi("frames") && !m.isPublicApi("frame/../admin"));
        assertTrue(!m.isPublicApi("notes/1"));
        for (String bad :
                new String[] {
                    "\"publicApi\": [\"/frame/\"]}",
                    "\"publicApi\": [\"\"]}",
                    "\"publicApi\": [\"../x/\"]}",
                    "\"publicApi\": \"frame/\"}",
                    "\"limits\": {\"storageMiB\": 99999999}}"
                }) {
            write(
                    app.resolve("manifest.json"),
                    (head + " " + bad).getBytes(StandardCharsets.UTF_8));
            assertThrows(VerificationException.class, () -> PackageBuilder.fromDirectory(app), bad);
        }
    }

    @Test
    void builderRefusesAKeyThatIsNotThePublisher() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Fixtures.builder(Fixtures.ED_KEY).build(Fixtures.WALLET));
    }

    @Test
    void missingPackageFileIsMalformed() {
        VerificationException e =
                assertThrows(VerificationException.class, () -> reader.read(dir.resolve("nope")));
        assertEquals(VerificationException.Reason.MALFORMED_ARCHIVE, e.reason());
    }

    private static void write(Path p, byte[] b) {
        try {
            Files.write(p, b);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
