// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code elastos peer|msg} command lines: usage errors before any node is asked, the requests
 * they send and how they print the answers, against a fake node.
 */
class PeerMsgCliTest {
    private static final String TOKEN = "s3cret-token";
    private static final String PEER = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
    private static final String DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";

    record Run(int code, String out, String err) {}

    record Seen(String method, String uri, String body) {}

    private HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "{}";

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        int code =
                switch (args[0]) {
                    case "peer" -> new PeerCli(o, e, env).run(rest);
                    case "bundle" -> new BundleCli(o, e, env, false).run(rest);
                    default -> new MsgCli(o, e, env).run(rest);
                };
        return new Run(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run run(String... args) {
        return run(Map.of("HOME", "/nonexistent-home"), args);
    }

    private void assertUsage(String message, String... args) {
        Run r = run(args);
        assertEquals(CliException.USAGE, r.code(), String.join(" ", args) + ": " + r.err());
        assertTrue(r.err().contains(message), r.err());
        assertTrue(r.err().contains("usage: elastos " + args[0]), r.err());
    }

    @Test
    void helpAndUsageErrors() {
        Run r = run("peer", "help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("contacts add DID PEER-ID"), r.out());
        assertTrue(run("msg", "--help").out().contains("send DID TEXT"));
        assertEquals(CliException.USAGE, run("peer").code());
        assertEquals(CliException.USAGE, run("msg").code());

        assertUsage("unknown command 'kill'", "peer", "kill");
        assertUsage("missing the address to dial", "peer", "connect");
        assertUsage("not a multiaddr", "peer", "connect", "example.com:4001");
        assertUsage("not a peer id", "peer", "ping", "0OIl");
        assertUsage("missing the contact's DID and peer id", "peer", "contacts", "add", DID);
        assertUsage("not a DID", "peer", "contacts", "add", "bob", PEER);
        assertUsage(
                "--address must be a multiaddr",
                "peer",
                "contacts",
                "add",
                DID,
                PEER,
                "--address",
                "1.2.3.4");
        assertUsage("--name and --address go with contacts add", "peer", "list", "--name", "x");
        assertUsage("unknown contacts command 'purge'", "peer", "contacts", "purge");
        assertUsage("missing the recipient's DID and the text", "msg", "send", DID);
        assertUsage("not a DID", "msg", "send", "bob", "hi");
        assertUsage("--limit is 1 to 1000", "msg", "list", "--limit", "0");
        assertUsage("unknown option --bogus", "msg", "list", "--bogus");
    }

    @Test
    void missingTokenAndUnreachableNodeHaveTheirExitCodes() throws IOException {
        Run r = run(Map.of("HOME", "/nonexistent-home"), "peer", "id");
        assertEquals(CliException.UNAUTHORIZED, r.code(), r.err());
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        r =
                run(
                        Map.of("ELASTOS_TOKEN", TOKEN, "ELASTOS_NODE", "http://127.0.0.1:" + port),
                        "msg",
                        "list");
        assertEquals(CliException.UNREACHABLE, r.code(), r.err());
    }

    @Test
    void peerCommandsSendTheirRequestsAndPrintTheAnswers() throws IOException {
        Map<String, String> env = fakeNode();
        answer =
                "{\"self\":{\"peerId\":\""
                        + PEER
                        + "\",\"cid\":\"bafzaa\",\"did\":\""
                        + DID
                        + "\",\"addresses\":[\"/ip4/127.0.0.1/tcp/4001\"]},\"peers\":[]}";
        Run r = run(env, "peer", "id");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("/ip4/127.0.0.1/tcp/4001/p2p/" + PEER), r.out());
        assertTrue(r.out().contains(DID), r.out());
        r = run(env, "peer", "list");
        assertEquals("no connected peers\n", r.out());

        answer = "{\"peer\":\"" + PEER + "\",\"rttMillis\":0.4213}";
        r = run(env, "peer", "ping", PEER);
        assertEquals("pong from " + PEER + ": 0.42 ms\n", r.out());
        assertEquals("{\"peer\":\"" + PEER + "\"}", seen.getLast().body());

        answer = "{\"did\":\"" + DID + "\"}";
        r =
                run(
                        env,
                        "peer",
                        "contacts",
                        "add",
                        DID,
                        PEER,
                        "--name",
                        "Bob",
                        "--address",
                        "/ip4/192.0.2.7/tcp/4001");
        assertEquals(0, r.code(), r.err());
        assertEquals(
                "POST /api/peers/contacts", seen.getLast().method() + " " + seen.getLast().uri());
        assertEquals(
                "{\"did\":\""
                        + DID
                        + "\",\"peer\":\""
                        + PEER
                        + "\",\"name\":\"Bob\",\"address\":\"/ip4/192.0.2.7/tcp/4001\"}",
                seen.getLast().body());

        answer = "{\"removed\":false}";
        r = run(env, "peer", "contacts", "rm", DID);
        assertEquals(CliException.FAILED, r.code());
        assertEquals(
                "DELETE /api/peers/contacts/" + DID.replace(":", "%3A"),
                seen.getLast().method() + " " + seen.getLast().uri());

        status = 502;
        answer = "{\"error\":\"cannot connect\"}";
        r = run(env, "peer", "connect", "/ip4/127.0.0.1/tcp/1");
        assertEquals(CliException.FAILED, r.code());
        assertTrue(r.err().contains("cannot connect (HTTP 502)"), r.err());
    }

    @Test
    void msgSendPrintsDeliveredQueuedOrRefused() throws IOException {
        Map<String, String> env = fakeNode();
        answer = "{\"id\":\"abc\",\"status\":\"delivered\"}";
        Run r = run(env, "msg", "send", DID, "hello \"you\"");
        assertEquals(0, r.code(), r.err());
        assertEquals("delivered abc to " + DID + "\n", r.out());
        assertEquals(
                "{\"to\":\"" + DID + "\",\"text\":\"hello \\\"you\\\"\"}", seen.getLast().body());

        status = 202;
        answer = "{\"id\":\"abd\",\"status\":\"queued\"}";
        r = run(env, "msg", "send", DID, "later");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("queued abd"), r.out());

        status = 200;
        answer = "{\"id\":\"abe\",\"status\":\"refused\",\"detail\":\"not a contact\"}";
        r = run(env, "msg", "send", DID, "hi");
        assertEquals(CliException.FAILED, r.code());
        assertTrue(r.err().contains("not a contact"), r.err());
        r = run(env, "msg", "send", DID, "hi", "--json");
        assertEquals(CliException.FAILED, r.code());
        assertEquals(answer + "\n", r.out());

        answer =
                "[{\"id\":\"abc\",\"direction\":\"in\",\"from\":\""
                        + DID
                        + "\",\"text\":\"hey\\u001b[2J\",\"status\":\"received\",\"createdAt\":\"T\"}]";
        r = run(env, "msg", "list", "--limit", "5");
        assertEquals(
                "GET /api/messages?limit=5", seen.getLast().method() + " " + seen.getLast().uri());
        assertTrue(r.out().contains("from  " + DID), r.out());
        assertTrue(r.out().contains("hey?[2J"), "control characters are not printed: " + r.out());
    }

