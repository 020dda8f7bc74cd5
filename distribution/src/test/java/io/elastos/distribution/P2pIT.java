// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.json.JsonReader;
import io.elastos.json.JsonWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * P2P on real nodes: three nodes started by the test, contacts added with the CLI and the API,
 * messages both ways with receipts, a message queued while its recipient is stopped and delivered
 * when it starts again, a stranger refused, and a js-libp2p peer that dials a node, pings it and
 * identifies it.
 */
class P2pIT {
    private static final Path SCRIPT = Path.of(System.getProperty("elastos.home"), "bin/elastos");

    @TempDir Path tmp;
    private final List<P2pItNode> started = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One node: data directory, HTTP port, and what GET /api/peers says about itself. */
    final class P2pItNode {
        final Path data;
        final int port;
        String peerId;
        String did;
        String address;

        P2pItNode(String name) throws IOException {
            data = tmp.resolve(name);
            port = freePort();
        }

        P2pItNode start() throws Exception {
            String out =
                    script("start", "--data", data.toString(), "--port", Integer.toString(port));
            assertTrue(out.contains("ready"), out);
            started.add(this);
            Map<?, ?> self =
                    (Map<?, ?>)
                            ((Map<?, ?>) json(call("GET", "/api/peers", null, 200))).get("self");
            peerId = (String) self.get("peerId");
            did = (String) self.get("did");
            address =
                    ((List<?>) self.get("addresses"))
                            .stream()
                                    .map(String::valueOf)
                                    .filter(a -> a.startsWith("/ip4/127.0.0.1/"))
                                    .findFirst()
                                    .orElseThrow();
            return this;
        }

        void stop() throws Exception {
            script("stop", "--data", data.toString());
            started.remove(this);
        }

        String call(String method, String path, Object body, int expected) throws Exception {
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(60))
                            .header(
                                    "Authorization",
                                    "Bearer "
                                            + Files.readString(data.resolve("run/admin.token"))
                                                    .trim());
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", "application/json")
                        .method(
                                method,
                                HttpRequest.BodyPublishers.ofString(JsonWriter.write(body)));
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(expected, r.statusCode(), method + " " + path + ": " + r.body());
            return r.body();
        }

