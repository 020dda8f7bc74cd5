package io.elastos.bench;

import static io.elastos.bench.Stats.f;
import static io.elastos.bench.Stats.f3;
import static io.elastos.bench.Stats.median;
import static io.elastos.bench.Stats.ms;
import static io.elastos.bench.Stats.pct;

import io.elastos.chain.testing.LocalChain;
import io.elastos.identity.internal.password.Argon2Cost;
import io.elastos.identity.internal.password.PasswordHasher;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Bytes4;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * Login latency on a real node (driven by {@code bench/run --only identity}): Sign-In with
 * Ethereum by a plain wallet (EOA) and by an ERC-1271 smart account on a local chain (ganache, via
 * the chain bundle's {@link LocalChain}), and password login.
 *
 * <pre>
 * LoginLoad chain STATEFILE
 *     starts the chain, checks that the smart account {@code account} belongs to account 3 and
 *     writes STATEFILE (key=value lines: rpc, chainId, account, ownerKey); then keeps the chain
 *     running until the JVM is terminated (SIGTERM closes the chain).
 * LoginLoad login URL DATADIR STATEFILE [warmup=20] [n=100] [pwWarmup=5] [pwN=25]
 *         [refWarmup=2000] [refN=2000] [argonWarmup=5] [argonN=50]
 *     on a node started with DATADIR whose configuration points at the chain and allows its chain
 *     id in SIWE messages: claims the node with the setup code from DATADIR/logs/node.log (owner
 *     with a password), invites an EOA wallet, the smart account and a password member, then times
 *     SIWE logins of the EOA, SIWE logins of the smart account and password logins, each with its
 *     in-process or raw reference (see bench/README.md, "Identity rows").
 * </pre>
 *
 * <p>Signatures are made in the driver with web3j ({@code Sign.signPrefixedMessage}, EIP-191
 * personal_sign): the node's own tests check interop with ethers and siwe signatures; the bench uses
 * web3j so that the driver stays in Java and signing costs no round trip to Node.js.
 *
 * <p>Prints {@code BENCH-IDENTITY kind=… key=value …} lines ({@code BENCH-IDENTITY-ERROR …} and a
 * non-zero exit code on any failure).
 */
public final class LoginLoad {

    /** Account 3 of the local chain owns the {@code account} smart wallet (SmartAccount.sol). */
    static final int SMART_OWNER = 3;

    /** ERC-1271's magic value, the selector of {@code isValidSignature(bytes32,bytes)}. */
    static final String ERC1271_MAGIC = "0x1626ba7e";

    static final String OWNER_NAME = "benchowner";
    static final String OWNER_PASSWORD = "bench owner secret 7Qx";
    static final String MEMBER_NAME = "benchmember";
    static final String MEMBER_PASSWORD = "bench member secret 4Kp";

    /** As conf/io.elastos.chain.cfg ships it; the reference eth_call uses the same client setup. */
    static final Duration TIMEOUT = Duration.ofMillis(5000);

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LoginLoad chain|login …");
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
                case "chain" -> chain(Path.of(pos.get(0)));
                case "login" ->
                        login(pos.get(0), Path.of(pos.get(1)), state(Path.of(pos.get(2))), opt);
                default -> {
                    System.err.println("unknown mode " + args[0]);
                    System.exit(2);
                }
            }
        } catch (Throwable e) {
            // LocalChain aborts with a JUnit assumption when Node.js is missing: one clear line.
            System.out.println("BENCH-IDENTITY-ERROR " + args[0] + ": " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    // ------------------------------------------------------------------ the chain

    private static void chain(Path stateFile) throws Exception {
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
        LocalChain.Account owner = chain.account(SMART_OWNER);
        String account = chain.contract("account");
        Object recorded = chain.call("account", "owner()");
        if (!owner.address().equalsIgnoreCase(String.valueOf(recorded))) {
            throw new IllegalStateException(
                    "the smart account " + account + " is owned by " + recorded);
        }
        StringBuilder sb = new StringBuilder();
        // ganache itself, not the fixture's pausable proxy: nothing between client and chain.
        sb.append("rpc=").append(chain.directRpcUrl()).append('\n');
        sb.append("chainId=").append(chain.chainId()).append('\n');
        sb.append("account=").append(account.toLowerCase(Locale.ROOT)).append('\n');
        // ganache's deterministic test key of account 3, not a secret.
        sb.append("ownerKey=").append(owner.privateKey()).append('\n');
        Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        Files.writeString(tmp, sb.toString());
        Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE);
        System.out.println(
                "BENCH-IDENTITY kind=chain rpc="
                        + chain.directRpcUrl()
                        + " chain_id="
                        + chain.chainId()
                        + " account="
                        + account
                        + " owner="
                        + owner.address());
        System.out.flush();
        closed.await(); // until SIGTERM runs the shutdown hook
    }

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

    // ------------------------------------------------------------------ HTTP: one browser

    private static final HttpClient HTTP =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

    private static final Pattern SET_COOKIE = Pattern.compile("^([a-z_]+)=([^;]*)");
    private static final Pattern CSRF = Pattern.compile("\"csrf\"\\s*:\\s*\"([^\"]+)\"");

    /** One client: its cookies and the CSRF token of its session, as a browser keeps them. */
    static final class Browser {
        final String base;
        final Map<String, String> cookies = new LinkedHashMap<>();
        String csrf;

        Browser(String base) {
            this.base = base;
        }

        HttpResponse<String> send(String method, String path, String json) throws Exception {
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(URI.create(base + path))
                            .timeout(Duration.ofSeconds(60))
                            .method(
                                    method,
                                    json == null
                                            ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                b.header("Content-Type", "application/json");
            }
            if (!cookies.isEmpty()) {
                StringBuilder c = new StringBuilder();
                cookies.forEach(
                        (k, v) ->
                                c.append(c.length() == 0 ? "" : "; ")
                                        .append(k)
                                        .append('=')
                                        .append(v));
                b.header("Cookie", c.toString());
            }
            if (csrf != null) {
                b.header("X-CSRF-Token", csrf);
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            for (String h : r.headers().allValues("Set-Cookie")) {
                Matcher m = SET_COOKIE.matcher(h);
                if (m.find()) {
                    if (m.group(2).isEmpty()) {
                        cookies.remove(m.group(1));
                    } else {
                        cookies.put(m.group(1), m.group(2));
                    }
                }
            }
            Matcher token = CSRF.matcher(r.body());
            if (token.find()) {
                csrf = token.group(1);
            }
            return r;
        }
    }

    // ------------------------------------------------------------------ the whole run

    private static void login(
            String base, Path data, Map<String, String> s, Map<String, String> opt)
            throws Exception {
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "20"));
        int n = Integer.parseInt(opt.getOrDefault("n", "100"));
        int pwWarmup = Integer.parseInt(opt.getOrDefault("pwWarmup", "5"));
        int pwN = Integer.parseInt(opt.getOrDefault("pwN", "25"));
        int refWarmup = Integer.parseInt(opt.getOrDefault("refWarmup", "2000"));
        int refN = Integer.parseInt(opt.getOrDefault("refN", "2000"));
        int argonWarmup = Integer.parseInt(opt.getOrDefault("argonWarmup", "5"));
        int argonN = Integer.parseInt(opt.getOrDefault("argonN", "50"));
        long chainId = Long.parseLong(s.get("chainId"));
        String host = URI.create(base).getAuthority();

        // The owner: the setup code the node wrote to its log at first start.
        Matcher code =
                Pattern.compile("Setup code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})")
                        .matcher(Files.readString(data.resolve("logs/node.log")));
        if (!code.find()) {
            throw new IllegalStateException("no setup code in " + data.resolve("logs/node.log"));
        }
        Browser owner = new Browser(base);
        expect(
                owner.send(
                        "POST",
                        "/api/auth/setup",
                        json(
                                "code",
                                code.group(1),
                                "username",
                                OWNER_NAME,
                                "password",
                                OWNER_PASSWORD)),
                "setup (claiming the node as owner)");
        if (owner.csrf == null || !owner.cookies.containsKey("elastos_session")) {
            throw new IllegalStateException("setup gave no session cookie or CSRF token");
        }

        // The users: an EOA wallet (chain 1: an EOA needs no chain), the smart account on the
        // local chain, and a password member.
        ECKeyPair eoa = newKey();
        String eoaAddress = "0x" + Keys.getAddress(eoa.getPublicKey());
        String eoaDid = "did:pkh:eip155:1:" + eoaAddress;
        ECKeyPair smartOwner = ECKeyPair.create(new BigInteger(strip0x(s.get("ownerKey")), 16));
        String account = s.get("account");
        String accountDid = "did:pkh:eip155:" + chainId + ":" + account;
        for (String did : List.of(eoaDid, accountDid)) {
            expect(
                    owner.send("POST", "/api/users", json("wallet", did, "role", "member")),
                    "invite of " + did);
        }
        expect(
                owner.send(
                        "POST",
                        "/api/users",
                        json(
                                "username",
                                MEMBER_NAME,
                                "password",
                                MEMBER_PASSWORD,
                                "role",
                                "member")),
                "invite of the password member");
        System.out.println(
                "BENCH-IDENTITY kind=setup owner="
                        + OWNER_NAME
                        + " eoa="
                        + eoaDid
                        + " smart="
                        + accountDid
                        + " member="
                        + MEMBER_NAME);

        // ---- 1. SIWE, EOA: nonce (untimed), sign (untimed), POST /api/auth/login (timed).
        double[] eoaMs = new double[n];
        double[] eoaNonceMs = new double[n];
        List<byte[]> messages = new ArrayList<>();
        List<Sign.SignatureData> sigs = new ArrayList<>();
        for (int i = -warmup; i < n; i++) {
            Siwe one = siwe(base, host, eoa, eoaAddress, 1, eoaDid);
            if (i >= 0) {
                eoaMs[i] = one.loginMs;
                eoaNonceMs[i] = one.nonceMs;
                messages.add(one.message);
                sigs.add(one.sig);
            }
        }
        // Reference: the signature check alone, in-process, on the same messages and signatures.
        BigInteger eoaPublic = eoa.getPublicKey();
        for (int i = 0; i < refWarmup; i++) {
            int k = i % messages.size();
            if (!Sign.signedPrefixedMessageToKey(messages.get(k), sigs.get(k)).equals(eoaPublic)) {
                throw new IllegalStateException("web3j recovered another key");
            }
        }
        double[] recoverUs = new double[refN];
        for (int i = 0; i < refN; i++) {
            int k = i % messages.size();
            long t0 = System.nanoTime();
            BigInteger key = Sign.signedPrefixedMessageToKey(messages.get(k), sigs.get(k));
            long t1 = System.nanoTime();
            if (!key.equals(eoaPublic)) {
                throw new IllegalStateException("web3j recovered another key");
            }
            recoverUs[i] = (t1 - t0) / 1e3;
        }
        Arrays.sort(eoaMs);
        Arrays.sort(eoaNonceMs);
        Arrays.sort(recoverUs);
        System.out.println(
                "BENCH-IDENTITY kind=siwe-eoa n="
                        + n
                        + " warmup="
                        + warmup
                        + " p50_ms="
                        + f3(median(eoaMs))
                        + " p90_ms="
                        + f3(pct(eoaMs, 90))
                        + " max_ms="
                        + f3(eoaMs[n - 1])
                        + " nonce_p50_ms="
                        + f3(median(eoaNonceMs))
                        + " ref_n="
                        + refN
                        + " ref_p50_us="
                        + f3(median(recoverUs))
                        + " ref_p90_us="
                        + f3(pct(recoverUs, 90)));

        // ---- 2. SIWE, ERC-1271 smart account; per round one raw eth_call isValidSignature first.
        HttpClient rpcHttp =
                HttpClient.newBuilder()
                        .connectTimeout(TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        URI rpc = URI.create(s.get("rpc"));
        double[] aaMs = new double[n];
        double[] rawMs = new double[n];
        for (int i = -warmup; i < n; i++) {
            // The raw call asks about a message of the same shape, signed by the owner key.
            byte[] probe =
                    message(host, account, chainId, "benchref" + (i + warmup))
                            .getBytes(StandardCharsets.UTF_8);
            double raw = rawIsValidSignature(rpcHttp, rpc, account, probe, smartOwner, i + warmup);
            Siwe one = siwe(base, host, smartOwner, account, chainId, accountDid);
            if (i >= 0) {
                aaMs[i] = one.loginMs;
                rawMs[i] = raw;
            }
        }
        Arrays.sort(aaMs);
        Arrays.sort(rawMs);
        System.out.println(
                "BENCH-IDENTITY kind=siwe-1271 n="
                        + n
                        + " warmup="
                        + warmup
                        + " chain_id="
                        + chainId
                        + " p50_ms="
                        + f3(median(aaMs))
                        + " p90_ms="
                        + f3(pct(aaMs, 90))
                        + " max_ms="
                        + f3(aaMs[n - 1])
                        + " ref_p50_ms="
                        + f3(median(rawMs))
                        + " ref_p90_ms="
                        + f3(pct(rawMs, 90)));

        // ---- 3. Password. LoginThrottle caps one address at 30 attempts a minute, successes
        // included, so warm-up + timed logins stay within one window from this address; the next
        // attempt must then be refused with 429 (the cap is real, and counts successes).
        double[] pwMs = new double[pwN];
        String body = json("username", MEMBER_NAME, "password", MEMBER_PASSWORD);
        long firstAttempt = System.nanoTime();
        for (int i = -pwWarmup; i < pwN; i++) {
            Browser b = new Browser(base);
            long t0 = System.nanoTime();
            HttpResponse<String> r = b.send("POST", "/api/auth/login/password", body);
            long t1 = System.nanoTime();
            if (r.statusCode() == 429) {
                throw new IllegalStateException(
                        "password login "
                                + (i + pwWarmup + 1)
                                + " was rate-limited (429): the node's per-address cap is lower"
                                + " than warm-up + n = "
                                + (pwWarmup + pwN)
                                + " a minute");
            }
            expect(r, "password login " + (i + pwWarmup + 1));
            requireSession(b, r, "\"method\":\"password\"", "password login");
            if (i >= 0) {
                pwMs[i] = ms(t1 - t0);
            }
        }
        double windowS = (System.nanoTime() - firstAttempt) / 1e9;
        int nextStatus =
                new Browser(base).send("POST", "/api/auth/login/password", body).statusCode();
        // Reference: one Argon2id verification with the node's parameters, in this JVM.
        PasswordHasher hasher = new PasswordHasher();
        Argon2Cost cost = hasher.cost();
        char[] pw = MEMBER_PASSWORD.toCharArray();
        String phc = hasher.hash(pw);
        for (int i = 0; i < argonWarmup; i++) {
            if (!hasher.verify(pw, phc)) {
                throw new IllegalStateException("PasswordHasher.verify refused its own hash");
            }
        }
        double[] argonMs = new double[argonN];
        for (int i = 0; i < argonN; i++) {
            long t0 = System.nanoTime();
            boolean ok = hasher.verify(pw, phc);
            argonMs[i] = ms(System.nanoTime() - t0);
            if (!ok) {
                throw new IllegalStateException("PasswordHasher.verify refused its own hash");
            }
        }
        Arrays.sort(pwMs);
        Arrays.sort(argonMs);
        System.out.println(
                "BENCH-IDENTITY kind=password n="
                        + pwN
                        + " warmup="
                        + pwWarmup
                        + " window_s="
                        + f(windowS)
                        + " next_status="
                        + nextStatus
                        + " argon2=m="
                        + cost.memoryKiB()
                        + ",t="
                        + cost.iterations()
                        + ",p="
                        + cost.parallelism()
                        + " p50_ms="
                        + f3(median(pwMs))
                        + " p90_ms="
                        + f3(pct(pwMs, 90))
                        + " max_ms="
                        + f3(pwMs[pwN - 1])
                        + " ref_n="
                        + argonN
                        + " ref_p50_ms="
                        + f3(median(argonMs))
                        + " ref_p90_ms="
                        + f3(pct(argonMs, 90))
                        + " all_ms="
                        + String.join(
                                ",", Arrays.stream(pwMs).mapToObj(Stats::f).toList()));
    }

    /** One timed SIWE login and what it signed. */
    record Siwe(double nonceMs, double loginMs, byte[] message, Sign.SignatureData sig) {}

    /**
     * A fresh client: {@code POST /api/auth/nonce} (sets the attempt cookie), an EIP-4361 message
     * for this node signed with web3j, then the timed {@code POST /api/auth/login}.
     */
    private static Siwe siwe(
            String base, String host, ECKeyPair key, String address, long chainId, String did)
            throws Exception {
        Browser b = new Browser(base);
        long t0 = System.nanoTime();
        HttpResponse<String> n = b.send("POST", "/api/auth/nonce", null);
        long t1 = System.nanoTime();
        expect(n, "nonce");
        if (!b.cookies.containsKey("elastos_attempt")) {
            throw new IllegalStateException("nonce set no elastos_attempt cookie");
        }
        byte[] message =
                message(host, address, chainId, field(n.body(), "nonce"))
                        .getBytes(StandardCharsets.UTF_8);
        Sign.SignatureData sig = Sign.signPrefixedMessage(message, key);
        String body =
                json(
                        "message",
                        new String(message, StandardCharsets.UTF_8),
                        "signature",
                        "0x" + HexFormat.of().formatHex(rsv(sig)));
        long t2 = System.nanoTime();
        HttpResponse<String> r = b.send("POST", "/api/auth/login", body);
        long t3 = System.nanoTime();
        expect(r, "SIWE login of " + did);
        requireSession(b, r, did, "SIWE login");
        return new Siwe(ms(t1 - t0), ms(t3 - t2), message, sig);
    }

    /** The EIP-4361 message the node expects: its host, its origin, a checksummed address. */
    static String message(String host, String address, long chainId, String nonce) {
        return host
                + " wants you to sign in with your Ethereum account:\n"
                + Keys.toChecksumAddress(address)
                + "\n\nSign in to my NAS.\n\nURI: http://"
                + host
                + "\nVersion: 1\nChain ID: "
                + chainId
                + "\nNonce: "
                + nonce
                + "\nIssued At: "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * The reference of the ERC-1271 row: one {@code eth_call} of {@code isValidSignature(hash,
     * signature)} on the account, on a JDK HttpClient built as the chain bundle builds its own, the
     * body encoded as the node encodes it. Only the request is timed.
     */
    private static double rawIsValidSignature(
            HttpClient http, URI rpc, String account, byte[] message, ECKeyPair owner, int id)
            throws Exception {
        byte[] sig = rsv(Sign.signPrefixedMessage(message, owner));
        byte[] hash = Sign.getEthereumMessageHash(message);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Function fn =
                new Function(
                        "isValidSignature",
                        List.of(new Bytes32(hash), new DynamicBytes(sig)),
                        (List) List.of(new TypeReference<Bytes4>() {}));
        String body =
                "{\"jsonrpc\":\"2.0\",\"id\":"
                        + (id + 1)
                        + ",\"method\":\"eth_call\",\"params\":[{\"to\":\""
                        + account
                        + "\",\"data\":\""
                        + FunctionEncoder.encode(fn)
                        + "\"},\"latest\"]}";
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r =
                http.send(
                        HttpRequest.newBuilder(rpc)
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
        if (r.statusCode() != 200 || !text.contains("\"result\":\"" + ERC1271_MAGIC)) {
            throw new IllegalStateException(
                    "raw eth_call isValidSignature answered " + r.statusCode() + ": " + text);
        }
        return ms(t1 - t0);
    }

    // ------------------------------------------------------------------ helpers

    private static void expect(HttpResponse<String> r, String what) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException(what + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** A login must answer a member session (cookie and CSRF token) for the right subject. */
    private static void requireSession(
            Browser b, HttpResponse<String> r, String mustContain, String what) {
        if (!b.cookies.containsKey("elastos_session")
                || b.csrf == null
                || !r.body().contains("\"role\":\"member\"")
                || !r.body().contains(mustContain)) {
            throw new IllegalStateException(
                    what + " opened no member session with " + mustContain + ": " + r.body());
        }
    }

    /** A random secp256k1 key in [1, n-1]. */
    private static ECKeyPair newKey() {
        BigInteger order = Sign.CURVE_PARAMS.getN();
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        BigInteger d =
                new BigInteger(1, bytes).mod(order.subtract(BigInteger.ONE)).add(BigInteger.ONE);
        return ECKeyPair.create(d);
    }

    /** 65 bytes r || s || v, as personal_sign returns them. */
    private static byte[] rsv(Sign.SignatureData sig) {
        byte[] out = new byte[65];
        System.arraycopy(sig.getR(), 0, out, 0, 32);
        System.arraycopy(sig.getS(), 0, out, 32, 32);
        out[64] = sig.getV()[0];
        return out;
    }

    private static String strip0x(String hex) {
        return hex.startsWith("0x") ? hex.substring(2) : hex;
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
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + body);
        }
        return m.group(1);
    }
}
