// SPDX-License-Identifier: Apache-2.0
package io.elastos.bench;

import static io.elastos.bench.Stats.f;
import static io.elastos.bench.Stats.median;
import static io.elastos.bench.Stats.pct;

import io.elastos.api.identity.NodeIdentity;
import io.elastos.api.storage.BlockStore;
import io.elastos.api.storage.Cid;
import io.elastos.json.JsonReader;
import io.elastos.json.JsonWriter;
import io.elastos.p2p.internal.bitswap.Bitswap;
import io.elastos.p2p.internal.host.Connection;
import io.elastos.p2p.internal.host.HostConfig;
import io.elastos.p2p.internal.host.Libp2pHost;
import io.elastos.p2p.internal.peer.Base32;
import io.elastos.p2p.internal.peer.Ed25519Keys;
import io.elastos.p2p.internal.peer.Multiaddr;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The P2P rows: bitswap transfers of {@code count} raw blocks over loopback (Java to Java, against
 * a raw TCP copy of the same bytes, Helia to Helia, and Java with Helia both ways) and connection
 * set-up times (TCP + Noise + Yamux) from Java and from js-libp2p to the Java host.
 *
 * <p>{@code java -cp ... io.elastos.bench.P2pLoad JS-DIR [count=1024] [kib=256] [rounds=3]
 * [dials=200] [concurrency=32]}; JS-DIR is {@code bundles/p2p/src/test/js} with its packages
 * installed. Prints {@code BENCH-P2P kind=...} lines.
 */
public final class P2pLoad {

    /** {@code all}, or {@code java} (Java and TCP rows only) or {@code helia} (Helia rows only). */
    private static String only = "all";

    private P2pLoad() {}