        /** Runs {@code elastos peer|msg ...} against this node; returns exit code and output. */
        String[] cli(String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString()));
            cmd.addAll(List.of(args));
            cmd.addAll(List.of("--node", "http://127.0.0.1:" + port, "--data", data.toString()));
            Process p = new ProcessBuilder(cmd).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(
                    p.waitFor(120, TimeUnit.SECONDS),
                    "elastos " + String.join(" ", args) + " hung");
            return new String[] {Integer.toString(p.exitValue()), out, err};
        }

        String ok(String... args) throws Exception {
            String[] r = cli(args);
            assertEquals("0", r[0], "elastos " + String.join(" ", args) + ": " + r[1] + r[2]);
            return r[1];
        }

        List<?> messages() throws Exception {
            return (List<?>) json(call("GET", "/api/messages", null, 200));
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        for (P2pItNode n : List.copyOf(started)) {
            n.stop();
        }
    }

    @Test
    void contactsMessageBothWaysQueueWhileOfflineAndRefuseStrangers() throws Exception {
        P2pItNode a = new P2pItNode("alice").start();
        P2pItNode b = new P2pItNode("bob").start();
        P2pItNode c = new P2pItNode("carol").start();
        assertTrue(
                !a.address.equals(b.address), "several nodes on one machine get their own ports");

        // A adds B with the CLI, B adds A with the API.
        a.ok("peer", "contacts", "add", b.did, b.peerId, "--name", "Bob", "--address", b.address);
        b.call(
                "POST",
                "/api/peers/contacts",
                Map.of("did", a.did, "peer", a.peerId, "name", "Alice", "address", a.address),
                200);
        assertTrue(a.ok("peer", "contacts").contains("Bob"));
        assertTrue(a.ok("peer", "id").contains(a.peerId));

        assertTrue(
                a.ok("peer", "connect", b.address + "/p2p/" + b.peerId)
                        .contains("connected to " + b.peerId));
        assertTrue(a.ok("peer", "list").contains(b.peerId));
        assertTrue(a.ok("peer", "ping", b.peerId).startsWith("pong from " + b.peerId));

        assertTrue(a.ok("msg", "send", b.did, "hello bob").startsWith("delivered "));
        assertTrue(b.ok("msg", "send", a.did, "hi alice").startsWith("delivered "));
        assertTrue(has(b.messages(), "in", "hello bob", "received"), b.messages().toString());
        assertTrue(has(a.messages(), "in", "hi alice", "received"), a.messages().toString());
        assertTrue(has(a.messages(), "out", "hello bob", "delivered"));

        // B stops: A's message waits in the queue, and goes out by itself when B is back.
        b.stop();
        String queued = a.ok("msg", "send", b.did, "while you were out");
        assertTrue(queued.startsWith("queued "), queued);
        String id = queued.split(" ")[1].replace(":", "");
        b.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            status =
                    (String)
                            ((Map<?, ?>) json(a.call("GET", "/api/messages/" + id, null, 200)))
                                    .get("status");
            if (status.equals("delivered")) {
                break;
            }
            Thread.sleep(500);
        }
        assertEquals("delivered", status);
        assertTrue(
                has(b.messages(), "in", "while you were out", "received"), b.messages().toString());

        // C is nobody's contact: B refuses its message.
        c.ok("peer", "contacts", "add", b.did, b.peerId, "--address", b.address);
        String[] refused = c.cli("msg", "send", b.did, "let me in");
        assertEquals("1", refused[0], refused[1] + refused[2]);
        assertTrue(refused[2].contains("not a contact"), refused[2]);
        assertTrue(!b.messages().toString().contains("let me in"));

        // Bad requests are clear 4xx answers.
        a.call("POST", "/api/messages", Map.of("to", "did:key:zNobody", "text", "x"), 400);
        a.call("POST", "/api/peers/contacts", Map.of("did", "nodid", "peer", b.peerId), 400);
        a.call("POST", "/api/peers/connect", Map.of(), 400);
        // Not the owner: no session at all is stopped by the access filter.
        HttpResponse<String> anonymous =
                http.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + a.port + "/api/peers"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
    }

    @Test
    void aJsLibp2pPeerDialsPingsAndIdentifiesTheNode() throws Exception {
        P2pItNode a = new P2pItNode("alice").start();
        try (JsLibp2pPeer js = JsLibp2pPeer.start(tmp.resolve("js.log"))) {
            Map<?, ?> dialed =
                    (Map<?, ?>) js.command("dial", Map.of("addr", a.address + "/p2p/" + a.peerId));
            assertEquals(a.peerId, dialed.get("peer"));
            Object rtt = js.command("ping", Map.of("addr", a.address + "/p2p/" + a.peerId));
            assertTrue(Double.parseDouble(String.valueOf(rtt)) >= 0, String.valueOf(rtt));
            Map<?, ?> id = (Map<?, ?>) js.command("identify", Map.of("peer", a.peerId));
            assertTrue(
                    String.valueOf(id.get("agentVersion")).startsWith("elastos-node/"),
                    id.toString());
            List<?> protocols = (List<?>) id.get("protocols");
            assertTrue(protocols.contains("/ipfs/bitswap/1.2.0"), protocols.toString());
            assertTrue(protocols.contains("/elastos/msg/1.0.0"), protocols.toString());
            // The node lists the JS peer as connected.
            assertTrue(a.ok("peer", "list").contains(js.peerId()));
        }
    }

    /**
     * A file published on one node is fetched by another over bitswap: {@code elastos files get
     * /ipfs/<cid>} on B brings the DAG from A (every block verified), pins it and downloads it with
     * the same bytes; B's gateway then serves it too. No contact is needed: published content is
     * public to peers, messages are not.
     */
    @Test
    void aPublishedFileIsFetchedByCidFromAnotherNode() throws Exception {
        P2pItNode a = new P2pItNode("publisher").start();
        P2pItNode b = new P2pItNode("fetcher").start();
        byte[] content = new byte[3 * 1024 * 1024 + 17]; // 13 leaves under one root
        new java.util.Random(8).nextBytes(content);
        Path local = Files.write(tmp.resolve("shared.bin"), content);
        a.ok("files", "put", local.toString(), "/share/shared.bin");
        String cid = a.ok("files", "publish", "/share/shared.bin").trim();

        // Before B knows any peer, the fetch fails with a clear reason and pins nothing.
        String[] lonely = b.cli("files", "get", "/ipfs/" + cid, tmp.resolve("x").toString());
        assertEquals("1", lonely[0], lonely[1] + lonely[2]);
        assertTrue(lonely[2].contains("cannot fetch"), lonely[2]);

        b.ok("peer", "connect", a.address + "/p2p/" + a.peerId);
        Path back = tmp.resolve("fetched.bin");
        b.ok("files", "get", "/ipfs/" + cid, back.toString());
        assertArrayEquals(content, Files.readAllBytes(back));
        Map<?, ?> status =
                (Map<?, ?>) json(b.call("GET", "/api/files/fetch?cid=" + cid, null, 200));
        assertEquals("done", status.get("state"));
        assertEquals(
                (long) content.length, Long.parseLong(String.valueOf(status.get("contentBytes"))));
    }

    private static boolean has(List<?> messages, String direction, String text, String status) {
        return messages.stream()
                .map(m -> (Map<?, ?>) m)
                .anyMatch(m ->
                        direction.equals(m.get("direction"))
                                && text.equals(m.get("text"))
                                && status.equals(m.get("status")));
    }

    private static Object json(String body) throws Exception {
        return JsonReader.parse(body.getBytes(StandardCharsets.UTF_8), JsonReader.Limits.DOCUMENT);
    }

    private String script(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(180, TimeUnit.SECONDS);
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
