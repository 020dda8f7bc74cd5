// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests the node commands against a fake node that records every request. */
class RemoteCommandsTest {
    private static final String TOKEN = "s3cret-token";

    /** One request as the fake node saw it. */
    record Seen(String method, String uri, String authorization, byte[] body) {}

    @TempDir Path tmp;
    private HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "{}";
    private String node;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/api/",
                ex -> {
                    byte[] body = ex.getRequestBody().readAllBytes();
                    String auth = ex.getRequestHeaders().getFirst("Authorization");
                    seen.add(
                            new Seen(
                                    ex.getRequestMethod(),
                                    ex.getRequestURI().getRawPath()
                                            + (ex.getRequestURI().getRawQuery() == null
                                                    ? ""
                                                    : "?" + ex.getRequestURI().getRawQuery()),
                                    auth,
                                    body));
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
        node = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private CliRun cli(String... args) {
        return CliRun.run(Map.of("ELASTOS_NODE", node, "ELASTOS_TOKEN", TOKEN), args);
    }

    private static String ok(String op, String message) {
        return "{\"success\":true,\"operation\":\""
                + op
                + "\",\"app\":\"org.example.hello\",\"version\":\"1.0.0\","
                + "\"previousVersion\":null,\"message\":\""
                + message
                + "\"}";
    }

    @Test
    void installUploadsTheFileWithTheTokenAndGrants() throws IOException {
        Path file = Files.write(tmp.resolve("hello-1.0.0.wapp"), bytes(5000));
        answer = ok("install", "installed org.example.hello 1.0.0");
        CliRun r =
                cli("install", file.toString(), "--grant", "storage.kv, net.fetch:api.example.com");
        assertEquals(0, r.code(), r.err());
        assertEquals("installed org.example.hello 1.0.0\n", r.out());
        Seen s = seen.get(0);
        assertEquals("POST", s.method());
        assertEquals("/api/apps?grant=storage.kv%2Cnet.fetch%3Aapi.example.com", s.uri());
        assertEquals("Bearer " + TOKEN, s.authorization());
        assertArrayEquals(Files.readAllBytes(file), s.body());
        assertTrue(r.err().isEmpty(), "no progress bar unless asked: " + r.err());
    }

    @Test
    void progressEndsAtOneHundredPercent() throws IOException {
        Path file = Files.write(tmp.resolve("big.wapp"), bytes(3 * 1024 * 1024 + 17));
        answer = ok("install", "installed");
        CliRun r = cli("install", file.toString(), "--progress");
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(Files.readAllBytes(file), seen.get(0).body());
        assertTrue(r.err().startsWith("\rUploading big.wapp ["), r.err());
        assertTrue(r.err().endsWith("\n"), r.err());
        String last = r.err().substring(r.err().lastIndexOf('\r') + 1).strip();
        assertEquals("Uploading big.wapp [####################] 100%  3.0/3.0 MiB", last);
    }

    @Test
    void updateReadsTheIdFromThePackage() throws IOException {
        Path key = tmp.resolve("key");
        assertEquals(0, CliRun.run("keygen", "--out", key.toString()).code());
        Path app = CliRun.sampleApp(tmp.resolve("app"), null, "1.1.0");
        Path wapp = tmp.resolve("hello.wapp");
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
        answer = ok("update", "updated org.example.hello 1.1.0");
        CliRun r = cli("update", wapp.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("PUT", seen.get(0).method());
        assertEquals("/api/apps/org.example.hello", seen.get(0).uri());
        assertArrayEquals(Files.readAllBytes(wapp), seen.get(0).body());

        Path junk = Files.write(tmp.resolve("junk.wapp"), bytes(100));
        CliRun bad = cli("update", junk.toString());
        assertEquals(1, bad.code());
        assertEquals(1, seen.size(), "an invalid package is not uploaded");
    }

    @Test
    void queryParametersAndMethods() {
        answer = ok("rollback", "rolled org.example.hello back to 0.9.0");
        assertEquals(0, cli("rollback", "org.example.hello", "--version", "0.9.0").code());
        assertEquals(0, cli("rollback", "org.example.hello").code());
        assertEquals(0, cli("remove", "org.example.hello", "--keep-data").code());
        assertEquals(0, cli("remove", "org.example.hello").code());
        assertEquals(0, cli("suspend", "org.example.hello").code());
        assertEquals(0, cli("resume", "org.example.hello").code());
        assertEquals(0, cli("grant", "org.example.hello", "storage.kv").code());
        assertEquals(0, cli("grant", "org.example.hello", "--none").code());
        answer = "{\"trusted\":\"did:key:z6MkTest\"}";
        CliRun t = cli("trust", "did:key:z6MkTest");
        assertEquals(0, t.code());
        assertEquals("trusted publisher did:key:z6MkTest\n", t.out());
        assertEquals(0, cli("trust", "did:key:z6MkMarket", "--marketplace").code());
        CliRun u = cli("untrust", "did:key:z6MkTest");
        assertEquals(0, u.code());
        assertEquals("no longer trusting publisher did:key:z6MkTest\n", u.out());
        answer = "[]";
        assertEquals(0, cli("audit", "--limit", "5").code());
        assertEquals(
                List.of(
                        "POST /api/apps/org.example.hello/rollback?version=0.9.0",
                        "POST /api/apps/org.example.hello/rollback",
                        "DELETE /api/apps/org.example.hello?keepData=true",
                        "DELETE /api/apps/org.example.hello",
                        "POST /api/apps/org.example.hello/suspend",
                        "POST /api/apps/org.example.hello/resume",
                        "POST /api/apps/org.example.hello/grant?grant=storage.kv",
                        "POST /api/apps/org.example.hello/grant?grant=",
                        "POST /api/apps/-/trust?did=did%3Akey%3Az6MkTest",
                        "POST /api/apps/-/trust?did=did%3Akey%3Az6MkMarket&marketplace=true",
                        "POST /api/apps/-/untrust?did=did%3Akey%3Az6MkTest",
                        "GET /api/audit?limit=5"),
                seen.stream().map(s -> s.method() + " " + s.uri()).toList());
    }

    @Test
    void listAndShowPrintTablesOrJson() {
        answer =
                "[{\"id\":\"org.example.hello\",\"name\":\"Hello\",\"version\":\"1.0.0\","
                        + "\"state\":\"active\",\"installedAt\":\"2025-01-01T00:00:00Z\"},"
                        + "{\"id\":\"org.example.notes\",\"name\":\"Notes app\",\"version\":\"12.0.1\","
                        + "\"state\":\"suspended\",\"installedAt\":\"2025-02-01T00:00:00Z\"}]";
        CliRun l = cli("list");
        assertEquals(0, l.code(), l.err());
        assertEquals(
                "ID                 NAME       VERSION  STATE      INSTALLED\n"
                        + "org.example.hello  Hello      1.0.0    active     2025-01-01T00:00:00Z\n"
                        + "org.example.notes  Notes app  12.0.1   suspended  2025-02-01T00:00:00Z\n",
                l.out());
        CliRun j = cli("list", "--json");
        assertEquals(answer + "\n", j.out());

        answer =
                "{\"id\":\"org.example.hello\",\"name\":\"Hello\",\"version\":\"1.0.0\","
                        + "\"state\":\"active\",\"installedAt\":\"2025-01-01T00:00:00Z\","
                        + "\"versions\":[\"0.9.0\",\"1.0.0\"],\"grants\":[\"storage.kv\"]}";
        CliRun s = cli("show", "org.example.hello");
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("versions   0.9.0, 1.0.0\n"), s.out());
        assertTrue(s.out().contains("grants     storage.kv\n"), s.out());
        assertTrue(s.out().contains("installed  2025-01-01T00:00:00Z\n"), s.out());
        assertEquals("GET /api/apps/org.example.hello", last());
    }

    @Test
    void auditPrintsATable() {
        answer =
                "[{\"time\":\"2025-01-01T00:00:00Z\",\"actor\":\"admin-token\",\"action\":\"app.install\","
                        + "\"subject\":\"org.example.hello@1.0.0\",\"outcome\":\"allowed\",\"reason\":null}]";
        CliRun a = cli("audit");
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().startsWith("TIME                  ACTOR        ACTION"), a.out());
        assertTrue(a.out().contains("app.install  org.example.hello@1.0.0  allowed  -\n"), a.out());
        assertEquals("GET /api/audit", last());
    }

