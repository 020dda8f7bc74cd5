package io.elastos.bench;

import static io.elastos.bench.Stats.f;
import static io.elastos.bench.Stats.f3;
import static io.elastos.bench.Stats.median;
import static io.elastos.bench.Stats.ms;
import static io.elastos.bench.Stats.pct;

import io.elastos.api.chain.LicenseStandard;
import io.elastos.api.chain.LicenseTerms;
import io.elastos.api.chain.LicenseVerdict;
import io.elastos.chain.internal.Web3jLicenseChecker;
import io.elastos.chain.testing.LocalChain;
import io.elastos.superexe.internal.pkg.KeyFiles;
import io.elastos.superexe.internal.pkg.PackageBuilder;
import io.elastos.superexe.internal.pkg.PublisherKey;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * License benchmarks against a real local chain (ganache, via the chain bundle's {@link
 * LocalChain}) and a running node (driven by {@code bench/run --only license}).
 *
 * <pre>
 * LicenseLoad chain STATEFILE [installTokens=22]
 *     starts the chain, mints the ERC-721 tokens the wallet (account 1) holds — #1 for the
 *     checks, #1001 … for the install packages — and the ERC-4907 token #10 of account 2 rented
 *     to the wallet for a day; writes STATEFILE (key=value lines: rpc, chainId, wallet, …) and
 *     then keeps the chain running until the JVM is terminated (SIGTERM closes the chain).
 * LicenseLoad check STATEFILE [warmup=50] [n=300] [cachedWarmup=20000] [cachedN=100000]
 *     Web3jLicenseChecker against the chain, as the node configures it (timeout 5 s, 3 attempts):
 *     per round, one raw eth_call ownerOf (the reference), one cold ERC-721 check (TTL 0) and
 *     one cold ERC-4907 check, each timed; then cache hits of a checker with a 5 min TTL.
 * LicenseLoad gen OUTDIR STATEFILE [n=20] [warmup=2] [bytes=1048576]
 *     a fresh Ed25519 publisher key (OUTDIR/did.txt); for each of warmup + n slots a licensed
 *     package lic-… (app org.elastos.bench.licNN, ERC-721 token 1001 + slot) and an unlicensed
 *     one free-… (org.elastos.bench.freeNN), both with a handler module padded by a custom
 *     section of bytes random bytes; and lic-unheld.wapp naming a token nobody holds.
 * LicenseLoad install URL TOKENFILE PKGDIR
 *     POST /api/apps of the warm-up packages, then of free-NN and lic-NN alternately, each timed;
 *     then checks that the node recorded every license as valid and refuses lic-unheld.wapp.
 * </pre>
 *
 * Prints {@code BENCH-LICENSE kind=… key=value …} lines ({@code BENCH-LICENSE-ERROR …} and a
 * non-zero exit code on any failure).
 */
public final class LicenseLoad {

    /** The account whose wallet holds the licenses; account 0 deploys and mints. */
    static final int WALLET = 1;

    static final int LENDER = 2;
    static final int CHECK_TOKEN = 1;
    static final int RENTAL_TOKEN = 10;
    static final int INSTALL_TOKEN_BASE = 1001;
    static final int UNHELD_TOKEN = 999_999;

    /** The node's shipped chain settings (conf/io.elastos.chain.cfg). */
    static final Duration TIMEOUT = Duration.ofMillis(5000);