    @Test
    void bundleCommandsListAndDeployWithTheRefusalReason() throws IOException {
        Map<String, String> env = fakeNode();
        answer =
                "[{\"id\":4,\"symbolicName\":\"io.elastos.api\",\"version\":\"0.1.0\","
                        + "\"state\":\"ACTIVE\"}]";
        Run r = run(env, "bundle", "list");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("io.elastos.api") && r.out().contains("ACTIVE"), r.out());

        java.nio.file.Path jar = java.nio.file.Files.createTempFile("bundle", ".jar");
        try {
            java.nio.file.Files.write(jar, new byte[] {'P', 'K', 3, 4});
            answer =
                    "{\"id\":31,\"symbolicName\":\"org.example.iot\",\"version\":\"1.2.0\","
                            + "\"state\":\"ACTIVE\"}";
            r = run(env, "bundle", "deploy", jar.toString());
            assertEquals(0, r.code(), r.err());
            assertEquals("deployed org.example.iot 1.2.0 (ACTIVE)\n", r.out());
            assertEquals(
                    "POST /api/node/bundles/deploy",
                    seen.getLast().method() + " " + seen.getLast().uri());

            status = 422;
            answer = "{\"error\":\"UNSIGNED: the jar is not signed\",\"reason\":\"UNSIGNED\"}";
            r = run(env, "bundle", "deploy", jar.toString());
            assertEquals(CliException.FAILED, r.code());
            assertTrue(r.err().contains("UNSIGNED: the jar is not signed"), r.err());
        } finally {
            java.nio.file.Files.deleteIfExists(jar);
        }
        assertUsage("no such file", "bundle", "deploy", "/nonexistent/x.jar");
        assertUsage("unknown command 'rm'", "bundle", "rm");
    }

    private Map<String, String> fakeNode() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/api/",
                ex -> {
                    String body =
                            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    String uri = ex.getRequestURI().getRawPath();
                    if (ex.getRequestURI().getRawQuery() != null) {
                        uri += "?" + ex.getRequestURI().getRawQuery();
                    }
                    seen.add(new Seen(ex.getRequestMethod(), uri, body));
                    String auth = ex.getRequestHeaders().getFirst("Authorization");
                    int code = ("Bearer " + TOKEN).equals(auth) ? status : 401;
                    byte[] out =
                            (code == 401 ? "{\"error\":\"sign-in required\"}" : answer)
                                    .getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().add("Content-Type", "application/json");
                    ex.sendResponseHeaders(code, out.length);
                    try (OutputStream o = ex.getResponseBody()) {
                        o.write(out);
                    }
                });
        server.start();
        return Map.of(
                "ELASTOS_NODE",
                "http://127.0.0.1:" + server.getAddress().getPort(),
                "ELASTOS_TOKEN",
                TOKEN);
    }
}
