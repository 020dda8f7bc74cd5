// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import io.elastos.json.JsonReader;
import io.elastos.json.JsonWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The p2p bundle's js-libp2p / Helia test peer ({@code bundles/p2p/src/test/js/peer.mjs}, with the
 * node and packages its own tests installed), driven with one JSON command per line.
 */
final class JsLibp2pPeer implements AutoCloseable {

    private static final Path DIR =
            Path.of("../bundles/p2p/src/test/js").toAbsolutePath().normalize();

    private final Process process;
    private final BufferedReader in;
    private final OutputStream out;
    private final String peerId;
    private long nextId = 1;

    private JsLibp2pPeer(Process process, BufferedReader in, String peerId) {
        this.process = process;
        this.in = in;
        this.out = process.getOutputStream();
        this.peerId = peerId;
    }

    static JsLibp2pPeer start(Path log) throws Exception {
        Path node = DIR.resolve("node_modules/node/bin/node");
        Assumptions.assumeTrue(
                Files.isExecutable(node),
                "the JS peer's packages are not installed; run mvn test -pl bundles/p2p first");
        Process p =
                new ProcessBuilder(node.toString(), "peer.mjs")
                        .directory(DIR.toFile())
                        .redirectError(log.toFile())
                        .start();
        BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String ready =
                CompletableFuture.supplyAsync(
                                () -> {
                                    try {
                                        return in.readLine();
                                    } catch (IOException e) {
                                        return null;
                                    }
                                })
                        .get(60, TimeUnit.SECONDS);
        if (ready == null) {
            p.destroyForcibly();
            throw new IllegalStateException("the JS peer did not start; see " + log);
        }
        return new JsLibp2pPeer(p, in, (String) ((Map<?, ?>) parse(ready)).get("peerId"));
    }

    String peerId() {
        return peerId;
    }

    /** Runs one command and returns its result; a failed command throws. */
    Object command(String name, Map<String, ?> fields) throws Exception {
        Map<String, Object> cmd = new LinkedHashMap<>(fields);
        long id = nextId++;
        cmd.put("id", id);
        cmd.put("cmd", name);
        out.write((JsonWriter.write(cmd) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        String line =
                CompletableFuture.supplyAsync(
                                () -> {
                                    try {
                                        return in.readLine();
                                    } catch (IOException e) {
                                        return null;
                                    }
                                })
                        .get(30, TimeUnit.SECONDS);
        if (line == null) {
            throw new IllegalStateException("the JS peer ended");
        }
        Map<?, ?> answer = (Map<?, ?>) parse(line);
        if (!Boolean.TRUE.equals(answer.get("ok"))) {
            throw new IllegalStateException(name + " failed: " + answer.get("error"));
        }
        return answer.get("result");
    }

    private static Object parse(String line) throws Exception {
        return JsonReader.parse(line.getBytes(StandardCharsets.UTF_8), JsonReader.Limits.DOCUMENT);
    }

    @Override
    public void close() throws Exception {
        out.close(); // the peer exits when stdin closes
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
