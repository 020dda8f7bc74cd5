// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.superexe.internal.pkg.KeyFiles;
import io.elastos.superexe.internal.pkg.PackageLimits;
import io.elastos.superexe.internal.pkg.PackageReader;
import io.elastos.superexe.internal.pkg.ReadPackage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests the offline package commands: keygen, pack, sign and verify. */
class PackageCommandsTest {
    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "eth"})
    void keygenPackVerifyRoundTrip(String type) throws Exception {
        Path key = tmp.resolve("key");
        CliRun k = CliRun.run("keygen", "--type", type, "--out", key.toString());
        assertEquals(0, k.code(), k.err());
        String did = k.out().strip();
        assertTrue(did.startsWith(type.equals("eth") ? "did:pkh:eip155:1:0x" : "did:key:z6Mk"));
        assertEquals(
                "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals(did, KeyFiles.load(key).did().value());

        Path app = CliRun.sampleApp(tmp.resolve("app"), null, "1.0.0");
        Path wapp = tmp.resolve("hello.wapp");
        CliRun p =
                CliRun.run(
                        "pack", app.toString(), "--key", key.toString(), "--out", wapp.toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.out().contains("packed org.example.hello 1.0.0"), p.out());

        ReadPackage read = new PackageReader(PackageLimits.DEFAULT).read(wapp);
        assertEquals(did, read.manifest().publisherDid().value());

        CliRun v = CliRun.run("verify", wapp.toString());
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().contains("org.example.hello"), v.out());
        assertTrue(v.out().contains("Hello"));
        assertTrue(v.out().contains("1.0.0"));
        assertTrue(v.out().contains(did));
        assertTrue(v.out().contains("net.fetch:api.example.com, storage.kv"), v.out());
        assertTrue(v.out().matches("(?s).*files\\s+2\n.*"), v.out());
        assertTrue(v.out().contains(read.sha256()));
    }

    @Test
    void ethKeyOnAnotherChain() {
        Path key = tmp.resolve("key");
        CliRun k =
                CliRun.run("keygen", "--type", "eth", "--chain-id", "20", "--out", key.toString());
        assertEquals(0, k.code(), k.err());
        assertTrue(k.out().startsWith("did:pkh:eip155:20:0x"), k.out());
    }

    @Test
    void keygenNeverOverwrites() throws IOException {
        Path key = tmp.resolve("key");
        Files.writeString(key, "precious");
        CliRun k = CliRun.run("keygen", "--out", key.toString());
        assertEquals(1, k.code());
        assertTrue(k.err().contains("already exists"), k.err());
        assertEquals("precious", Files.readString(key));
    }

    @Test
    void packKeepsAMatchingPublisherAndRefusesAnother() throws Exception {
        Path key = key("key");
        String did = KeyFiles.load(key).did().value();
        Path app = CliRun.sampleApp(tmp.resolve("app"), did, "1.0.0");
        Path wapp = tmp.resolve("a.wapp");
        assertEquals(
                0,
                CliRun.run(
                                "pack",
                                app.toString(),
                                "--key",
                                key.toString(),
                                "--out",
                                wapp.toString())
                        .code());

        Path other = key("other");
        CliRun bad =
                CliRun.run(
                        "pack",
                        app.toString(),
                        "--key",
                        other.toString(),
                        "--out",
                        tmp.resolve("b.wapp").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("publisher"), bad.err());
        assertFalse(Files.exists(tmp.resolve("b.wapp")));
    }

    @Test
    void packRefusesToOverwriteWithoutForce() throws Exception {
        Path key = key("key");
        Path app = CliRun.sampleApp(tmp.resolve("app"), null, "1.0.0");
        Path wapp = tmp.resolve("a.wapp");
        String[] args = {"pack", app.toString(), "--key", key.toString(), "--out", wapp.toString()};
        assertEquals(0, CliRun.run(args).code());
        assertEquals(1, CliRun.run(args).code());
        String[] forced = {
            "pack", app.toString(), "--key", key.toString(), "--out", wapp.toString(), "--force"
        };
        assertEquals(0, CliRun.run(forced).code());
    }

    @Test
    void packReportsAnInvalidManifest() throws Exception {
        Path key = key("key");
        Path app = CliRun.sampleApp(tmp.resolve("app"), null, "1.0.0");
        Files.writeString(
                app.resolve("manifest.json"),
                Files.readString(app.resolve("manifest.json")).replace("1.0.0", "one"));
        CliRun p =
                CliRun.run(
                        "pack",
                        app.toString(),
                        "--key",
                        key.toString(),
                        "--out",
                        tmp.resolve("x.wapp").toString());
        assertEquals(1, p.code());
        assertTrue(p.err().contains("INVALID_MANIFEST"), p.err());
    }

    @Test
    void verifyNamesTheReasonOfATamperedPackage() throws Exception {
        Path wapp = packed();
        // A changed file with a consistent zip: the manifest hash no longer matches.
        Path changed =
                rezip(
                        wapp,
                        tmp.resolve("changed.wapp"),
                        m -> {
                            m.put("plugin.wasm", new byte[] {0, 'a', 's', 'm', 1, 0, 0, 1});
                            return m;
                        });
        CliRun v = CliRun.run("verify", changed.toString());
        assertEquals(1, v.code());
        assertTrue(v.err().contains("HASH_MISMATCH"), v.err());

        Path unlisted =
                rezip(
                        wapp,
                        tmp.resolve("unlisted.wapp"),
                        m -> {
                            m.put("extra.txt", "x".getBytes(StandardCharsets.UTF_8));
                            return m;
                        });
        assertTrue(CliRun.run("verify", unlisted.toString()).err().contains("UNLISTED_FILE"));

        Path forged =
                rezip(
                        wapp,
                        tmp.resolve("forged.wapp"),
                        m -> {
                            byte[] sig = m.get("signature").clone();
                            sig[0] ^= 1;
                            m.put("signature", sig);
                            return m;
                        });
        CliRun f = CliRun.run("verify", forged.toString());
        assertEquals(1, f.code());
        assertTrue(f.err().contains("BAD_SIGNATURE"), f.err());

        byte[] raw = Files.readAllBytes(wapp);
        raw[raw.length / 2] ^= 0x55;
        Path flipped = Files.write(tmp.resolve("flipped.wapp"), raw);
        CliRun x = CliRun.run("verify", flipped.toString());
        assertEquals(1, x.code());
        assertTrue(x.err().matches("(?s).*verify refused: [A-Z_]+: .*"), x.err());
    }

    @Test
    void signReplacesTheSignatureOfAForeignPackage() throws Exception {
        Path wapp = packed();
        Path key = tmp.resolve("key");
        Path unsigned =
                rezip(
                        wapp,
                        tmp.resolve("unsigned.wapp"),
                        m -> {
                            m.remove("signature");
                            return m;
                        });
        CliRun before = CliRun.run("verify", unsigned.toString());
        assertEquals(1, before.code());
        assertTrue(before.err().contains("UNSIGNED"), before.err());

        CliRun s = CliRun.run("sign", unsigned.toString(), "--key", key.toString());
        assertEquals(0, s.code(), s.err());
        assertEquals(0, CliRun.run("verify", unsigned.toString()).code());
        ReadPackage original = new PackageReader(PackageLimits.DEFAULT).read(wapp);
        ReadPackage resigned = new PackageReader(PackageLimits.DEFAULT).read(unsigned);
        assertArrayEquals(original.manifestBytes(), resigned.manifestBytes());

        Path other = key("other");
        CliRun wrong =
                CliRun.run(
                        "sign",
                        wapp.toString(),
                        "--key",
                        other.toString(),
                        "--out",
                        tmp.resolve("w.wapp").toString());
        assertEquals(1, wrong.code());
        assertTrue(wrong.err().contains("publisher"), wrong.err());
        assertFalse(Files.exists(tmp.resolve("w.wapp")));
    }

    @Test
    void badUsageExitsTwo() {
        assertEquals(2, CliRun.run().code());
        assertEquals(2, CliRun.run("frobnicate").code());
        CliRun noKey = CliRun.run("pack", tmp.toString());
        assertEquals(2, noKey.code());
        assertTrue(noKey.err().contains("--key is required"), noKey.err());
        assertTrue(noKey.err().contains("usage: elastos app pack"), noKey.err());
        assertEquals(2, CliRun.run("keygen").code());
        assertEquals(2, CliRun.run("keygen", "--type", "rsa", "--out", "k").code());
        assertEquals(2, CliRun.run("keygen", "--chain-id", "5", "--out", "k").code());
        assertEquals(2, CliRun.run("verify").code());
        assertEquals(2, CliRun.run("verify", "a", "b").code());
        assertEquals(2, CliRun.run("verify", "--bogus", "a").code());
        assertEquals(2, CliRun.run("list", "--limit", "3").code());
        assertEquals(2, CliRun.run("audit", "--limit", "zero").code());
        assertEquals(2, CliRun.run("show").code());
        assertEquals(2, CliRun.run("grant", "org.example.hello").code());
    }

    @Test
    void helpExitsZero() {
        CliRun h = CliRun.run("help");
        assertEquals(0, h.code());
        assertTrue(h.out().contains("keygen") && h.out().contains("audit"), h.out());
        CliRun one = CliRun.run("install", "--help");
        assertEquals(0, one.code());
        assertTrue(one.out().startsWith("usage: elastos app install"), one.out());
        assertTrue(one.out().contains("--node URL"));
        assertEquals(0, CliRun.run("help", "verify").code());
        assertEquals(0, CliRun.run("--help").code());
    }

    private Path key(String name) {
        Path key = tmp.resolve(name);
        assertEquals(0, CliRun.run("keygen", "--out", key.toString()).code());
        return key;
    }

    private Path packed() throws IOException {
        Path key = key("key");
        Path app = CliRun.sampleApp(tmp.resolve("app"), null, "1.0.0");
        Path wapp = tmp.resolve("hello.wapp");
        CliRun p =
                CliRun.run(
                        "pack", app.toString(), "--key", key.toString(), "--out", wapp.toString());
        assertEquals(0, p.code(), p.err());
        return wapp;
    }

    /** Rewrites a package's entries with the JDK zip writer after changing them. */
    static Path rezip(Path from, Path to, UnaryOperator<Map<String, byte[]>> change)
            throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(from.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                entries.put(entry.getName(), zip.getInputStream(entry).readAllBytes());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : change.apply(entries).entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return Files.write(to, out.toByteArray());
    }
}
