// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the EIP-191 code against the ethers library that real wallets and dapps use. */
class EthersInteropTest {
    private static final Path JS = Path.of("src", "test", "js").toAbsolutePath();
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\"(0x[0-9a-fA-F]+)\"");

    @TempDir Path dir;

    @BeforeAll
    static void nodeAndEthers() throws Exception {
        boolean node;
        try {
            node = run(List.of("node", "--version"), JS, 30).startsWith("v");
        } catch (IOException e) {
            node = false;
        }
        if (!node) {
            // CI has node: missing it there is a broken build, not a reason to skip.
            if (System.getenv("CI") != null) {
                fail("node is not on PATH but CI is set");
            }
            Assumptions.abort("node is not on PATH; the fixed vectors in SignatureTest still run");
        }
        if (!Files.isDirectory(JS.resolve("node_modules").resolve("ethers"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), JS, 300);
        }
    }

    @Test
    void ethersSignaturesVerifyAndOursMatchThem() throws Exception {
        for (int i = 0; i < 6; i++) {
            BigInteger key =
                    new BigInteger(
                            1, Hex.sha256(("ethers key " + i).getBytes(StandardCharsets.UTF_8)));
            PublisherKey wallet =
                    new PublisherKey(PublisherKey.Type.SECP256K1, Fixtures.fixed32(key), 1);
            byte[] manifest =
                    Fixtures.builder(wallet)
                            .file("extra/n.txt", new byte[] {(byte) i})
                            .manifestBytes();
            Path file = dir.resolve("manifest-" + i + ".json");
            Files.write(file, manifest);

            String out =
                    run(
                            List.of(
                                    "node",
                                    "eip191-sign.mjs",
                                    "0x" + Hex.of(Fixtures.fixed32(key)),
                                    file.toString()),
                            JS,
                            60);
            String address = field(out, "address").toLowerCase(Locale.ROOT);
            byte[] ethersSig = Hex.parse(field(out, "signature").substring(2));

            assertEquals(address, PackageSigner.ethereumAddress(key));
            assertEquals(Optional.of(address), Eip191.recoverAddress(manifest, ethersSig));
            SignatureVerifier.verify(wallet.did(), manifest, ethersSig);
            byte[] ours = PackageSigner.signEip191(key, manifest);
            assertArrayEquals(ethersSig, ours, "RFC 6979 makes both signatures identical");

            String recovered =
                    run(
                            List.of(
                                    "node",
                                    "eip191-recover.mjs",
                                    "0x" + Hex.of(ours),
                                    file.toString()),
                            JS,
                            60);
            assertEquals(address, recovered.strip().toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void knownVectorMatchesEthers() throws Exception {
        Path file = dir.resolve("some-data");
        Files.writeString(file, "Some data");
        String out =
                run(
                        List.of(
                                "node",
                                "eip191-sign.mjs",
                                "0x" + Fixtures.WALLET_KEY.toString(16),
                                file.toString()),
                        JS,
                        60);
        assertEquals(SignatureTest.KNOWN_ADDRESS, field(out, "address").toLowerCase(Locale.ROOT));
        assertEquals("0x" + SignatureTest.KNOWN_SIGNATURE, field(out, "signature"));
    }

    private static String field(String json, String name) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new AssertionError("no " + name + " in " + json);
    }

    private static String run(List<String> command, Path cwd, int seconds)
            throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder(new ArrayList<>(command))
                        .directory(cwd.toFile())
                        .redirectErrorStream(true)
                        .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "timed out: " + command);
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), command + " failed: " + text);
        return text;
    }
}
