// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code elastos user|session|pair} command lines: usage errors before any node is asked, and
 * the requests they send, checked against a fake node.
 */
class UserCliTest {
    private static final String TOKEN = "s3cret-token";
    private static final String WALLET =
            "did:pkh:eip155:1:0x00000000000000000000000000000000000000aa";

    /** One run: exit code and what was printed. */
    record Run(int code, String out, String err) {}

    /** One request as the fake node saw it. */
    record Seen(String method, String uri, String body) {}

    @TempDir Path tmp;
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

    private static Run run(Map<String, String> env, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                new UserCli(
                                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                                new PrintStream(out, true, StandardCharsets.UTF_8),
                                new PrintStream(err, true, StandardCharsets.UTF_8),
                                env,
                                null)
                        .run(args);
        return new Run(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run run(String... args) {
        // No token anywhere: a usage error must be found before the token is looked for.
        return run(Map.of("HOME", "/nonexistent-home"), "", args);
    }

    @Test
    void helpAndUsage() {
        Run r = run("user", "help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("invite --username NAME"), r.out());
        assertTrue(run("session", "--help").out().contains("revoke SESSION-ID"));
        assertTrue(run("pair", "-h").out().contains("confirm CODE"));

        r = run("user");
        assertEquals(CliException.USAGE, r.code());
        assertTrue(r.err().startsWith("usage: elastos user"), r.err());
        assertEquals(CliException.USAGE, run().code());
        assertEquals(CliException.USAGE, run("group").code());

        r = run("session", "kill", "abc");
        assertEquals(CliException.USAGE, r.code());
        assertTrue(r.err().startsWith("elastos session: unknown command 'kill'"), r.err());
    }

    @Test
    void badCommandLinesAreUsageErrors() {
        assertUsage("unknown option --bogus", "user", "list", "--bogus");
        assertUsage("unexpected argument extra", "user", "list", "extra");
        assertUsage("give either --wallet DID or --username NAME", "user", "invite");
        assertUsage(
                "give either --wallet DID or --username NAME",
                "user",
                "invite",
                "--wallet",
                WALLET,
                "--username",
                "bob");
        assertUsage(
                "--role is member or guest",
                "user",
                "invite",
                "--wallet",
                WALLET,
                "--role",
                "owner");
        assertUsage(
                "did:pkh:eip155:1:0x00000000000000000000000000000000000000aa",
                "user",
                "invite",
                "--wallet",
                "0x00000000000000000000000000000000000000aa");
        assertUsage("--wallet must be", "user", "invite", "--wallet", "did:key:z6Mkabc");
        assertUsage("missing the user's DID", "user", "remove");
        assertUsage("not a DID: bob", "user", "remove", "bob");
        assertUsage("unknown option --all", "session", "revoke", "abc", "--all");
        assertUsage("missing the session ID", "session", "revoke");
        assertUsage("unknown option --role", "pair", "code", "--role", "guest");
        assertUsage("missing the pairing code", "pair", "confirm");
        assertUsage("--role is member or guest", "pair", "confirm", "ABCD-EFGH", "--role", "admin");
        assertUsage("not a pairing code", "pair", "confirm", "AB;rm");
    }

    @Test
    void aPasswordIsNeverTakenFromTheCommandLine() {
        assertUsage(
                "never taken on the command line",
                "user",
                "invite",
                "--username",
                "bob",
                "--password",
                "hunter22");
        assertUsage(
                "never taken on the command line",
                "user",
                "invite",
                "--username",
                "bob",
                "--password=hunter22");
        Run r =
                run(
                        Map.of("ELASTOS_TOKEN", TOKEN, "ELASTOS_NODE", "http://127.0.0.1:9"),
                        "",
                        "user",
                        "invite",
                        "--username",
                        "bob");
        assertEquals(CliException.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("no password on stdin"), r.err());
    }

    @Test
    void missingTokenAndUnreachableNodeHaveTheirExitCodes() throws IOException {
        Run r = run(Map.of("HOME", tmp.toString()), "", "user", "list");
        assertEquals(CliException.UNAUTHORIZED, r.code(), r.err());
        assertTrue(r.err().startsWith("elastos user: no admin token at "), r.err());

        r =
                run(
                        Map.of("ELASTOS_TOKEN", TOKEN, "ELASTOS_NODE", closedPort()),
                        "",
                        "session",
                        "list");
        assertEquals(CliException.UNREACHABLE, r.code(), r.err());
        assertTrue(r.err().contains("cannot reach the node"), r.err());
    }

    @Test
    void inviteSendsThePasswordFromStdinAsJson() throws IOException {
        Map<String, String> env = fakeNode();
        answer = "{\"did\":\"did:key:z6MkBob\",\"role\":\"member\"}";
        Run r =
                run(
                        env,
                        "a long \"secret\"\nnext line\n",
                        "user",
                        "invite",
                        "--username",
                        "bob",
                        "--password-stdin");
        assertEquals(0, r.code(), r.err());
        assertEquals("invited bob as member: did:key:z6MkBob\n", r.out());
        Seen s = seen.get(0);
        assertEquals("POST /api/users", s.method() + " " + s.uri());
        assertEquals(
                "{\"username\":\"bob\",\"password\":\"a long \\\"secret\\\"\",\"role\":\"member\"}",
                s.body());

        seen.clear();
        answer = "{\"did\":\"" + WALLET + "\",\"role\":\"guest\"}";
        r = run(env, "", "user", "invite", "--wallet", WALLET, "--role", "GUEST", "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(answer + "\n", r.out());
        assertEquals("{\"wallet\":\"" + WALLET + "\",\"role\":\"guest\"}", seen.get(0).body());
    }

    @Test
    void listsRemovesAndRevokes() throws IOException {
        Map<String, String> env = fakeNode();
        answer =
                "[{\"did\":\"did:key:z6MkBob\",\"role\":\"member\",\"username\":\"bob\","
                        + "\"createdAt\":\"2025-01-01T00:00:00Z\"},"
                        + "{\"did\":\""
                        + WALLET
                        + "\",\"role\":\"guest\",\"username\":null,"
                        + "\"createdAt\":\"2025-01-02T00:00:00Z\"}]";
        Run r = run(env, "", "user", "list");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("DID"), r.out());
        assertTrue(r.out().contains("did:key:z6MkBob"), r.out());
        assertTrue(r.out().contains(WALLET + "  guest   -"), r.out());

        answer = "{\"removed\":true}";
        r = run(env, "", "user", "remove", WALLET);
        assertEquals(0, r.code(), r.err());
        assertEquals(
                "DELETE /api/users/did%3Apkh%3Aeip155%3A1%3A0x00000000000000000000000000000000000000aa",
                seen.get(seen.size() - 1).method() + " " + seen.get(seen.size() - 1).uri());
        answer = "{\"removed\":false}";
        r = run(env, "", "user", "remove", WALLET);
        assertEquals(CliException.FAILED, r.code());
        assertTrue(r.err().contains("no such user"), r.err());

        answer = "[]";
        r = run(env, "", "session", "list", "--all");
        assertEquals(0, r.code(), r.err());
        assertEquals("no sessions\n", r.out());
        assertEquals("/api/auth/sessions?all=true", seen.get(seen.size() - 1).uri());

        answer = "{\"revoked\":true}";
        r = run(env, "", "session", "revoke", "0123abcd");
        assertEquals(0, r.code(), r.err());
        assertEquals(
                "DELETE /api/auth/sessions/0123abcd",
                seen.get(seen.size() - 1).method() + " " + seen.get(seen.size() - 1).uri());

        status = 400;
        answer = "{\"error\":\"the owner cannot be removed\"}";
        r = run(env, "", "user", "remove", WALLET);
        assertEquals(CliException.FAILED, r.code());
        assertEquals("elastos user: the owner cannot be removed (HTTP 400)\n", r.err());
    }

    @Test
    void pairingCodeAndConfirmation() throws IOException {
        Map<String, String> env = fakeNode();
        answer =
                "{\"code\":\"K7QX-M2PA\",\"qr\":\"elastos-pair:http://nas#K7QX-M2PA\","
                        + "\"expiresInSeconds\":300}";
        Run r = run(env, "", "pair", "code");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("code        K7QX-M2PA"), r.out());
        assertTrue(r.out().contains("elastos-pair:http://nas#K7QX-M2PA"), r.out());
        assertEquals("POST /api/auth/pair/code", seen.get(0).method() + " " + seen.get(0).uri());

        seen.clear();
        answer = "{\"confirmed\":true}";
        r = run(env, "", "pair", "confirm", "k7qx-m2pa", "--role", "member");
        assertEquals(0, r.code(), r.err());
        assertEquals("GET /api/auth/whoami", seen.get(0).method() + " " + seen.get(0).uri());
        assertEquals("{\"code\":\"k7qx-m2pa\",\"role\":\"member\"}", seen.get(1).body());
    }

    @Test
    void aPairingCodeNeedsNoAdminToken() throws IOException {
        fakeNode();
        answer = "{\"code\":\"K7QX-M2PA\",\"qr\":\"q\",\"expiresInSeconds\":300}";
        Run r =
                run(
                        Map.of("HOME", tmp.toString()),
                        "",
                        "pair",
                        "code",
                        "--node",
                        "http://127.0.0.1:" + server.getAddress().getPort(),
                        "--json");
        assertEquals(0, r.code(), r.err());
        assertEquals(answer + "\n", r.out());
    }

    private void assertUsage(String message, String... args) {
        Run r = run(args);
        assertEquals(CliException.USAGE, r.code(), String.join(" ", args) + ": " + r.err());
        assertTrue(r.err().contains(message), r.err());
        assertTrue(r.err().contains("usage: elastos " + args[0]), r.err());
    }

    /** Starts a fake node: the admin token is required except for the pairing code. */
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
                    boolean open = uri.equals("/api/auth/pair/code");
                    boolean whoami = uri.equals("/api/auth/whoami");
                    String auth = ex.getRequestHeaders().getFirst("Authorization");
                    int code = open || ("Bearer " + TOKEN).equals(auth) ? status : 401;
                    String text =
                            code == 401
                                    ? "{\"error\":\"sign-in required\"}"
                                    : whoami ? "{\"role\":\"owner\"}" : answer;
                    byte[] out = text.getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().add("Content-Type", "application/json");
                    ex.sendResponseHeaders(whoami && code != 401 ? 200 : code, out.length);
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

    private static String closedPort() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        return "http://127.0.0.1:" + port;
    }
}
