package io.elastos.bench;

import static io.elastos.bench.Stats.f;
import static io.elastos.bench.Stats.median;
import static io.elastos.bench.Stats.ms;
import static io.elastos.bench.Stats.pct;

import io.elastos.superexe.internal.pkg.KeyFiles;
import io.elastos.superexe.internal.pkg.PackageBuilder;
import io.elastos.superexe.internal.pkg.PackageLimits;
import io.elastos.superexe.internal.pkg.PackageReader;
import io.elastos.superexe.internal.pkg.PublisherKey;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.elastos.superexe.testing.OutputWasm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SuperEXE benchmarks against a running node (driven by {@code bench/run --only superexe}).
 *
 * <pre>
 * SuperexeLoad gen OUTDIR [big=20] [bigWarmup=2] [bigBytes=1048576]
 *     a fresh Ed25519 publisher key (OUTDIR/did.txt), the handler app org.elastos.bench.handler
 *     v1.0.0 … v1.20.0 (OUTDIR/handler-VERSION.wapp, answering 200 "vVERSION"), and big packages
 *     org.elastos.bench.bigNN (OUTDIR/big-NN.wapp; warm-up ones big-wN.wapp) whose wasm carries a
 *     custom section of bigBytes random (incompressible) bytes. Needs wat2wasm.
 * SuperexeLoad sequence URL TOKENFILE PKGDIR [pause=300]
 *     20 updates (v1.1.0 … v1.20.0) and a rollback after every 4th, while a probe thread polls
 *     URL/apps/ID/api/probe in a tight loop; per operation: the switch time (request sent → the
 *     probe's first response with the new version) and the operation time (request → response).
 * SuperexeLoad install URL TOKENFILE PKGDIR [reads=5]
 *     installs big-wN.wapp (warm-up) then big-NN.wapp through POST /api/apps, timing each;
 *     then PackageReader.read of the same files in-process (warm), as the reference.
 * </pre>
 *
 * Prints {@code BENCH-SUPEREXE kind=… key=value …} lines; exits non-zero on any failure.
 */
public final class SuperexeLoad {

    static final String APP = "org.elastos.bench.handler";

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SuperexeLoad gen|sequence|install …");
            System.exit(2);
        }
        Map<String, String> opt = new HashMap<>();
        List<String> pos = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq > 0 && !args[i].startsWith("http")) {
                opt.put(args[i].substring(0, eq), args[i].substring(eq + 1));
            } else {
                pos.add(args[i]);
            }
        }
        switch (args[0]) {
            case "gen" -> gen(Path.of(pos.get(0)), opt);
            case "sequence" -> sequence(pos.get(0), token(pos.get(1)), Path.of(pos.get(2)), opt);
            case "install" -> install(pos.get(0), token(pos.get(1)), Path.of(pos.get(2)), opt);
            default -> {
                System.err.println("unknown mode " + args[0]);
                System.exit(2);
            }
        }
    }

    private static String token(String file) throws Exception {
        return Files.readString(Path.of(file)).trim();
    }

    // ------------------------------------------------------------------ package generation

    private static void gen(Path out, Map<String, String> opt) throws Exception {
        int big = Integer.parseInt(opt.getOrDefault("big", "20"));
        int bigWarmup = Integer.parseInt(opt.getOrDefault("bigWarmup", "2"));
        int bigBytes = Integer.parseInt(opt.getOrDefault("bigBytes", "1048576"));
        Files.createDirectories(out);
        PublisherKey key = KeyFiles.generate(PublisherKey.Type.ED25519, 0);
        Files.writeString(out.resolve("did.txt"), key.did().value() + "\n");
        for (int minor = 0; minor <= 20; minor++) {
            String version = "1." + minor + ".0";
            byte[] wasm = handlerWasm(out, "v" + version);
            byte[] pkg =
                    new PackageBuilder(APP, "Bench handler", version, key.did())
                            .entry("plugin.wasm")
                            .file("plugin.wasm", wasm)
                            .build(key);
            Files.write(out.resolve("handler-" + version + ".wapp"), pkg);
        }
        SplittableRandom rnd = new SplittableRandom(0x5eed);
        long size = 0;
        for (int i = 0; i < bigWarmup + big; i++) {
            String n = i < bigWarmup ? "w" + (i + 1) : String.format("%02d", i - bigWarmup + 1);
            String id = "org.elastos.bench.big" + n;
            byte[] payload = new byte[bigBytes];
            rnd.nextBytes(payload);
            byte[] wasm = withCustomSection(handlerWasm(out, "big " + n), "bench.padding", payload);
            byte[] pkg =
                    new PackageBuilder(id, "Bench big " + n, "1.0.0", key.did())
                            .entry("plugin.wasm")
                            .file("plugin.wasm", wasm)
                            .build(key);
            Files.write(out.resolve("big-" + n + ".wapp"), pkg);
            size = pkg.length;
        }
        System.out.println(
                "BENCH-SUPEREXE kind=gen did="
                        + key.did().value()
                        + " handler_versions=21 big="
                        + big
                        + " big_warmup="
                        + bigWarmup
                        + " big_package_bytes="
                        + size
                        + " big_padding_bytes="
                        + bigBytes);
    }

    /** A module whose {@code handle} export returns a constant 200 text/plain response. */
    static byte[] handlerWasm(Path dir, String body) throws Exception {
        return OutputWasm.compile(OutputWasm.wat("handle", OutputWasm.httpResponse(200, body), ""));
    }

    /** Appends a custom section (id 0) to a module; engines skip its content. */
    static byte[] withCustomSection(byte[] module, String name, byte[] payload) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        leb(content, n.length);
        content.writeBytes(n);
        content.writeBytes(payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(module);
        out.write(0);
        leb(out, content.size());
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    private static void leb(ByteArrayOutputStream out, long v) {
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }

    // ------------------------------------------------------------------ HTTP helpers

    private static final HttpClient HTTP =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

    private static HttpResponse<String> send(
            String base, String token, String method, String path, byte[] body) throws Exception {
        HttpRequest req =
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(120))
                        .header("Authorization", "Bearer " + token)
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern SUCCESS = Pattern.compile("\"success\"\\s*:\\s*true");

    // ------------------------------------------------------------------ zero-downtime sequence

    private static void sequence(String base, String token, Path dir, Map<String, String> opt)
            throws Exception {
        long pause = Long.parseLong(opt.getOrDefault("pause", "300"));
        String appPath = "/apps/" + APP + "/api/probe";
        AtomicReference<String> expected = new AtomicReference<>();
        AtomicLong seenAt = new AtomicLong();
        AtomicLong probeRequests = new AtomicLong();
        AtomicLong probeFailures = new AtomicLong();
        AtomicReference<String> lastFailure = new AtomicReference<>("");
        HttpClient probeHttp =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
        HttpRequest probeReq =
                HttpRequest.newBuilder(URI.create(base + appPath))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build();
        var running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread probe =
                Thread.ofPlatform()
                        .name("probe")
                        .daemon()
                        .start(
                                () -> {
                                    while (running.get()) {
                                        try {
                                            HttpResponse<String> r =
                                                    probeHttp.send(
                                                            probeReq,
                                                            HttpResponse.BodyHandlers.ofString());
                                            long now = System.nanoTime();
                                            probeRequests.incrementAndGet();
                                            if (r.statusCode() != 200) {
                                                probeFailures.incrementAndGet();
                                                lastFailure.set(
                                                        r.statusCode() + " " + r.body());
                                                continue;
                                            }
                                            String want = expected.get();
                                            if (want != null && r.body().equals(want)) {
                                                seenAt.compareAndSet(0, now);
                                            }
                                        } catch (Exception e) {
                                            probeRequests.incrementAndGet();
                                            probeFailures.incrementAndGet();
                                            lastFailure.set(e.toString());
                                        }
                                    }
                                });

        List<String> history = new ArrayList<>(List.of("1.0.0")); // versions, head last
        List<double[]> results = new ArrayList<>(); // {switch ms, op ms}
        int updates = 0;
        int rollbacks = 0;
        boolean failed = false;
        for (int minor = 1; minor <= 20 && !failed; minor++) {
            List<String> ops = new ArrayList<>(List.of("update:1." + minor + ".0"));
            if (minor % 4 == 0) {
                ops.add("rollback");
            }
            for (String op : ops) {
                String target;
                String method;
                String path;
                byte[] body;
                if (op.startsWith("update:")) {
                    target = op.substring(7);
                    method = "PUT";
                    path = "/api/apps/" + APP;
                    body = Files.readAllBytes(dir.resolve("handler-" + target + ".wapp"));
                } else {
                    target = history.get(history.size() - 2);
                    method = "POST";
                    path = "/api/apps/" + APP + "/rollback";
                    body = new byte[0];
                }
                seenAt.set(0);
                expected.set("v" + target);
                long t0 = System.nanoTime();
                HttpResponse<String> r = send(base, token, method, path, body);
                long t1 = System.nanoTime();
                Matcher v = VERSION.matcher(r.body());
                String got = v.find() ? v.group(1) : "?";
                if (r.statusCode() != 200 || !SUCCESS.matcher(r.body()).find()) {
                    System.out.println(
                            "BENCH-SUPEREXE-ERROR "
                                    + op
                                    + " answered "
                                    + r.statusCode()
                                    + ": "
                                    + r.body());
                    failed = true;
                    break;
                }
                if (!got.equals(target)) {
                    System.out.println(
                            "BENCH-SUPEREXE-ERROR "
                                    + op
                                    + " switched to "
                                    + got
                                    + ", expected "
                                    + target
                                    + ": "
                                    + r.body());
                    failed = true;
                    break;
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (seenAt.get() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(0, 200_000);
                }
                long seen = seenAt.get();
                if (seen == 0) {
                    System.out.println(
                            "BENCH-SUPEREXE-ERROR the probe did not see v"
                                    + target
                                    + " within 10 s after "
                                    + op);
                    failed = true;
                    break;
                }
                if (op.startsWith("update:")) {
                    history.add(target);
                    updates++;
                } else {
                    history.remove(history.size() - 1);
                    rollbacks++;
                }
                double sw = ms(seen - t0);
                double opMs = ms(t1 - t0);
                results.add(new double[] {sw, opMs});
                System.out.println(
                        "BENCH-SUPEREXE kind=op op="
                                + (op.startsWith("update:") ? "update" : "rollback")
                                + " version="
                                + target
                                + " switch_ms="
                                + f(sw)
                                + " op_ms="
                                + f(opMs));
                Thread.sleep(pause);
            }
        }
        running.set(false);
        probe.join(35_000);
        double[] sw = results.stream().mapToDouble(a -> a[0]).sorted().toArray();
        double[] op = results.stream().mapToDouble(a -> a[1]).sorted().toArray();
        if (sw.length == 0) {
            System.out.println("BENCH-SUPEREXE-ERROR no operation succeeded");
            System.exit(1);
        }
        System.out.println(
                "BENCH-SUPEREXE kind=sequence updates="
                        + updates
                        + " rollbacks="
                        + rollbacks
                        + " final_version="
                        + history.get(history.size() - 1)
                        + " switch_p50_ms="
                        + f(median(sw))
                        + " switch_max_ms="
                        + f(sw[sw.length - 1])
                        + " op_p50_ms="
                        + f(median(op))
                        + " op_max_ms="
                        + f(op[op.length - 1])
                        + " probe_requests="
                        + probeRequests.get()
                        + " probe_failures="
                        + probeFailures.get());
        if (probeFailures.get() > 0) {
            System.out.println("BENCH-SUPEREXE-ERROR probe failure, last: " + lastFailure.get());
        }
        System.exit(failed ? 1 : 0);
    }

    // ------------------------------------------------------------------ install time

    private static void install(String base, String token, Path dir, Map<String, String> opt)
            throws Exception {
        int reads = Integer.parseInt(opt.getOrDefault("reads", "5"));
        List<Path> warm = new ArrayList<>();
        List<Path> timed = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().startsWith("big-"))
                    .sorted()
                    .forEach(
                            p ->
                                    (p.getFileName().toString().startsWith("big-w") ? warm : timed)
                                            .add(p));
        }
        if (timed.isEmpty()) {
            throw new IllegalStateException("no big-NN.wapp in " + dir);
        }
        List<Double> times = new ArrayList<>();
        long bytes = 0;
        for (Path p : concat(warm, timed)) {
            byte[] pkg = Files.readAllBytes(p);
            bytes = pkg.length;
            long t0 = System.nanoTime();
            HttpResponse<String> r = send(base, token, "POST", "/api/apps", pkg);
            long t1 = System.nanoTime();
            if (r.statusCode() != 200 || !SUCCESS.matcher(r.body()).find()) {
                System.out.println(
                        "BENCH-SUPEREXE-ERROR install of "
                                + p.getFileName()
                                + " answered "
                                + r.statusCode()
                                + ": "
                                + r.body());
                System.exit(1);
            }
            boolean isWarm = warm.contains(p);
            if (!isWarm) {
                times.add(ms(t1 - t0));
            }
            System.out.println(
                    "BENCH-SUPEREXE kind=install-one file="
                            + p.getFileName()
                            + (isWarm ? " warmup=true" : "")
                            + " ms="
                            + f(ms(t1 - t0)));
        }
        // Reference: the offline verification the node performs first, in-process and warm.
        PackageReader reader = new PackageReader(PackageLimits.DEFAULT);
        for (int i = 0; i < 3; i++) {
            for (Path p : concat(warm, timed)) {
                reader.read(p);
            }
        }
        List<Double> readTimes = new ArrayList<>();
        for (int i = 0; i < reads; i++) {
            for (Path p : timed) {
                long t0 = System.nanoTime();
                reader.read(p);
                readTimes.add(ms(System.nanoTime() - t0));
            }
        }
        double[] it = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] rt = readTimes.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.println(
                "BENCH-SUPEREXE kind=install n="
                        + it.length
                        + " warmup="
                        + warm.size()
                        + " package_bytes="
                        + bytes
                        + " p50_ms="
                        + f(median(it))
                        + " p90_ms="
                        + f(pct(it, 90))
                        + " max_ms="
                        + f(it[it.length - 1])
                        + " read_n="
                        + rt.length
                        + " read_p50_ms="
                        + f(median(rt))
                        + " read_p90_ms="
                        + f(pct(rt, 90))
                        + " all_ms="
                        + String.join(",", times.stream().map(Stats::f).toList()));
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
