// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.chain.LicenseStandard;
import io.elastos.api.chain.LicenseTerms;
import io.elastos.chain.testing.LocalChain;
import io.elastos.superexe.internal.pkg.KeyFiles;
import io.elastos.superexe.internal.pkg.PublisherKey;
import java.io.IOException;
import java.math.BigInteger;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A licensed app on the real node against a real local chain: installed while the owner's wallet
 * holds the NFT, answering 402 once the token is sold, back by itself when it returns; the {@code
 * elastos license} command line on the way.
 */
class LicenseIT {
    private static final Path SCRIPT = Path.of(System.getProperty("elastos.home"), "bin/elastos");
    private static final String APP = "org.example.licensed";

    static LocalChain chain;
    static String owner;
    static String buyer;

    @TempDir Path tmp;
    private Path data;
    private int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PublisherKey key = KeyFiles.generate(PublisherKey.Type.ED25519, 0);

    @BeforeAll
    static void chain() throws Exception {
        chain = LocalChain.start();
        owner = chain.account(1).address().toLowerCase(Locale.ROOT);
        buyer = chain.account(2).address().toLowerCase(Locale.ROOT);
    }

    @AfterAll
    static void stopChain() {
        if (chain != null) {
            chain.close();
        }
    }

    @AfterEach
    void stop() throws Exception {
        new ProcessBuilder(SCRIPT.toString(), "stop", "--data", data.toString())
                .redirectErrorStream(true)
                .start()
                .waitFor(120, TimeUnit.SECONDS);
    }

    @Test
    void licensedAppRunsWhileHeldAnswers402WhenSoldAndComesBack() throws Exception {
        chain.send(0, "erc721", "mint(address,uint256)", owner, "301");
        startNode();
        assertEquals(
                200,
                send("POST", "/api/apps/-/trust?did=" + key.did().value(), new byte[0])
                        .statusCode());

        LicenseTerms held = terms(301);
        HttpResponse<String> r = send("POST", "/api/apps", pkg(APP, held));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("center 1.0.0", send("GET", "/apps/" + APP + "/api/x", null).body());
        String list = send("GET", "/api/apps", null).body();
        assertTrue(list.contains("\"status\":\"valid\"") && list.contains(owner), list);
        assertTrue(list.contains("\"royalty\":\"5.00% to "), "royalty shown: " + list);

        Cli ok = license("check", APP);
        assertEquals(0, ok.code, ok.out + ok.err);
        assertTrue(ok.out.contains("valid") && ok.out.contains(owner), ok.out);

        // Sold: with no grace configured, the next check suspends the app.
        chain.send(1, "erc721", "transferFrom(address,address,uint256)", owner, buyer, "301");
        Cli lapsed = license("check", APP);
        assertEquals(1, lapsed.code, lapsed.out + lapsed.err);
        assertTrue(lapsed.out.contains("suspended"), lapsed.out);
        HttpResponse<String> paid = send("GET", "/apps/" + APP + "/api/x", null);
        assertEquals(402, paid.statusCode(), paid.body());
        assertTrue(paid.body().contains("held by " + buyer), paid.body());
        assertEquals(402, send("GET", "/apps/" + APP + "/", null).statusCode());

        // Bought back: the app resumes by itself at the next check.
        chain.send(2, "erc721", "transferFrom(address,address,uint256)", buyer, owner, "301");
        assertEquals(0, license("check", APP).code);
        assertEquals("center 1.0.0", send("GET", "/apps/" + APP + "/api/x", null).body());

        Cli status = license("status");
        assertTrue(status.out.contains(APP) && status.out.contains("valid"), status.out);
        String audit = send("GET", "/api/audit?limit=100", null).body();
        assertTrue(audit.contains("license.suspend") && audit.contains("license.resume"), audit);
    }

    @Test
    void packagesAndReceiptsAreCheckedBeforeInstall() throws Exception {
        startNode();
        send("POST", "/api/apps/-/trust?did=" + key.did().value(), new byte[0]);
        Path notHeld = tmp.resolve("not-held.wapp");
        Files.write(notHeld, pkg("org.example.other", terms(999)));
        Cli check = license("check", notHeld.toString());
        assertEquals(1, check.code, check.out + check.err);
        assertTrue(check.out.contains("does not exist"), check.out);

        HttpResponse<String> r = send("POST", "/api/apps", Files.readAllBytes(notHeld));
        assertEquals(422, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"step\":\"license\""), r.body());

        Path wrong = tmp.resolve("wrong.wapp");
        Files.write(
                wrong,
                pkg(
                        "org.example.wrong",
                        new LicenseTerms(
                                chain.chainId(),
                                chain.contract("erc1155"),
                                LicenseStandard.ERC721,
                                BigInteger.ONE)));
        Cli refused = license("check", wrong.toString());
        assertEquals(1, refused.code);
        assertTrue(refused.out.contains("does not implement ERC-721"), refused.out);

        Path junk = Files.writeString(tmp.resolve("receipt.json"), "{\"appId\":1}");
        Cli bad = license("receipt", "add", junk.toString());
        assertEquals(1, bad.code, bad.out + bad.err);
        assertTrue(bad.err.contains("receipt field"), bad.err);
    }

    private static LicenseTerms terms(int token) {
        return new LicenseTerms(
                chain.chainId(),
                chain.contract("erc721"),
                LicenseStandard.ERC721,
                BigInteger.valueOf(token));
    }

    private byte[] pkg(String id, LicenseTerms license) throws Exception {
        return CenterPackages.pkg(key, id, "1.0.0", license);
    }

    /** Starts the node with a copy of its configuration pointing at the local chain. */
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
                "endpoints = "
                        + chain.chainId()
                        + "="
                        + chain.rpcUrl()
                        + "\n"
                        + "timeoutMillis = 2000\nattempts = 2\nbackoffMillis = 50\n"
                        + "cacheTtlSeconds = 0\n");
        Files.writeString(
                conf.resolve("io.elastos.identity.wallets.cfg"), "addresses = " + owner + "\n");
        Files.writeString(
                conf.resolve("io.elastos.superexe.cfg"),
                "license.recheck.minutes = 10\nlicense.grace.minutes = 0\n"
                        + "license.offline.grace.hours = 72\n");
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
    }

    record Cli(int code, String out, String err) {}

    private Cli license(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT.toString(), "license"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--node", "http://127.0.0.1:" + port, "--data", data.toString()));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "elastos license hung");
        return new Cli(p.exitValue(), out, err);
    }

    private HttpResponse<String> send(String method, String path, byte[] body) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(60))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(body))
                        .header(
                                "Authorization",
                                "Bearer "
                                        + Files.readString(data.resolve("run/admin.token")).trim());
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
