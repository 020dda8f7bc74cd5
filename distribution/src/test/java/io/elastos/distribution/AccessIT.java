// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.chain.testing.LocalChain;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in on the real node over HTTP: the first owner by setup code, cookies and CSRF, wallet
 * sign-in with ethers signatures (a plain wallet and an ERC-1271 smart account on the local chain),
 * roles, logout, and device pairing.
 */
class AccessIT {
    private static final Path SCRIPT = Path.of(System.getProperty("elastos.home"), "bin/elastos");
    private static final Pattern SET_COOKIE = Pattern.compile("^([a-z_]+)=([^;]*)");

    static LocalChain chain;

    @TempDir Path tmp;
    private Path data;
    private int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void chain() throws Exception {
        chain = LocalChain.start();
    }

    @AfterAll
    static void stopChain() {
        if (chain != null) {
            chain.close();
        }
    }

    /** One browser: its cookies and the CSRF token of its session. */
    final class Browser {
        final Map<String, String> cookies = new LinkedHashMap<>();
        String csrf;

        HttpResponse<String> send(String method, String path, String json) throws Exception {
            return send(method, path, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
        }

        HttpResponse<String> send(String method, String path, byte[] body) throws Exception {
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(60))
                            .method(
                                    method,
                                    body == null
                                            ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofByteArray(body));
            if (!cookies.isEmpty()) {
                StringBuilder c = new StringBuilder();
                cookies.forEach((k, v) ->
                        c.append(c.length() == 0 ? "" : "; ").append(k).append('=').append(v));
                b.header("Cookie", c.toString());
            }
            if (csrf != null) {
                b.header("X-CSRF-Token", csrf);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            for (String h : r.headers().allValues("Set-Cookie")) {
                Matcher m = SET_COOKIE.matcher(h);
                if (m.find()) {
                    if (m.group(2).isEmpty()) {
                        cookies.remove(m.group(1));
                    } else {
                        cookies.put(m.group(1), m.group(2));
                    }
                }
                if (h.startsWith("elastos_session=") && !h.startsWith("elastos_session=;")) {
                    assertTrue(h.contains("HttpOnly") && h.contains("SameSite=Strict"), h);
                }
            }
            Matcher token = Pattern.compile("\"csrf\":\"([^\"]+)\"").matcher(r.body());
            if (token.find()) {
                csrf = token.group(1);
            }
            return r;
        }

        /** Signs in with a wallet: nonce, EIP-4361 message, ethers personal_sign. */
        HttpResponse<String> siwe(String key, String address, long chainId) throws Exception {
            HttpResponse<String> n = send("POST", "/api/auth/nonce", (String) null);
            assertEquals(200, n.statusCode(), n.body());
            String nonce = field(n.body(), "nonce");
            String message = message(address, chainId, nonce);
            String sig = chain.signMessage(key, message).signature();
            return send("POST", "/api/auth/login", json("message", message, "signature", sig));
        }
    }