    static final int ATTEMPTS = 3;
    static final long BACKOFF_MILLIS = 250;

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LicenseLoad chain|check|gen|install …");
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
        try {
            switch (args[0]) {
                case "chain" -> chain(Path.of(pos.get(0)), opt);
                case "check" -> check(state(Path.of(pos.get(0))), opt);
                case "gen" -> gen(Path.of(pos.get(0)), state(Path.of(pos.get(1))), opt);
                case "install" ->
                        install(
                                pos.get(0),
                                Files.readString(Path.of(pos.get(1))).trim(),
                                Path.of(pos.get(2)));
                default -> {
                    System.err.println("unknown mode " + args[0]);
                    System.exit(2);
                }
            }
        } catch (Throwable e) {
            // LocalChain aborts with a JUnit assumption when Node.js is missing: one clear line.
            System.out.println("BENCH-LICENSE-ERROR " + args[0] + ": " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    // ------------------------------------------------------------------ state file

    /** Reads STATEFILE: plain key=value lines (no escaping, unlike java.util.Properties). */
    private static Map<String, String> state(Path file) throws Exception {
        Map<String, String> s = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                s.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return s;
    }

    private static LicenseTerms terms(Map<String, String> s, String contract, int token) {
        return new LicenseTerms(
                Long.parseLong(s.get("chainId")),
                s.get(contract),
                contract.equals("rental") ? LicenseStandard.ERC4907 : LicenseStandard.ERC721,
                BigInteger.valueOf(token));
    }

    // ------------------------------------------------------------------ the chain

    private static void chain(Path stateFile, Map<String, String> opt) throws Exception {
        int installTokens = Integer.parseInt(opt.getOrDefault("installTokens", "22"));
        LocalChain chain = LocalChain.start();
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    chain.close();
                                    closed.countDown();
                                },
                                "close-chain"));
        String wallet = chain.account(WALLET).address().toLowerCase(Locale.ROOT);
        String lender = chain.account(LENDER).address().toLowerCase(Locale.ROOT);
        long t0 = System.nanoTime();
        chain.send(0, "erc721", "mint(address,uint256)", wallet, Integer.toString(CHECK_TOKEN));
        for (int i = 0; i < installTokens; i++) {
            chain.send(
                    0,
                    "erc721",
                    "mint(address,uint256)",
                    wallet,
                    Integer.toString(INSTALL_TOKEN_BASE + i));
        }
        chain.send(0, "rental", "mint(address,uint256)", lender, Integer.toString(RENTAL_TOKEN));
        long until = chain.now() + 86_400;
        chain.send(
                LENDER,
                "rental",
                "setUser(uint256,address,uint64)",
                Integer.toString(RENTAL_TOKEN),
                wallet,
                Long.toString(until));
        Object owner = chain.call("erc721", "ownerOf(uint256)", Integer.toString(CHECK_TOKEN));
        if (!wallet.equals(owner)) {
            throw new IllegalStateException("token #" + CHECK_TOKEN + " is owned by " + owner);
        }
        // ganache itself, not the fixture's pausable proxy: nothing between client and chain.
        StringBuilder sb = new StringBuilder();
        sb.append("rpc=").append(chain.directRpcUrl()).append('\n');
        sb.append("chainId=").append(chain.chainId()).append('\n');
        sb.append("wallet=").append(wallet).append('\n');
        sb.append("erc721=").append(chain.contract("erc721")).append('\n');
        sb.append("rental=").append(chain.contract("rental")).append('\n');
        sb.append("installTokens=").append(installTokens).append('\n');
        Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        Files.writeString(tmp, sb.toString());
        Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE);
        System.out.println(
                "BENCH-LICENSE kind=chain rpc="
                        + chain.directRpcUrl()
                        + " chain_id="
                        + chain.chainId()
                        + " wallet="
                        + wallet
                        + " erc721="
                        + chain.contract("erc721")
                        + " rental="
                        + chain.contract("rental")
                        + " minted="
                        + (installTokens + 2)
                        + " setup_ms="
                        + f(ms(System.nanoTime() - t0)));
        System.out.flush();
        closed.await(); // until SIGTERM runs the shutdown hook
    }

    // ------------------------------------------------------------------ check latency

    private static void check(Map<String, String> s, Map<String, String> opt) throws Exception {
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "50"));
        int n = Integer.parseInt(opt.getOrDefault("n", "300"));
        int cachedWarmup = Integer.parseInt(opt.getOrDefault("cachedWarmup", "20000"));
        int cachedN = Integer.parseInt(opt.getOrDefault("cachedN", "100000"));
        String rpc = s.get("rpc");
        String wallet = s.get("wallet");
        String endpoints = s.get("chainId") + "=" + rpc;
        List<String> wallets = List.of(wallet);
        LicenseTerms owned = terms(s, "erc721", CHECK_TOKEN);
        LicenseTerms rented = terms(s, "rental", RENTAL_TOKEN);

        Web3jLicenseChecker cold = new Web3jLicenseChecker();
        cold.configure(endpoints, TIMEOUT, ATTEMPTS, BACKOFF_MILLIS, Duration.ZERO);
        Web3jLicenseChecker cached = new Web3jLicenseChecker();
        cached.configure(endpoints, TIMEOUT, ATTEMPTS, BACKOFF_MILLIS, Duration.ofMinutes(5));

        // The reference: one eth_call ownerOf(1) on an HTTP client built as the checker builds
        // its own, same headers, body read the same way.
        HttpClient http =
                HttpClient.newBuilder()
                        .connectTimeout(TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        URI uri = URI.create(rpc);
        String data =
                "0x6352211e" + String.format("%064x", BigInteger.valueOf(CHECK_TOKEN)); // ownerOf
        String expected = "000000000000000000000000" + wallet.substring(2);

        double[] raw = new double[n];
        double[] c721 = new double[n];
        double[] c4907 = new double[n];
        for (int i = -warmup; i < n; i++) {
            String body =
                    "{\"jsonrpc\":\"2.0\",\"id\":"
                            + (i + warmup + 1)
                            + ",\"method\":\"eth_call\",\"params\":[{\"to\":\""
                            + s.get("erc721")
                            + "\",\"data\":\""
                            + data
                            + "\"},\"latest\"]}";
            long t0 = System.nanoTime();
            HttpResponse<InputStream> r =
                    http.send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(TIMEOUT)
                                    .header("Content-Type", "application/json")
                                    .POST(
                                            HttpRequest.BodyPublishers.ofByteArray(
                                                    body.getBytes(StandardCharsets.UTF_8)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            byte[] answer;
            try (InputStream in = r.body()) {
                answer = in.readAllBytes();
            }
            long t1 = System.nanoTime();
            String text = new String(answer, StandardCharsets.UTF_8);
            if (r.statusCode() != 200 || !text.contains(expected)) {
                throw new IllegalStateException(
                        "raw eth_call answered " + r.statusCode() + ": " + text);
            }
            LicenseVerdict v1 = cold.check(owned, wallets);
            long t2 = System.nanoTime();
            LicenseVerdict v2 = cold.check(rented, wallets);
            long t3 = System.nanoTime();
            requireValid("ERC-721", v1, wallet);
            requireValid("ERC-4907", v2, wallet);
            if (i >= 0) {
                raw[i] = ms(t1 - t0);
                c721[i] = ms(t2 - t1);
                c4907[i] = ms(t3 - t2);
            }
        }

        requireValid("ERC-721 (cached checker, first check)", cached.check(owned, wallets), wallet);
        for (int i = 0; i < cachedWarmup; i++) {
            cached.check(owned, wallets);
        }
        double[] hits = new double[cachedN];
        LicenseVerdict first = cached.check(owned, wallets);
        for (int i = 0; i < cachedN; i++) {
            long t0 = System.nanoTime();
            LicenseVerdict v = cached.check(owned, wallets);
            long t1 = System.nanoTime();
            if (v != first) {
                throw new IllegalStateException("cache miss at hit " + i + " (TTL 5 min)");
            }
            hits[i] = (t1 - t0) / 1e3;
        }
        cold.deactivate();
        cached.deactivate();
        java.util.Arrays.sort(raw);
        java.util.Arrays.sort(c721);
        java.util.Arrays.sort(c4907);
        java.util.Arrays.sort(hits);
        System.out.println(
                "BENCH-LICENSE kind=check n="
                        + n
                        + " warmup="
                        + warmup
                        + " raw_p50_ms="
                        + f3(median(raw))
                        + " raw_p99_ms="
                        + f3(pct(raw, 99))
                        + " cold_p50_ms="
                        + f3(median(c721))
                        + " cold_p99_ms="
                        + f3(pct(c721, 99))
                        + " cold_max_ms="
                        + f3(c721[n - 1])
                        + " rental_p50_ms="
                        + f3(median(c4907))
                        + " rental_p99_ms="
                        + f3(pct(c4907, 99))
                        + " cached_n="
                        + cachedN
                        + " cached_p50_us="
                        + f3(median(hits))
                        + " cached_p99_us="
                        + f3(pct(hits, 99))
                        + " cached_max_us="
                        + f3(hits[cachedN - 1]));
    }

    private static void requireValid(String what, LicenseVerdict v, String wallet) {
        if (!v.valid() || !wallet.equals(v.holder())) {
            throw new IllegalStateException(
                    what + " check not valid for " + wallet + ": " + v.reason());
        }
    }

    // ------------------------------------------------------------------ packages

    private static void gen(Path out, Map<String, String> s, Map<String, String> opt)
            throws Exception {
        int n = Integer.parseInt(opt.getOrDefault("n", "20"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "2"));
        int bytes = Integer.parseInt(opt.getOrDefault("bytes", "1048576"));
        int minted = Integer.parseInt(s.get("installTokens"));
        if (warmup + n > minted) {
            throw new IllegalArgumentException(
                    (warmup + n) + " packages but only " + minted + " tokens were minted");
        }
        Files.createDirectories(out);
        PublisherKey key = KeyFiles.generate(PublisherKey.Type.ED25519, 0);
        Files.writeString(out.resolve("did.txt"), key.did().value() + "\n");
        byte[] handler = handlerWasm(out);
        SplittableRandom rnd = new SplittableRandom(0x11c3);
        long licBytes = 0;
        long freeBytes = 0;
        for (int i = 0; i < warmup + n; i++) {
            String slot = i < warmup ? "w" + (i + 1) : String.format("%02d", i - warmup + 1);
            for (boolean licensed : new boolean[] {false, true}) {
                String kind = licensed ? "lic" : "free";
                byte[] payload = new byte[bytes];
                rnd.nextBytes(payload);
                byte[] pkg =
                        pkg(
                                key,
                                "org.elastos.bench." + kind + slot,
                                handler,
                                payload,
                                licensed ? terms(s, "erc721", INSTALL_TOKEN_BASE + i) : null);
                Files.write(out.resolve(kind + "-" + slot + ".wapp"), pkg);
                if (licensed) {
                    licBytes = pkg.length;
                } else {
                    freeBytes = pkg.length;
                }
            }
        }
        Files.write(
                out.resolve("lic-unheld.wapp"),
                pkg(
                        key,
                        "org.elastos.bench.licunheld",
                        handler,
                        new byte[16],
                        terms(s, "erc721", UNHELD_TOKEN)));
        System.out.println(
                "BENCH-LICENSE kind=gen did="
                        + key.did().value()
                        + " n="
                        + n
                        + " warmup="
                        + warmup
                        + " lic_package_bytes="
                        + licBytes
                        + " free_package_bytes="
                        + freeBytes
                        + " padding_bytes="
                        + bytes);
    }

    private static byte[] pkg(
            PublisherKey key, String id, byte[] handler, byte[] padding, LicenseTerms license)
            throws Exception {
        byte[] wasm = SuperexeLoad.withCustomSection(handler, "bench.padding", padding);
        PackageBuilder b =
                new PackageBuilder(id, "Bench " + id, "1.0.0", key.did())
                        .entry("plugin.wasm")
                        .file("plugin.wasm", wasm);
        if (license != null) {
            b.license(license);
        }
        return b.build(key);
    }

    /** The handler of SuperexeLoad: {@code handle} answers 200 "licensed" (built by wat2wasm). */
    private static byte[] handlerWasm(Path dir) throws Exception {
        return SuperexeLoad.handlerWasm(dir, "licensed");
    }

    // ------------------------------------------------------------------ install latency

    private static final HttpClient HTTP =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

    private static final Pattern SUCCESS = Pattern.compile("\"success\"\\s*:\\s*true");
    private static final Pattern VALID = Pattern.compile("\"status\"\\s*:\\s*\"valid\"");

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

    private static void install(String base, String token, Path dir) throws Exception {
        List<String> warm = new ArrayList<>();
        List<String> timed = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString())
                    .filter(f -> f.startsWith("lic-") && !f.equals("lic-unheld.wapp"))
                    .sorted()
                    .forEach(f -> (f.startsWith("lic-w") ? warm : timed).add(f.substring(4)));
        }
        if (timed.isEmpty()) {
            throw new IllegalStateException("no lic-NN.wapp in " + dir);
        }
        // Unlicensed and licensed installs alternate, so both see the same node and machine.
        List<Double> lic = new ArrayList<>();
        List<Double> free = new ArrayList<>();
        long bytes = 0;
        for (String slot : concat(warm, timed)) {
            for (String kind : List.of("free", "lic")) {
                String file = kind + "-" + slot;
                byte[] pkg = Files.readAllBytes(dir.resolve(file));
                bytes = pkg.length;
                long t0 = System.nanoTime();
                HttpResponse<String> r = send(base, token, "POST", "/api/apps", pkg);
                long t1 = System.nanoTime();
                if (r.statusCode() != 200 || !SUCCESS.matcher(r.body()).find()) {
                    throw new IllegalStateException(
                            "install of " + file + " answered " + r.statusCode() + ": " + r.body());
                }
                boolean isWarm = warm.contains(slot);
                if (!isWarm) {
                    (kind.equals("lic") ? lic : free).add(ms(t1 - t0));
                }
                System.out.println(
                        "BENCH-LICENSE kind=install-one file="
                                + file
                                + (isWarm ? " warmup=true" : "")
                                + " ms="
                                + f(ms(t1 - t0)));
            }
        }
        // The node must have checked every licensed package on chain and found it held.
        String list = send(base, token, "GET", "/api/apps", null).body();
        Matcher valid = VALID.matcher(list);
        int validCount = 0;
        while (valid.find()) {
            validCount++;
        }
        if (validCount != warm.size() + timed.size()) {
            throw new IllegalStateException(
                    validCount
                            + " valid licenses recorded, expected "
                            + (warm.size() + timed.size())
                            + ": "
                            + list);
        }
        // ... and refuse a package whose token nobody holds: the check is real, not skipped.
        long t0 = System.nanoTime();
        HttpResponse<String> refused =
                send(
                        base,
                        token,
                        "POST",
                        "/api/apps",
                        Files.readAllBytes(dir.resolve("lic-unheld.wapp")));
        double refusedMs = ms(System.nanoTime() - t0);
        if (refused.statusCode() != 422 || !refused.body().contains("\"step\":\"license\"")) {
            throw new IllegalStateException(
                    "lic-unheld.wapp answered "
                            + refused.statusCode()
                            + ", expected 422 at the license step: "
                            + refused.body());
        }
        double[] l = lic.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] u = free.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.println(
                "BENCH-LICENSE kind=install n="
                        + l.length
                        + " warmup="
                        + warm.size()
                        + " package_bytes="
                        + bytes
                        + " lic_p50_ms="
                        + f(median(l))
                        + " lic_p90_ms="
                        + f(pct(l, 90))
                        + " lic_max_ms="
                        + f(l[l.length - 1])
                        + " free_p50_ms="
                        + f(median(u))
                        + " free_p90_ms="
                        + f(pct(u, 90))
                        + " free_max_ms="
                        + f(u[u.length - 1])
                        + " valid_licenses="
                        + validCount
                        + " unheld_refused_ms="
                        + f(refusedMs)
                        + " lic_all_ms="
                        + String.join(",", lic.stream().map(Stats::f).toList())
                        + " free_all_ms="
                        + String.join(",", free.stream().map(Stats::f).toList()));
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