    @Test
    void refusedOperationsExitOneWithTheStep() throws IOException {
        Path file = Files.write(tmp.resolve("x.wapp"), bytes(10));
        status = 409;
        answer =
                "{\"success\":false,\"operation\":\"install\",\"app\":\"org.example.hello\","
                        + "\"version\":null,\"previousVersion\":null,"
                        + "\"message\":\"1.0.0 is already installed\",\"step\":\"version\"}";
        CliRun r = cli("install", file.toString());
        assertEquals(1, r.code());
        assertTrue(
                r.err()
                        .contains(
                                "install of org.example.hello refused at step version: 1.0.0 is already installed"),
                r.err());

        status = 422;
        answer = answer.replace("version\"}", "trust\"}");
        CliRun t = cli("install", file.toString());
        assertEquals(1, t.code());
        assertTrue(t.err().contains("at step trust"), t.err());

        status = 404;
        answer = "{\"error\":\"app org.example.nope is not installed\"}";
        CliRun n = cli("show", "org.example.nope");
        assertEquals(1, n.code());
        assertTrue(n.err().contains("app org.example.nope is not installed (HTTP 404)"), n.err());

        CliRun j = cli("show", "org.example.nope", "--json");
        assertEquals(1, j.code());
        assertEquals(answer + "\n", j.out());
    }