    public static void main(String[] args) throws Exception {
        Path js = Path.of(args[0]);
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            opt.put(kv[0], kv[1]);
        }
        int count = Integer.parseInt(opt.getOrDefault("count", "1024"));
        int size = Integer.parseInt(opt.getOrDefault("kib", "256")) * 1024;
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "3"));
        int dials = Integer.parseInt(opt.getOrDefault("dials", "200"));
        int concurrency = Integer.parseInt(opt.getOrDefault("concurrency", "32"));
        only = opt.getOrDefault("only", "all");
        double mib = (double) count * size / (1 << 20);
        try {
            run(js, count, size, rounds, dials, concurrency, mib);
        } catch (Exception e) {
            System.out.println("BENCH-P2P-ERROR " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(
            Path js, int count, int size, int rounds, int dials, int concurrency, double mib)
            throws Exception {
        List<byte[]> blocks = new ArrayList<>();
        List<Cid> cids = new ArrayList<>();
        Random random = new Random(42);
        MapStore served = new MapStore();
        for (int i = 0; i < count; i++) {
            byte[] b = new byte[size];
            random.nextBytes(b);
            blocks.add(b);
            Cid cid = rawCid(b);
            cids.add(cid);
            served.put(cid, b);
        }

        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        Libp2pHost server = new Libp2pHost(new BenchIdentity(), HostConfig.defaults());
        server.handle(Bitswap.PROTOCOL, new Bitswap(served, executor));
        Multiaddr serverAddr =
                server.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Libp2pHost client = new Libp2pHost(new BenchIdentity(), HostConfig.defaults());
        Bitswap fetcher = new Bitswap(() -> null, executor);
        client.handle(Bitswap.PROTOCOL, fetcher);

        // Raw TCP copy and Java -> Java, alternating, after a warm-up of each.
        Connection c = client.dial(serverAddr);
        if (!only.equals("helia")) {
        tcpCopy(blocks);
        fetchAll(fetcher, c, cids, concurrency);
        double[] tcp = new double[rounds];
        double[] java = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            tcp[r] = mib / tcpCopy(blocks);
            java[r] = mib / fetchAll(fetcher, c, cids, concurrency);
        }
        Arrays.sort(tcp);
        Arrays.sort(java);
        System.out.println(
                "BENCH-P2P kind=java-java mib="
                        + f(mib)
                        + " tcp_mibs="
                        + f(median(tcp))
                        + " java_mibs="
                        + f(median(java))
                        + " tcp_all="
                        + join(tcp)
                        + " java_all="
                        + join(java));

        // Connection set-up Java -> Java: a fresh connection each time (the address names no
        // peer, so no existing connection is reused), identify excluded.
        double[] setup = new double[dials];
        for (int i = 0; i < dials + 50; i++) {
            long t = System.nanoTime();
            Connection d = client.dial(serverAddr.withoutPeer());
            long ns = System.nanoTime() - t;
            d.close();
            if (i >= 50) {
                setup[i - 50] = ns / 1e6;
            }
        }
        Arrays.sort(setup);
        System.out.println(
                "BENCH-P2P kind=setup-java p50_ms="
                        + Stats.f3(pct(setup, 50))
                        + " p90_ms="
                        + Stats.f3(pct(setup, 90))
                        + " n="
                        + dials);

        }
        // Helia -> Helia, Java <- Helia, Helia <- Java, JS -> Java set-up.
        if (only.equals("java")) {
            client.close();
            server.close();
            return;
        }
        try (JsProcess h1 = JsProcess.start(js)) {
            List<?> heliaCids = (List<?>) h1.command("addRandomBlocks", Map.of("count", count, "size", size));
            double[] helia = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                try (JsProcess h2 = JsProcess.start(js)) {
                    h2.command("dial", Map.of("addr", h1.address));
                    Map<?, ?> res =
                            (Map<?, ?>)
                                    h2.command(
                                            "fetchMany",
                                            Map.of("cids", heliaCids, "concurrency", concurrency));
                    helia[r] = mib / (num(res.get("ms")) / 1000);
                }
            }
            Arrays.sort(helia);
            Connection toHelia = client.dial(Multiaddr.parse(h1.address));
            List<Cid> hc = heliaCids.stream().map(o -> Cid.of((String) o)).toList();
            fetchAll(fetcher, toHelia, hc.subList(0, Math.min(64, hc.size())), concurrency);
            double[] fromHelia = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                fromHelia[r] = mib / fetchAll(fetcher, toHelia, hc, concurrency);
            }
            Arrays.sort(fromHelia);
            double[] toJs = new double[rounds];
            List<String> javaCids = cids.stream().map(Cid::value).toList();
            String javaAddr = serverAddr.toString();
            for (int r = 0; r < rounds; r++) {
                try (JsProcess h3 = JsProcess.start(js)) {
                    h3.command("dial", Map.of("addr", javaAddr));
                    Map<?, ?> res =
                            (Map<?, ?>)
                                    h3.command(
                                            "fetchMany",
                                            Map.of("cids", javaCids, "concurrency", concurrency));
                    toJs[r] = mib / (num(res.get("ms")) / 1000);
                }
            }
            Arrays.sort(toJs);
            System.out.println(
                    "BENCH-P2P kind=helia helia_mibs="
                            + f(median(helia))
                            + " java_from_helia_mibs="
                            + f(median(fromHelia))
                            + " helia_from_java_mibs="
                            + f(median(toJs))
                            + " helia_all="
                            + join(helia)
                            + " java_from_helia_all="
                            + join(fromHelia)
                            + " helia_from_java_all="
                            + join(toJs));

            List<?> times =
                    (List<?>) h1.command("dialTimes", Map.of("addr", javaAddr, "n", dials + 50));
            double[] jsSetup =
                    times.subList(50, times.size()).stream()
                            .mapToDouble(P2pLoad::num)
                            .sorted()
                            .toArray();
            System.out.println(
                    "BENCH-P2P kind=setup-js p50_ms="
                            + Stats.f3(pct(jsSetup, 50))
                            + " p90_ms="
                            + Stats.f3(pct(jsSetup, 90))
                            + " n="
                            + jsSetup.length);
        } finally {
            client.close();
            server.close();
            executor.shutdownNow();
        }
    }

    /** Seconds to fetch every block with {@code concurrency} wants in flight; bytes verified. */
    private static double fetchAll(Bitswap bitswap, Connection c, List<Cid> cids, int concurrency)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> futures = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                futures.add(
                        pool.submit(() -> {
                            long bytes = 0;
                            for (int i = next.getAndIncrement(); i < cids.size(); i = next.getAndIncrement()) {
                                bytes += bitswap.fetchAny(List.of(c), cids.get(i), Duration.ofSeconds(60)).length;
                            }
                            return bytes;
                        }));
            }
            for (Future<Long> f : futures) {
                f.get();
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Seconds to copy the blocks over a loopback TCP connection, read into a 64 KiB buffer. */
    private static double tcpCopy(List<byte[]> blocks) throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread writer =
                    Thread.ofPlatform()
                            .start(() -> {
                                try (Socket s = ss.accept();
                                        OutputStream out = s.getOutputStream()) {
                                    for (byte[] b : blocks) {
                                        out.write(b);
                                    }
                                } catch (IOException e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            long total = (long) blocks.size() * blocks.get(0).length;
            long start = System.nanoTime();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort());
                    InputStream in = s.getInputStream()) {
                byte[] buf = new byte[64 * 1024];
                long n = 0;
                int r;
                while ((r = in.read(buf)) > 0) {
                    n += r;
                }
                if (n != total) {
                    throw new IllegalStateException("copied " + n + " of " + total);
                }
            }
            double s = (System.nanoTime() - start) / 1e9;
            writer.join();
            return s;
        }
    }

    private static Cid rawCid(byte[] data) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
        byte[] cid = new byte[4 + digest.length];
        cid[0] = 0x01;
        cid[1] = 0x55;
        cid[2] = 0x12;
        cid[3] = 0x20;
        System.arraycopy(digest, 0, cid, 4, digest.length);
        return Cid.of("b" + Base32.encode(cid));
    }

    /** A JSON number as the reader gives it. */
    private static double num(Object o) {
        return Double.parseDouble(String.valueOf(o));
    }

    private static String join(double[] values) {
        return String.join(",", Arrays.stream(values).mapToObj(Stats::f).toList());
    }

    /** An in-memory block store. */
    private static final class MapStore implements BlockStore {
        private final Map<String, byte[]> blocks = new ConcurrentHashMap<>();

        @Override
        public void put(Cid cid, byte[] block) {
            blocks.put(cid.value(), block);
        }

        @Override
        public Optional<byte[]> get(Cid cid) {
            return Optional.ofNullable(blocks.get(cid.value()));
        }

        @Override
        public boolean has(Cid cid) {
            return blocks.containsKey(cid.value());
        }

        @Override
        public boolean delete(Cid cid) {
            return blocks.remove(cid.value()) != null;
        }
    }

    /** A random Ed25519 node identity. */
    private static final class BenchIdentity implements NodeIdentity {
        private final Ed25519PrivateKeyParameters key =
                new Ed25519PrivateKeyParameters(new SecureRandom());

        @Override
        public String did() {
            return "did:key:zBench";
        }

        @Override
        public byte[] publicKey() {
            return key.generatePublicKey().getEncoded();
        }

        @Override
        public byte[] sign(byte[] message) {
            Ed25519Signer s = new Ed25519Signer();
            s.init(true, key);
            s.update(message, 0, message.length);
            return s.generateSignature();
        }

        @Override
        public boolean verify(byte[] message, byte[] signature) {
            return Ed25519Keys.verify(publicKey(), message, signature);
        }
    }

    /** The p2p bundle's js-libp2p / Helia test peer, one JSON command per line. */
    private static final class JsProcess implements AutoCloseable {
        final Process process;
        final BufferedReader in;
        final String address;
        long id = 1;

        private JsProcess(Process process, BufferedReader in, String address) {
            this.process = process;
            this.in = in;
            this.address = address;
        }

        static JsProcess start(Path dir) throws Exception {
            ProcessBuilder pb =
                    new ProcessBuilder(dir.resolve("node_modules/node/bin/node").toString(), "peer.mjs");
            if (System.getProperty("p2p.jsdebug") != null) {
                pb.environment().put("DEBUG", System.getProperty("p2p.jsdebug"));
            }
            Process p =
                    pb.directory(dir.toFile())
                            .redirectError(
                                    ProcessBuilder.Redirect.appendTo(
                                            new java.io.File(System.getProperty("p2p.jslog", "/dev/null"))))
                            .start();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null) {
                throw new IllegalStateException("the JS peer did not start");
            }
            Map<?, ?> ready = (Map<?, ?>) parse(line);
            String addr = (String) ((List<?>) ready.get("addrs")).get(0);
            if (!addr.contains("/p2p/")) {
                addr += "/p2p/" + ready.get("peerId");
            }
            return new JsProcess(p, in, addr);
        }

        Object command(String name, Map<String, ?> fields) throws Exception {
            Map<String, Object> cmd = new LinkedHashMap<>(fields);
            cmd.put("id", id++);
            cmd.put("cmd", name);
            OutputStream out = process.getOutputStream();
            out.write((JsonWriter.write(cmd) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line = in.readLine();
            if (line == null) {
                throw new IllegalStateException("the JS peer ended during " + name);
            }
            Map<?, ?> answer = (Map<?, ?>) parse(line);
            if (!Boolean.TRUE.equals(answer.get("ok"))) {
                throw new IllegalStateException(name + " failed: " + answer.get("error"));
            }
            return answer.get("result");
        }

        private static Object parse(String line) throws Exception {
            return JsonReader.parse(
                    line.getBytes(StandardCharsets.UTF_8), new JsonReader.Limits(256 << 20, 16, 64 << 20));
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
