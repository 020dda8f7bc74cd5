// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.json.JsonReader;
import io.elastos.json.JsonWriter;
import io.elastos.superexe.internal.pkg.KeyFiles;
import io.elastos.superexe.internal.pkg.PublisherKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web desktop in a real Chromium against the real node: first-run owner setup and wallet
 * sign-in (SIWE signed by an ethers wallet behind an injected EIP-1193 provider), a 20 MiB
 * resumable upload with progress, download, IPFS publishing, the app center's install, open,
 * update, rollback and removal, refused packages, services, audit, and a member who sees no owner
 * pages. The browser part is {@code src/test/js/browser/journeys.mjs}; this test prepares the node
 * and the files, runs it, and checks its results again over HTTP. Screenshots of every main screen
 * go to {@code target/desktop-screenshots/}.
 */
class DesktopIT {
    private static final Path HOME = Path.of(System.getProperty("elastos.home"));
    private static final Path SCRIPT = HOME.resolve("bin/elastos");
    // elastos.home is <distribution>/target/elastos-node-<version>.
    private static final Path MODULE = HOME.getParent().getParent();
    private static final Path SCREENSHOTS = MODULE.resolve("target/desktop-screenshots");
    private static final String APP = "org.example.desktop";
    private static final String APP_NAME = "Desktop Demo";
    private static final List<String> CAPS = List.of("identity.read", "storage.kv");
    private static final int BIG = 20 << 20;
    private static final List<String> SCREENS =
            List.of(
                    "login",
                    "desktop",
                    "files",
                    "install-preview",
                    "apps",
                    "app-window",
                    "refused-package",
                    "license-valid",
                    "license-refused",
                    "services",
                    "audit",
                    "people",
                    "peers",
                    "phone",
                    "member");

    /** A well-formed OSGi bundle jar without any signature: the node must refuse it. */
    private static byte[] unsignedBundle() throws IOException {
        java.util.jar.Manifest mf = new java.util.jar.Manifest();
        mf.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        mf.getMainAttributes().putValue("Bundle-SymbolicName", "org.example.unsigned");
        mf.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.jar.JarOutputStream jar = new java.util.jar.JarOutputStream(bytes, mf)) {
            jar.putNextEntry(new java.util.jar.JarEntry("org/example/unsigned/readme.txt"));
            jar.write("not signed".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    static io.elastos.chain.testing.LocalChain chain;

    @org.junit.jupiter.api.BeforeAll
    static void chain() throws Exception {
        chain = io.elastos.chain.testing.LocalChain.start();
        chain.send(0, "erc721", "mint(address,uint256)", chain.account(1).address(), "501");
        chain.send(0, "erc721", "mint(address,uint256)", chain.account(2).address(), "502");
    }

    @org.junit.jupiter.api.AfterAll
    static void stopChain() {
        if (chain != null) {
            chain.close();
        }
    }

    @TempDir Path tmp;
    private Path data;
    private int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void ownerAndMemberJourneysInChromium() throws Exception {
        BrowserJourneys browser = new BrowserJourneys(MODULE);
        browser.requireTools();
        browser.installPackages();
        startNode();
        deleteScreenshots();

        byte[] big = new byte[BIG];
        new Random(20).nextBytes(big);
        Path bigFile = Files.write(tmp.resolve("big.bin"), big);
        String bigSha = sha256(big);

        PublisherKey key = KeyFiles.generate(PublisherKey.Type.ED25519, 0);
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("id", APP);
        app.put("name", APP_NAME);
        app.put("publisher", key.did().value());
        app.put("capabilities", CAPS);
        app.put("v1", write("v1.wapp", DesktopPackages.signed(key, APP, APP_NAME, "1.0.0", CAPS)));
        app.put("v2", write("v2.wapp", DesktopPackages.signed(key, APP, APP_NAME, "1.1.0", CAPS)));
        app.put(
                "unsigned",
                write(
                        "unsigned.wapp",
                        DesktopPackages.unsigned(key, APP, APP_NAME, "1.2.0", CAPS)));
        app.put(
                "tampered",
                write(
                        "tampered.wapp",
                        DesktopPackages.tampered(key, APP, APP_NAME, "1.2.0", CAPS)));

        // Licensed by ERC-721 tokens on the local chain: 501 is the owner's wallet's, 502
        // another's.
        String erc721 = chain.contract("erc721");
        app.put("licenseContract", erc721);
        app.put(
                "licensed",
                write(
                        "licensed.wapp",
                        DesktopPackages.licensed(
                                key,
                                "org.example.licensed",
                                "Licensed",
                                "1.0.0",
                                CAPS,
                                chain.chainId(),
                                erc721,
                                501)));
        app.put(
                "licensedOther",
                write(
                        "licensed-other.wapp",
                        DesktopPackages.licensed(
                                key,
                                "org.example.notmine",
                                "Not Mine",
                                "1.0.0",
                                CAPS,
                                chain.chainId(),
                                erc721,
                                502)));

        Path results = tmp.resolve("results.json");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("url", "http://127.0.0.1:" + port);
        config.put("setupCode", setupCode());
        config.put("chromium", BrowserJourneys.chromium().toString());
        config.put("profiles", Files.createDirectories(tmp.resolve("profiles")).toString());
        config.put("screenshots", SCREENSHOTS.toString());
        config.put("results", results.toString());
        config.put(
                "bigFile",
                Map.of(
                        "path",
                        bigFile.toString(),
                        "name",
                        "big.bin",
                        "sha256",
                        bigSha,
                        "size",
                        BIG));
        config.put("app", app);
        config.put("ownerKey", chain.account(1).privateKey());
        config.put("unsignedBundle", write("unsigned-bundle.jar", unsignedBundle()));
        config.put("member", Map.of("username", "bob", "password", "bob's long secret"));
        Path configFile = Files.writeString(tmp.resolve("config.json"), JsonWriter.write(config));

        int exit = browser.run(configFile, 200);
        assertEquals(0, exit, "the browser journeys failed:\n" + browser.output());

        Map<?, ?> out =
                (Map<?, ?>)
                        JsonReader.parse(Files.readAllBytes(results), JsonReader.Limits.DOCUMENT);
        assertEquals(bigSha, out.get("downloadedSha256"));
        // The CID the page showed serves the uploaded bytes, checked here without the browser.
        String cid = (String) out.get("cid");
        HttpResponse<InputStream> ipfs = get("/ipfs/" + cid);
        assertEquals(200, ipfs.statusCode());
        try (InputStream in = ipfs.body()) {
            assertEquals(bigSha, sha256(in.readAllBytes()), "GET /ipfs/" + cid);
        }
        String audit = text(get("/api/audit?limit=1000"));
        for (String action :
                List.of("app.install", "app.update", "app.rollback", "app.remove", "auth.login")) {
            assertTrue(audit.contains("\"action\":\"" + action + "\""), action + " audited");
        }
        String users = text(get("/api/users"));
        assertTrue(users.contains("\"username\":\"bob\"") && users.contains("\"role\":\"member\""));
        assertTrue(
                users.contains(
                        "did:pkh:eip155:1:"
                                + ((String) out.get("ownerAddress"))
                                        .toLowerCase(java.util.Locale.ROOT)),
                "the wallet that signed in first is the owner: " + users);

        for (String screen : SCREENS) {
            assertPng(SCREENSHOTS.resolve(screen + ".png"));
        }
    }

    /** A PNG of at least 320x320 pixels and more than a blank image's few hundred bytes. */
    private static void assertPng(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), "screenshot " + file);
        byte[] png = Files.readAllBytes(file);
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        assertTrue(
                png.length > 10_000 && java.util.Arrays.equals(magic, 0, 8, png, 0, 8),
                file + ": " + png.length + " bytes");
        ByteBuffer ihdr = ByteBuffer.wrap(png, 16, 8);
        int width = ihdr.getInt();
        int height = ihdr.getInt();
        assertTrue(width >= 320 && height >= 320, file + ": " + width + "x" + height);
    }