    @Test
    void tokenComesFromOptionsEnvironmentOrDataDirectory() throws IOException {
        answer = "[]";
        CliRun wrong = CliRun.run(Map.of("ELASTOS_NODE", node, "ELASTOS_TOKEN", "nope"), "list");
        assertEquals(4, wrong.code());
        assertTrue(wrong.err().contains("the node refused the admin token"), wrong.err());

        assertEquals(0, CliRun.run(Map.of(), "list", "--node", node, "--token", TOKEN).code());

        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("run"));
        Files.writeString(data.resolve("run/admin.token"), TOKEN + "\n");
        CliRun d =
                CliRun.run(
                        Map.of("ELASTOS_TOKEN", "nope"),
                        "list",
                        "--node",
                        node,
                        "--data",
                        data.toString());
        assertEquals(0, d.code(), d.err());

        CliRun home = CliRun.run(Map.of("HOME", tmp.toString()), "list", "--node", node);
        assertEquals(4, home.code());
        assertTrue(home.err().contains("no admin token"), home.err());
        assertTrue(seen.stream().allMatch(s -> s.authorization() != null));
    }

    @Test
    void unreachableNodeExitsThree() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun r =
                CliRun.run(
                        Map.of("ELASTOS_TOKEN", TOKEN),
                        "list",
                        "--node",
                        "http://127.0.0.1:" + port);
        assertEquals(3, r.code());
        assertTrue(r.err().contains("cannot reach the node at http://127.0.0.1:" + port), r.err());
        assertTrue(r.err().contains("is it running? (elastos status)"), r.err());
    }

    @Test
    void badNodeUrlIsUsage() {
        assertEquals(2, cli("list", "--node", "ftp://x").code());
        assertNull(seen.isEmpty() ? null : seen.get(0));
    }

    private String last() {
        Seen s = seen.get(seen.size() - 1);
        return s.method() + " " + s.uri();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(42).nextBytes(b);
        return b;
    }
}
