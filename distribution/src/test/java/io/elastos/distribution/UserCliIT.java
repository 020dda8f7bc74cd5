// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code elastos user}, {@code elastos session} and {@code elastos pair} on the real node through
 * bin/elastos: invite a password user, pair a device and end its session, remove the user.
 */
class UserCliIT {

    private static final Path SCRIPT = Path.of(System.getProperty("elastos.home"), "bin/elastos");

    /** The command's exit code and output. */
    record Run(int code, String out, String err) {}

    @TempDir Path tmp;
    private Path data;
    private int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        data = tmp.resolve("node");
        port = freePort();
        Process p =
                new ProcessBuilder(
                                SCRIPT.toString(),
                                "start",
                                "--data",
                                data.toString(),
                                "--port",
                                Integer.toString(port))
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    }

    @AfterEach
    void stop() throws Exception {
        new ProcessBuilder(SCRIPT.toString(), "stop", "--data", data.toString())
                .redirectErrorStream(true)
                .start()
                .waitFor(120, TimeUnit.SECONDS);
    }

    @Test
    void inviteUserPairDeviceRevokeSessionAndRemoveUser() throws Exception {
        Run invited =
                elastos(
                        "a long enough secret\n",
                        "user",
                        "invite",
                        "--username",
                        "bob",
                        "--role",
                        "member");
        assertEquals(0, invited.code(), invited.err());
        Matcher did = Pattern.compile("as member: (did:key:z\\S+)").matcher(invited.out());
        assertTrue(did.find(), invited.out());
        String bob = did.group(1);
        assertTrue(bob.length() > 20, bob);

        Run list = ok("user", "list");
        assertTrue(list.out().startsWith("DID"), list.out());
        assertTrue(
                Pattern.compile(Pattern.quote(bob) + "\\s+member\\s+bob\\s+\\d{4}-")
                        .matcher(list.out())
                        .find(),
                list.out());
        assertTrue(ok("user", "list", "--json").out().contains("\"username\":\"bob\""));

        // The same username again is refused with the node's reason, exit 1.
        Run again = elastos("another long secret\n", "user", "invite", "--username", "bob");
        assertEquals(1, again.code(), again.out() + again.err());
        assertTrue(again.err().contains("that user already exists"), again.err());

        // Pairing: a code on the node, confirmed by the owner, claimed by the device.
        Run code = ok("pair", "code");
        Matcher c = Pattern.compile("(?m)^code\\s+(\\S+)$").matcher(code.out());
        assertTrue(c.find(), code.out());
        String pairing = c.group(1);
        assertTrue(code.out().contains("elastos-pair:http://127.0.0.1:" + port + "#" + pairing));

        Run wrong = elastos("", "pair", "confirm", "ZZZZ-ZZZZ");
        assertEquals(1, wrong.code(), wrong.out() + wrong.err());
        assertTrue(wrong.err().contains("refused the pairing code"), wrong.err());

        assertTrue(ok("pair", "confirm", pairing, "--role", "guest").out().contains("guest"));
        HttpResponse<String> claimed =
                post("/api/auth/pair/claim", "{\"code\":\"" + pairing + "\"}");
        assertEquals(200, claimed.statusCode(), claimed.body());
        String cookie =
                claimed.headers().allValues("Set-Cookie").stream()
                        .filter(h -> h.startsWith("elastos_session=") && h.length() > 17)
                        .map(h -> h.substring(0, h.indexOf(';')))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(claimed.headers().map()));
        Matcher sid = Pattern.compile("\"sessionId\":\"([^\"]+)\"").matcher(claimed.body());
        assertTrue(sid.find(), claimed.body());
        String session = sid.group(1);
        assertEquals(200, whoami(cookie).statusCode());

        Run sessions = ok("session", "list", "--all");
        assertTrue(
                Pattern.compile(Pattern.quote(session) + "\\s+did:key:\\S+\\s+guest\\s+pairing")
                        .matcher(sessions.out())
                        .find(),
                sessions.out());

        assertTrue(ok("session", "revoke", session).out().contains("revoked session " + session));
        assertEquals(401, whoami(cookie).statusCode(), "a revoked session is refused");
        Run gone = elastos("", "session", "revoke", session);
        assertEquals(1, gone.code(), gone.out() + gone.err());
        assertFalse(ok("session", "list", "--all").out().contains(session));

        assertTrue(ok("user", "remove", bob).out().contains("removed " + bob));
        assertFalse(ok("user", "list").out().contains(bob));
    }

    @Test
    void exitCodesForUsageTokenAndUnreachableNode() throws Exception {
        Run usage =
                elastos(
                        "",
                        "user",
                        "invite",
                        "--username",
                        "carol",
                        "--password",
                        "on the command line");
        assertEquals(2, usage.code(), usage.err());
        assertTrue(usage.err().contains("never taken on the command line"), usage.err());

        List<String> cmd =
                List.of(
                        SCRIPT.toString(),
                        "user",
                        "list",
                        "--node",
                        "http://127.0.0.1:" + port,
                        "--token",
                        "not-the-token");
        Run refused = run(cmd, "");
        assertEquals(4, refused.code(), refused.err());

        Run unreachable =
                run(
                        List.of(
                                SCRIPT.toString(),
                                "session",
                                "list",
                                "--node",
                                "http://127.0.0.1:" + freePort(),
                                "--data",
                                data.toString()),
                        "");
        assertEquals(3, unreachable.code(), unreachable.err());

        Run help = run(List.of(SCRIPT.toString(), "pair", "help"), "");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().startsWith("usage: elastos pair"), help.out());
        Run overview = run(List.of(SCRIPT.toString(), "help"), "");
        assertTrue(overview.out().contains("  session "), overview.out());
    }

    /** Runs {@code bin/elastos ARGS --node … --data …} against this test's node. */
    private Run elastos(String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--node", "http://127.0.0.1:" + port, "--data", data.toString()));
        return run(cmd, stdin);
    }

    /** Like {@link #elastos} without stdin, and fails unless the command exits 0. */
    private Run ok(String... args) throws Exception {
        Run r = elastos("", args);
        assertEquals(0, r.code(), "elastos " + String.join(" ", args) + ": " + r.out() + r.err());
        return r;
    }

    private static Run run(List<String> cmd, String stdin) throws Exception {
        Process p = new ProcessBuilder(cmd).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        // Small outputs: reading them one after the other cannot fill a pipe and block.
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", cmd) + " hung");
        return new Run(p.exitValue(), out, err);
    }

    private HttpResponse<String> whoami(String cookie) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/whoami"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Cookie", cookie)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