    private void startNode() throws Exception {
        data = tmp.resolve("node");
        port = freePort();
        Path conf = Files.createDirectories(tmp.resolve("conf"));
        try (DirectoryStream<Path> s = Files.newDirectoryStream(HOME.resolve("conf"))) {
            for (Path f : s) {
                Files.copy(f, conf.resolve(f.getFileName()));
            }
        }
        // The local chain (ganache on 127.0.0.1) for licenses; the owner's wallet is the one the
        // browser signs in with, so its tokens are the owner's.
        Files.writeString(
                conf.resolve("io.elastos.chain.cfg"),
                "endpoints = "
                        + chain.chainId()
                        + "="
                        + chain.rpcUrl()
                        + "\ntimeoutMillis = 2000\nattempts = 2\nbackoffMillis = 50\ncacheTtlSeconds = 0\n");
        Files.writeString(
                conf.resolve("io.elastos.identity.wallets.cfg"),
                "addresses = "
                        + chain.account(1).address().toLowerCase(java.util.Locale.ROOT)
                        + "\n");
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

    @AfterEach
    void stop() throws Exception {
        if (data != null) {
            new ProcessBuilder(SCRIPT.toString(), "stop", "--data", data.toString())
                    .redirectErrorStream(true)
                    .start()
                    .waitFor(120, TimeUnit.SECONDS);
        }
    }

    private String setupCode() throws IOException {
        Matcher m =
                Pattern.compile("Setup code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})")
                        .matcher(Files.readString(data.resolve("logs/node.log")));
        assertTrue(m.find(), "the node logs its setup code");
        return m.group(1);
    }

    private HttpResponse<InputStream> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(60))
                        .header(
                                "Authorization",
                                "Bearer "
                                        + Files.readString(data.resolve("run/admin.token")).trim())
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private static String text(HttpResponse<InputStream> r) throws IOException {
        try (InputStream in = r.body()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(200, r.statusCode(), body);
            return body;
        }
    }

    private String write(String name, byte[] bytes) throws IOException {
        return Files.write(tmp.resolve(name), bytes).toString();
    }

    private static void deleteScreenshots() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(SCREENSHOTS, "*.png")) {
            for (Path f : s) {
                Files.delete(f);
            }
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