    String message(String address, long chainId, String nonce) {
        String host = "127.0.0.1:" + port;
        return host
                + " wants you to sign in with your Ethereum account:\n"
                + checksum(address)
                + "\n\nSign in to my NAS.\n\nURI: http://"
                + host
                + "\nVersion: 1\nChain ID: "
                + chainId
                + "\nNonce: "
                + nonce
                + "\nIssued At: "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    void ownerMembersDevicesAndEverythingGuarded() throws Exception {
        startNode();
        Browser owner = new Browser();
        assertEquals(401, owner.send("GET", "/api/auth/whoami", (String) null).statusCode());
        String wrong =
                json(
                        "code",
                        "AAAA-BBBB-CCCC",
                        "username",
                        "alice",
                        "password",
                        "a long enough secret");
        assertEquals(401, owner.send("POST", "/api/auth/setup", wrong).statusCode());

        String code = setupCode();
        assertTrue(
                startOutput.contains("sign in once with setup code " + code),
                "elastos start shows the setup code: " + startOutput);
        HttpResponse<String> claimed =
                owner.send(
                        "POST",
                        "/api/auth/setup",
                        json(
                                "code",
                                code,
                                "username",
                                "alice",
                                "password",
                                "a long enough secret"));
        assertEquals(200, claimed.statusCode(), claimed.body());
        assertNotNull(owner.csrf);
        assertTrue(
                owner.send("GET", "/api/auth/whoami", (String) null)
                        .body()
                        .contains("\"role\":\"owner\""));
        assertEquals(
                401,
                new Browser()
                        .send(
                                "POST",
                                "/api/auth/setup",
                                json(
                                        "code",
                                        code,
                                        "username",
                                        "eve",
                                        "password",
                                        "a long enough secret"))
                        .statusCode(),
                "the setup code works once");

        // CSRF: a state-changing request with the cookie but without the token is refused.
        String csrf = owner.csrf;
        owner.csrf = null;
        assertEquals(
                403,
                owner.send(
                                "POST",
                                "/api/users",
                                json(
                                        "username",
                                        "bob",
                                        "password",
                                        "bob's long secret",
                                        "role",
                                        "member"))
                        .statusCode());
        owner.csrf = csrf;

        // A wallet member, signing with ethers.
        LocalChain.Account wallet = chain.account(5);
        String walletDid = "did:pkh:eip155:1:" + wallet.address().toLowerCase(Locale.ROOT);
        assertEquals(
                200,
                owner.send("POST", "/api/users", json("wallet", walletDid, "role", "member"))
                        .statusCode());
        Browser member = new Browser();
        HttpResponse<String> in = member.siwe(wallet.privateKey(), wallet.address(), 1);
        assertEquals(200, in.statusCode(), in.body());
        assertTrue(
                in.body().contains("\"role\":\"member\"") && in.body().contains(walletDid),
                in.body());
        assertEquals(
                403,
                member.send("GET", "/api/apps", (String) null).statusCode(),
                "members do not manage apps");
        assertEquals(403, member.send("GET", "/api/users", (String) null).statusCode());

        // A message signed by another key for this wallet is refused.
        Browser mallory = new Browser();
        HttpResponse<String> n = mallory.send("POST", "/api/auth/nonce", (String) null);
        String forged = message(wallet.address(), 1, field(n.body(), "nonce"));
        String sig = chain.signMessage(chain.account(6).privateKey(), forged).signature();
        assertEquals(
                401,
                mallory.send("POST", "/api/auth/login", json("message", forged, "signature", sig))
                        .statusCode());

        // A smart-account wallet (ERC-1271) on the local chain, signed by its owner key.
        String account = chain.contract("account");
        String accountDid =
                "did:pkh:eip155:" + chain.chainId() + ":" + account.toLowerCase(Locale.ROOT);
        assertEquals(
                200,
                owner.send("POST", "/api/users", json("wallet", accountDid, "role", "member"))
                        .statusCode());
        Browser smart = new Browser();
        HttpResponse<String> aa =
                smart.siwe(chain.account(3).privateKey(), account, chain.chainId());
        assertEquals(200, aa.statusCode(), aa.body());
        assertTrue(aa.body().contains(accountDid), aa.body());

        // Members use an app only with a grant, revoked at once.
        io.elastos.superexe.internal.pkg.PublisherKey key =
                io.elastos.superexe.internal.pkg.KeyFiles.generate(
                        io.elastos.superexe.internal.pkg.PublisherKey.Type.ED25519, 0);
        assertEquals(
                200,
                owner.send("POST", "/api/apps/-/trust?did=" + key.did().value(), (String) null)
                        .statusCode());
        HttpResponse<String> installed =
                owner.send(
                        "POST",
                        "/api/apps",
                        CenterPackages.pkg(key, "org.example.shared", "1.0.0", null));
        assertEquals(200, installed.statusCode(), installed.body());
        assertEquals(
                403,
                member.send("GET", "/apps/org.example.shared/api/x", (String) null).statusCode());
        HttpResponse<String> granted =
                owner.send(
                        "POST",
                        "/api/grants",
                        json("grantee", walletDid, "resource", "app:org.example.shared"));
        assertEquals(200, granted.statusCode(), granted.body());
        HttpResponse<String> used =
                member.send("GET", "/apps/org.example.shared/api/x", (String) null);
        assertEquals(201, used.statusCode(), used.body());
        assertEquals("center 1.0.0", used.body());
        assertEquals(
                200,
                owner.send("DELETE", "/api/grants/" + field(granted.body(), "id"), (String) null)
                        .statusCode());
        assertEquals(
                403,
                member.send("GET", "/apps/org.example.shared/api/x", (String) null).statusCode());

        // Logout ends the session; the old cookie is refused afterwards.
        String oldCookie = member.cookies.get("elastos_session");
        assertEquals(200, member.send("POST", "/api/auth/logout", (String) null).statusCode());
        Browser replay = new Browser();
        replay.cookies.put("elastos_session", oldCookie);
        assertEquals(401, replay.send("GET", "/api/auth/whoami", (String) null).statusCode());

        // A device pairs with a code shown on the node and confirmed by the owner.
        Browser device = new Browser();
        HttpResponse<String> pc = device.send("POST", "/api/auth/pair/code", (String) null);
        assertEquals(200, pc.statusCode(), pc.body());
        String pairing = field(pc.body(), "code");
        assertTrue(field(pc.body(), "qr").endsWith("#" + pairing));
        assertEquals(
                401,
                device.send("POST", "/api/auth/pair/claim", json("code", pairing)).statusCode());
        assertEquals(
                200,
                owner.send("POST", "/api/auth/pair/confirm", json("code", pairing, "role", "guest"))
                        .statusCode());
        HttpResponse<String> paired =
                device.send("POST", "/api/auth/pair/claim", json("code", pairing));
        assertEquals(200, paired.statusCode(), paired.body());
        assertTrue(paired.body().contains("\"role\":\"guest\""));
        assertEquals(403, device.send("GET", "/api/audit", (String) null).statusCode());

        // Passwords: brute force is slowed down to 429.
        int last = 0;
        for (int i = 0; i < 8; i++) {
            last =
                    new Browser()
                            .send(
                                    "POST",
                                    "/api/auth/login/password",
                                    json("username", "alice", "password", "guess number " + i))
                            .statusCode();
        }
        assertEquals(429, last);

        String sessions = owner.send("GET", "/api/auth/sessions?all=true", (String) null).body();
        assertTrue(
                sessions.contains("\"method\":\"pairing\"")
                        && sessions.contains("\"method\":\"siwe\""),
                sessions);
        String audit = owner.send("GET", "/api/audit?limit=200", (String) null).body();
        assertTrue(audit.contains("auth.login") && audit.contains("denied"), audit);
    }

    private String setupCode() throws IOException {
        Path log = data.resolve("logs/node.log");
        Matcher m =
                Pattern.compile("Setup code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})")
                        .matcher(Files.readString(log));
        assertTrue(m.find(), "the node logs its setup code");
        return m.group(1);
    }

    private void startNode() throws Exception {
        data = tmp.resolve("node");
        port = freePort();
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        try (DirectoryStream<Path> s =
                Files.newDirectoryStream(Path.of(System.getProperty("elastos.home"), "conf"))) {
            for (Path f : s) {
                Files.copy(f, conf.resolve(f.getFileName()));
            }
        }
        Files.writeString(
                conf.resolve("io.elastos.chain.cfg"),
                "endpoints = " + chain.chainId() + "=" + chain.rpcUrl() + "\n");
        Files.writeString(
                conf.resolve("io.elastos.identity.access.cfg"),
                "siwe.chains = 1, " + chain.chainId() + "\n");
        Process p =
                new ProcessBuilder(
                                SCRIPT.toString(),
                                "start",
                                "--data",
                                data.toString(),
                                "--port",
                                Integer.toString(port),
                                "--conf",
                                conf.toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        startOutput = out;
    }

    private String startOutput = "";

    @org.junit.jupiter.api.AfterEach
    void stop() throws Exception {
        if (data != null) {
            new ProcessBuilder(SCRIPT.toString(), "stop", "--data", data.toString())
                    .redirectErrorStream(true)
                    .start()
                    .waitFor(120, TimeUnit.SECONDS);
        }
    }

    static String json(String... kv) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < kv.length; i += 2) {
            b.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(kv[i])
                    .append("\":\"")
                    .append(
                            kv[i + 1]
                                    .replace("\\", "\\\\")
                                    .replace("\"", "\\\"")
                                    .replace("\n", "\\n"))
                    .append('"');
        }
        return b.append('}').toString();
    }

    static String field(String body, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(body);
        assertTrue(m.find(), name + " in " + body);
        return m.group(1);
    }

    /** EIP-55 mixed-case checksum of an address. */
    static String checksum(String address) {
        String hex = address.toLowerCase(Locale.ROOT).substring(2);
        byte[] hash = org.web3j.crypto.Hash.sha3(hex.getBytes(StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder("0x");
        for (int i = 0; i < 40; i++) {
            int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
            char c = hex.charAt(i);
            out.append(nibble >= 8 ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
