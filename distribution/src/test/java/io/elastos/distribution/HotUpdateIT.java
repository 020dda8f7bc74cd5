// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capability bundle updated under load: a mini-app calls the capability of a third-party bundle
 * (made by {@code elastos bundle new}, signed, deployed with the CLI) from several clients without
 * pause while a new version of the bundle is deployed. No call fails, before, during or after the
 * switch; the calls that arrive while the bundle restarts wait for it, and the longest such wait
 * (the gap) is reported.
 */
class HotUpdateIT {

    @TempDir Path tmp;

    static String run(Path dir, String... cmd) throws Exception {
        Process p =
                new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), String.join(" ", cmd) + " hung");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
        return out;
    }

    @Test
    void aBundleUpdatedUnderLoadFailsNoCall() throws Exception {
        try (MiniAppNode node = new MiniAppNode(tmp.resolve("node"))) {
            node.start();
            String elastos = MiniAppNode.SCRIPT.toString();
            // The bundle, version 1.0.0 and 1.0.1, signed by a developer the owner trusts.
            Path project = tmp.resolve("greeter");
            run(tmp, elastos, "bundle", "new", "com.example.greeter", "--dir", project.toString());
            run(
                    tmp,
                    "keytool",
                    "-genkeypair",
                    "-keystore",
                    "signer.p12",
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    "devsecret",
                    "-alias",
                    "dev",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=Greeter Developer",
                    "-validity",
                    "2");
            run(
                    tmp,
                    "keytool",
                    "-exportcert",
                    "-rfc",
                    "-keystore",
                    "signer.p12",
                    "-storepass",
                    "devsecret",
                    "-alias",
                    "dev",
                    "-file",
                    "dev.pem");
            String[] sign = {
                "-Dsign.keystore=" + tmp.resolve("signer.p12"),
                "-Dsign.alias=dev",
                "-Dsign.storepass=devsecret"
            };
            run(project, "mvn", "-B", "-q", "package", "-DskipTests", sign[0], sign[1], sign[2]);
            Path v1 =
                    Files.copy(
                            project.resolve("target/com.example.greeter-1.0.0.jar"),
                            tmp.resolve("v1.jar"));
            Path pom = project.resolve("pom.xml");
            Files.writeString(
                    pom,
                    Files.readString(pom)
                            .replaceFirst("<version>1.0.0</version>", "<version>1.0.1</version>"));
            run(project, "mvn", "-B", "-q", "package", "-DskipTests", sign[0], sign[1], sign[2]);
            Path v2 = project.resolve("target/com.example.greeter-1.0.1.jar");
            run(tmp, elastos, "bundle", "trust", "dev.pem", "--data", node.data.toString());
            assertTrue(
                    run(
                                    tmp,
                                    elastos,
                                    "bundle",
                                    "deploy",
                                    v1.toString(),
                                    "--node",
                                    node.url(),
                                    "--data",
                                    node.data.toString())
                            .contains("deployed com.example.greeter 1.0.0"));

            // A mini-app that calls the bundle's capability for every request.
            Path app = MiniAppNode.buildSample("hello", tmp, node);
            Files.writeString(app.resolve("src/index.ts"), GREET_APP);
            Files.writeString(
                    app.resolve("manifest.json"),
                    Files.readString(app.resolve("manifest.json"))
                            .replace("org.elastos.hello", "org.example.greet")
                            .replace("\"storage.kv\"", "\"storage.kv\", \"example.greeter\""));
            node.app("build", app.toString());
            Path key = tmp.resolve("publisher.key");
            node.app("trust", node.app("keygen", "--out", key.toString()).strip());
            node.app(
                    "pack",
                    app.resolve("build").toString(),
                    "--key",
                    key.toString(),
                    "--out",
                    tmp.resolve("greet.wapp").toString());
            node.app("install", tmp.resolve("greet.wapp").toString());
            MiniAppNode.Browser owner = node.owner("alice", "a long enough secret");
            HttpResponse<String> first =
                    owner.send("GET", "/apps/org.example.greet/api/greet?name=Ada", null, null);
            assertEquals(200, first.statusCode(), first.body());
            assertTrue(first.body().contains("Hello, Ada, from org.example.greet!"), first.body());

            // Load from four clients; the update lands in the middle.
            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                running.add(
                        clients.submit(() -> {
                            while (!stop.get()) {
                                long t0 = System.nanoTime();
                                try {
                                    HttpResponse<String> r =
                                            owner.send(
                                                    "GET",
                                                    "/apps/org.example.greet/api/greet?name=Ada",
                                                    null,
                                                    null);
                                    if (r.statusCode() != 200) {
                                        failures.add(r.statusCode() + " " + r.body());
                                    }
                                } catch (Exception e) {
                                    failures.add(e.toString());
                                }
                                latencies.add(System.nanoTime() - t0);
                            }
                            return null;
                        }));
            }
            Thread.sleep(3000);
            long before = latencies.size();
            String deployed =
                    run(
                            tmp,
                            elastos,
                            "bundle",
                            "deploy",
                            v2.toString(),
                            "--node",
                            node.url(),
                            "--data",
                            node.data.toString());
            Thread.sleep(3000);
            stop.set(true);
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
            clients.shutdown();
            assertTrue(deployed.contains("deployed com.example.greeter 1.0.1"), deployed);
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            long max = sorted.get(sorted.size() - 1);
            long p50 = sorted.get(sorted.size() / 2);
            long p99 = sorted.get((int) (sorted.size() * 0.99));
            System.out.printf(
                    "hot update under load: %d calls (%d before the deploy), %d failed; latency p50 %.1f ms, p99 %.1f ms, max (the gap) %.1f ms%n",
                    sorted.size(), before, failures.size(), p50 / 1e6, p99 / 1e6, max / 1e6);
            assertTrue(failures.isEmpty(), "failed calls: " + failures.stream().limit(5).toList());
            assertTrue(sorted.size() > 100, "calls made: " + sorted.size());
            String bundles =
                    run(
                            tmp,
                            elastos,
                            "bundle",
                            "list",
                            "--node",
                            node.url(),
                            "--data",
                            node.data.toString());
            assertTrue(
                    bundles.contains("com.example.greeter") && bundles.contains("1.0.1"), bundles);
        }
    }

    static final String GREET_APP =
            """
            // Calls the example.greeter capability that a third-party bundle provides.
            import { Memory } from "@extism/as-pdk";
            import { free, length } from "@extism/as-pdk/lib/env";
            import { JsonValue, Request, Response, Router } from "../sdk";

            @external("extism:host/user", "example_greeter_greet")
            declare function example_greeter_greet(input: u64): u64;

            function greet(req: Request): Response {
              const name = req.queryParam("name");
              if (name === null || name.length == 0 || name.length > 100) return Response.error(400, "name?");
              const p = example_greeter_greet(Memory.allocateString(name).offset);
              const text = new Memory(p, length(p)).toString();
              free(p);
              return Response.json(JsonValue.obj().set("greeting", JsonValue.str(text)));
            }

            const router = new Router().get("/greet", greet);

            export function handle(): i32 {
              return router.serve();
            }
            """;
}
