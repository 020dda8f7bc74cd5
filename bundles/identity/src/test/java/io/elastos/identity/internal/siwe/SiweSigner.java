// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.siwe;

import io.elastos.json.JsonException;
import io.elastos.json.JsonReader;
import io.elastos.json.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Builds and signs SIWE messages with the reference npm packages ({@code siwe} and an {@code
 * ethers} Wallet) by running {@code src/test/js/siwe-sign.mjs}, so that the verifier is tested
 * against what real dapps and wallets produce. Runs {@code npm ci} there first when the packages
 * are missing or older than the lock file.
 *
 * <p>Without Node.js the calling test is aborted, or fails when the {@code CI} environment variable
 * is set.
 */
final class SiweSigner {

    /** A signed message as the script printed it. */
    record Signed(String message, byte[] signature, String signer) {

        /** The signature as 0x hex, for contract calls. */
        String signatureHex() {
            return "0x" + HexFormat.of().formatHex(signature);
        }
    }

    private static final Path JS_DIR = Path.of("src", "test", "js").toAbsolutePath();
    private static final long NODE_TIMEOUT_SECONDS = 60;
    private static final long NPM_TIMEOUT_MINUTES = 5;
    private static boolean installed;

    private SiweSigner() {}

    /**
     * Builds a message with {@code new SiweMessage(fields).prepareMessage()} and signs it.
     *
     * @param key the signer's 0x private key
     * @param fields the message fields, as the {@code siwe} package names them; the address
     *     defaults to the key's own
     * @return the message, its signature and the signer's address
     */
    static Signed sign(String key, Map<String, ?> fields) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("key", key);
        request.put("fields", fields);
        return run(request);
    }

    /**
     * Signs a given text as is with EIP-191 {@code personal_sign}.
     *
     * @param key the signer's 0x private key
     * @param message the exact text to sign
     * @return the message, its signature and the signer's address
     */
    static Signed signText(String key, String message) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("key", key);
        request.put("message", message);
        return run(request);
    }

    private static Signed run(Map<String, Object> request) {
        ensureInstalled();
        try {
            Process node =
                    new ProcessBuilder("node", "siwe-sign.mjs").directory(JS_DIR.toFile()).start();
            // Drained on its own thread so that a chatty stderr can never block the script.
            CompletableFuture<byte[]> stderr = drain(node.getErrorStream());
            try (OutputStream in = node.getOutputStream()) {
                in.write(JsonWriter.write(request).getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = node.getInputStream().readAllBytes();
            if (!node.waitFor(NODE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                node.destroyForcibly();
                throw new IllegalStateException("siwe-sign.mjs timed out");
            }
            if (node.exitValue() != 0) {
                throw new IllegalStateException(
                        "siwe-sign.mjs failed: "
                                + new String(stderr.join(), StandardCharsets.UTF_8).strip());
            }
            Map<?, ?> answer = (Map<?, ?>) JsonReader.parse(out, JsonReader.Limits.DOCUMENT);
            String signature = (String) answer.get("signature");
            return new Signed(
                    (String) answer.get("message"),
                    HexFormat.of().parseHex(signature.substring(2)),
                    ((String) answer.get("address")).toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JsonException e) {
            throw new IllegalStateException("siwe-sign.mjs printed invalid JSON", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signing", e);
        }
    }

    private static synchronized void ensureInstalled() {
        if (installed) {
            return;
        }
        requireTool("node");
        try {
            Path marker = JS_DIR.resolve("node_modules").resolve(".package-lock.json");
            Path lock = JS_DIR.resolve("package-lock.json");
            boolean fresh =
                    Files.exists(marker)
                            && Files.getLastModifiedTime(marker)
                                            .compareTo(Files.getLastModifiedTime(lock))
                                    >= 0;
            if (!fresh) {
                requireTool(npm());
                Process npm =
                        new ProcessBuilder(npm(), "ci", "--no-audit", "--no-fund")
                                .directory(JS_DIR.toFile())
                                .redirectErrorStream(true)
                                .start();
                CompletableFuture<byte[]> log = drain(npm.getInputStream());
                if (!npm.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    npm.destroyForcibly();
                    throw new IllegalStateException("npm ci timed out in " + JS_DIR);
                }
                if (npm.exitValue() != 0) {
                    throw new IllegalStateException(
                            "npm ci failed in "
                                    + JS_DIR
                                    + ": "
                                    + new String(log.join(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during npm ci", e);
        }
        installed = true;
    }

    private static void requireTool(String tool) {
        String reason;
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
            p.destroyForcibly();
            reason = tool + " --version failed";
        } catch (IOException e) {
            reason = tool + " is not installed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reason = "interrupted";
        }
        if (System.getenv("CI") != null) {
            throw new IllegalStateException("the SIWE tests need Node.js: " + reason);
        }
        Assumptions.abort("the SIWE tests need Node.js: " + reason);
    }

    private static String npm() {
        boolean windows = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win");
        return windows ? "npm.cmd" : "npm";
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try (stream) {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        stream.transferTo(out);
                        return out.toByteArray();
                    } catch (IOException e) {
                        return new byte[0];
                    }
                },
                task -> Thread.ofPlatform().daemon().name("siwe-signer-drain").start(task));
    }
}
