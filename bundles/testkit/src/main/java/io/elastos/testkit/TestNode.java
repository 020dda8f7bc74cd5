// SPDX-License-Identifier: Apache-2.0
package io.elastos.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import jdk.security.jarsigner.JarSigner;

/**
 * A real ElastOS node for a third-party bundle's tests: started from an installed node (the {@code
 * elastos.home} system property or the {@code ELASTOS_HOME} environment variable) with its own
 * temporary data folder and free port, trusting a throwaway signing key made for this run, and
 * stopped (data deleted) by {@link #close()}.
 *
 * <pre>{@code
 * try (TestNode node = TestNode.start()) {
 *     node.deploy(Path.of("target/com.example.greeter-1.0.0.jar"));  // signed, verified, started
 *     assertTrue(node.get("/api/node/capabilities").contains("example.greeter"));
 * }
 * }</pre>
 */
public final class TestNode implements AutoCloseable {

    private static final String STOREPASS = "testkit";

    private final Path home;
    private final Path data;
    private final int port;
    private final Path keystore;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestNode(Path home, Path data, int port, Path keystore) {
        this.home = home;
        this.data = data;
        this.port = port;
        this.keystore = keystore;
    }

    /** Starts a node; fails with a clear message when no installed node is named. */
    public static TestNode start() throws IOException, InterruptedException {
        String h = System.getProperty("elastos.home", System.getenv("ELASTOS_HOME"));
        if (h == null || !Files.isExecutable(Path.of(h, "bin", "elastos"))) {
            throw new IllegalStateException(
                    "no ElastOS node to test with: set -Delastos.home (or ELASTOS_HOME) to a built"
                            + " node, such as distribution/target/elastos-node of the node's sources");
        }
        Path data = Files.createTempDirectory("elastos-testkit-");
        Path keystore = data.resolveSibling(data.getFileName() + "-signer.p12");
        TestNode node = new TestNode(Path.of(h), data, freePort(), keystore);
        node.makeSigner();
        node.run(180, "start", "--data", data.toString(), "--port", Integer.toString(node.port));
        return node;
    }

    /** The node's base URL, such as {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The node's data folder (deleted when the node is closed). */
    public Path data() {
        return data;
    }

    /** A request with the node's admin token (the owner's rights). */
    public HttpResponse<String> admin(String method, String path, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(url() + path))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + token())
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET as the owner; fails unless the answer is 2xx. */
    public String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = admin("GET", path, null);
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    "GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /**
     * Signs a bundle jar with this run's key (which the node trusts) and hot-deploys it through
     * SuperEXE, as {@code elastos bundle deploy} does; answers the node's report.
     *
     * @throws IllegalStateException if the node refuses the bundle, with its reason
     */
    public String deploy(Path bundleJar) throws Exception {
        Path signed = sign(bundleJar);
        HttpResponse<String> r =
                admin("POST", "/api/node/bundles/deploy", Files.readAllBytes(signed));
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    "deploy refused: HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** A copy of the jar signed with this run's trusted key, next to the original. */
    public Path sign(Path jar) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, STOREPASS.toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey("testkit", STOREPASS.toCharArray());
        X509Certificate cert = (X509Certificate) ks.getCertificate("testkit");
        JarSigner signer =
                new JarSigner.Builder(
                                key,
                                CertificateFactory.getInstance("X.509")
                                        .generateCertPath(List.of(cert)))
                        .signerName("TESTKIT")
                        .digestAlgorithm("SHA-256")
                        .build();
        Path out =
                jar.resolveSibling(
                        jar.getFileName().toString().replaceAll("\\.jar$", "") + "-testkit.jar");
        try (ZipFile z = new ZipFile(jar.toFile());
                OutputStream o = Files.newOutputStream(out)) {
            signer.sign(z, o);
        }
        return out;
    }

    /** Runs {@code bin/elastos ARGS} of the node under test; must exit 0. */
    public String run(int timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/elastos").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(
                    "elastos " + String.join(" ", args) + " failed:\n" + out);
        }
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run(120, "stop", "--data", data.toString());
        } finally {
            Files.deleteIfExists(keystore);
            try (Stream<Path> walk = Files.walk(data)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private String token() throws IOException {
        return Files.readString(data.resolve("run/admin.token")).trim();
    }

    /** A throwaway EC key with a self-signed certificate, trusted by this node as a signer. */
    private void makeSigner() throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path pem = data.resolve("trust/bundles/testkit.pem");
        Files.createDirectories(pem.getParent());
        exec(
                keytool.toString(),
                "-genkeypair",
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STOREPASS,
                "-alias",
                "testkit",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-sigalg",
                "SHA256withECDSA",
                "-dname",
                "CN=ElastOS test kit",
                "-validity",
                "2");
        exec(
                keytool.toString(),
                "-exportcert",
                "-rfc",
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STOREPASS,
                "-alias",
                "testkit",
                "-file",
                pem.toString());
    }

    private static void exec(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
