package io.elastos.bench;

import static io.elastos.bench.Stats.f;
import static io.elastos.bench.Stats.f3;
import static io.elastos.bench.Stats.pct;

import io.elastos.api.metadata.MetadataStore;
import io.elastos.metadata.internal.TestMetadata;
import io.elastos.storage.internal.blocks.BlockFiles;
import io.elastos.storage.internal.files.FileIndex;
import io.elastos.storage.internal.files.PrivateFiles;
import io.elastos.storage.internal.ipfs.BlockSink;
import io.elastos.storage.internal.ipfs.FileImporter;
import io.elastos.storage.internal.ipfs.ImportedDag;
import io.elastos.storage.internal.vault.VaultKey;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Storage benchmarks of the private partition and of the IPFS importer, run in-process on the
 * storage bundle's classes (outside OSGi) with a real Derby metadata store ({@code TestMetadata}
 * of the metadata bundle's test-jar), real block files and a real vault key (driven by {@code
 * bench/run --only storage}).
 *
 * <pre>
 * StorageLoad gen FILE [mib=1024]
 *     writes FILE: mib MiB of seeded pseudo-random bytes (incompressible), forced to disk.
 * StorageLoad files WORKDIR FILE [rounds=3] [warmupMib=64]
 *     a private partition in WORKDIR/node (db, keys, blocks: as the node lays them out, blocks
 *     forced and their folders synced, Derby with its default durability); per round, in
 *     alternating order and each after {@link #settle}, a plain copy of FILE (Files.copy +
 *     FileChannel.force) and
 *     PrivateFiles.write of FILE; then a plain read (the plain copy read in 256 KiB pieces, the fastest size here, and
 *     written to a file on the same disk) and PrivateFiles.read of the private file to a file on the same disk, each
 *     timed. The first private read is compared byte for byte with FILE.
 * StorageLoad list WORKDIR [n=10000] [warmup=3] [calls=20]
 *     a fresh private partition in WORKDIR/list; n tiny files (16 bytes) written through
 *     PrivateFiles into one folder (timed as a whole), then PrivateFiles.list of the folder, and,
 *     as the reference, a raw JDBC SELECT of the same ST_NODE rows and a SELECT COUNT(*).
 * StorageLoad cid FILE [rounds=3] [warmupMib=64]
 *     FileImporter.importFile of FILE into a discarding BlockSink (CIDv1, raw leaves, 256 KiB
 *     chunks, balanced DAG of 174 links), timed per round; prints the root CID.
 * </pre>
 *
 * Prints {@code BENCH-STORAGE kind=… key=value …} lines ({@code BENCH-STORAGE-ERROR …} and a
 * non-zero exit code on any failure).
 */
public final class StorageLoad {

    static final int MIB = 1 << 20;

    /** Versions kept per file, as the node's default configuration. */
    static final int KEEP = 3;

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: StorageLoad gen|files|list|cid …");
            System.exit(2);
        }
        Map<String, String> opt = new HashMap<>();
        List<String> pos = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq > 0 && !args[i].contains("/")) {
                opt.put(args[i].substring(0, eq), args[i].substring(eq + 1));
            } else {
                pos.add(args[i]);
            }
        }
        try {
            switch (args[0]) {
                case "gen" -> gen(Path.of(pos.get(0)), opt);
                case "files" -> files(Path.of(pos.get(0)), Path.of(pos.get(1)), opt);
                case "list" -> list(Path.of(pos.get(0)), opt);
                case "cid" -> cid(Path.of(pos.get(0)), opt);
                default -> {
                    System.err.println("unknown mode " + args[0]);
                    System.exit(2);
                }
            }
        } catch (Throwable e) {
            System.out.println("BENCH-STORAGE-ERROR " + args[0] + ": " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    // ------------------------------------------------------------------ input file

    private static void gen(Path file, Map<String, String> opt) throws Exception {
        int mib = Integer.parseInt(opt.getOrDefault("mib", "1024"));
        SplittableRandom random = new SplittableRandom(0x5707A6EL);
        ByteBuffer buf = ByteBuffer.allocate(MIB);
        long t0 = System.nanoTime();
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (FileChannel ch =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
            for (int i = 0; i < mib; i++) {
                buf.clear();
                while (buf.hasRemaining()) {
                    buf.putLong(random.nextLong());
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
            ch.force(true);
        }
        System.out.println(
                "BENCH-STORAGE kind=gen bytes="
                        + Files.size(file)
                        + " seconds="
                        + f3((System.nanoTime() - t0) / 1e9));
    }

    // ------------------------------------------------------------------ a private partition

    /** The private partition as the storage service opens it: Derby, vault key, block files. */
    private static final class Partition implements AutoCloseable {
        final MetadataStore db;
        final VaultKey vault;
        final BlockFiles blocks;
        final PrivateFiles files;

        Partition(Path dir) throws Exception {
            Files.createDirectories(dir);
            db = TestMetadata.open(dir.resolve("db"));
            vault = VaultKey.openOrCreate(dir.resolve("keys"), null);
            blocks = new BlockFiles(dir.resolve("blocks"));
            files = new PrivateFiles(new FileIndex(db), blocks, vault, KEEP, Clock.systemUTC());
        }

        @Override
        public void close() {
            files.close();
            vault.close();
            TestMetadata.close(db);
        }
    }

    // ------------------------------------------------------------------ write and read

    private static void files(Path work, Path src, Map<String, String> opt) throws Exception {
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "3"));
        int warmupMib = Integer.parseInt(opt.getOrDefault("warmupMib", "64"));
        long bytes = Files.size(src);
        double mib = bytes / (double) MIB;
        Path plainDir = work.resolve("plain");
        Files.createDirectories(plainDir);
        try (Partition part = new Partition(work.resolve("node"))) {
            // Warm-up (JIT of AES-GCM, SHA-256, the Derby statements): a prefix of the file.
            byte[] prefix;
            try (InputStream in = Files.newInputStream(src)) {
                prefix = in.readNBytes(warmupMib * MIB);
            }
            // Several passes: a 4 MiB chunk is one AES-GCM call, so the JIT sees few invocations
            // per pass and compiles the intrinsic GCM path only after a few hundred of them.
            int warmups = Integer.parseInt(opt.getOrDefault("warmups", "8"));
            for (int w = 0; w < warmups; w++) {
                part.files.write("/warmup.bin", new ByteArrayInputStream(prefix));
                part.files.read("/warmup.bin", 0, OutputStream.nullOutputStream());
            }
            prefix = null;

            double[] plainW = new double[rounds];
            double[] privW = new double[rounds];
            double[] plainR = new double[rounds];
            double[] privR = new double[rounds];
            boolean verified = false;
            for (int r = 0; r < rounds; r++) {
                Path copy = plainDir.resolve("copy-" + r + ".bin");
                Path out = plainDir.resolve("out-" + r + ".bin");
                String path = "/bench/big-" + r + ".bin";
                // Alternate which write goes first, so neither always meets the other's writeback.
                for (int k = 0; k < 2; k++) {
                    boolean plainNow = (r + k) % 2 == 0;
                    settle(plainDir, bytes);
                    long t0 = System.nanoTime();
                    if (plainNow) {
                        Files.copy(src, copy);
                        try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                            ch.force(true);
                        }
                        plainW[r] = (System.nanoTime() - t0) / 1e9;
                    } else {
                        int v;
                        try (InputStream in = Files.newInputStream(src)) {
                            v = part.files.write(path, in);
                        }
                        privW[r] = (System.nanoTime() - t0) / 1e9;
                        if (v != 1 || part.files.size(path, 0) != bytes) {
                            throw new IllegalStateException(
                                    "PrivateFiles.write stored version " + v + " of another size");
                        }
                    }
                }
                for (int k = 0; k < 2; k++) {
                    boolean plainNow = (r + k) % 2 == 0;
                    settle(plainDir, bytes);
                    long t0 = System.nanoTime();
                    if (plainNow) {
                        // Through user space in 256 KiB pieces (faster here than 4 MiB ones, which miss the
                        // CPU caches), as PrivateFiles.read streams
                        // (Files.copy would copy inside the kernel, which no decrypting read can).
                        try (InputStream in = Files.newInputStream(copy);
                                OutputStream o = Files.newOutputStream(out)) {
                            byte[] buf = new byte[256 * 1024];
                            int got;
                            while ((got = in.readNBytes(buf, 0, buf.length)) > 0) {
                                o.write(buf, 0, got);
                            }
                        }
                        plainR[r] = (System.nanoTime() - t0) / 1e9;
                    } else {
                        try (OutputStream o = Files.newOutputStream(out)) {
                            part.files.read(path, 0, o);
                        }
                        privR[r] = (System.nanoTime() - t0) / 1e9;
                        if (!verified) {
                            long at = Files.mismatch(src, out);
                            if (at != -1) {
                                throw new IllegalStateException(
                                        "PrivateFiles.read returned other bytes (first difference"
                                                + " at offset "
                                                + at
                                                + ")");
                            }
                            verified = true;
                        }
                    }
                    Files.delete(out); // unwritten dirty pages of a deleted file are dropped
                }
                Files.delete(copy);
                System.out.println(
                        "BENCH-STORAGE kind=files-round round="
                                + r
                                + " plain_write_s="
                                + f3(plainW[r])
                                + " private_write_s="
                                + f3(privW[r])
                                + " plain_read_s="
                                + f3(plainR[r])
                                + " private_read_s="
                                + f3(privR[r]));
                System.out.flush();
            }
            long blockFiles;
            try (var s = part.blocks.blocks()) {
                blockFiles = s.count();
            }
            System.out.println(
                    "BENCH-STORAGE kind=files bytes="
                            + bytes
                            + " rounds="
                            + rounds
                            + " chunk="
                            + PrivateFiles.CHUNK
                            + " blocks="
                            + blockFiles
                            + " verified="
                            + verified
                            + " plain_write_mibs="
                            + f(mib / median(plainW))
                            + " private_write_mibs="
                            + f(mib / median(privW))
                            + " plain_read_mibs="
                            + f(mib / median(plainR))
                            + " private_read_mibs="
                            + f(mib / median(privR))
                            + " plain_write_all="
                            + rates(mib, plainW)
                            + " private_write_all="
                            + rates(mib, privW)
                            + " plain_read_all="
                            + rates(mib, plainR)
                            + " private_read_all="
                            + rates(mib, privR));
        }
    }

    // ------------------------------------------------------------------ folder listing

    private static void list(Path work, Map<String, String> opt) throws Exception {
        int n = Integer.parseInt(opt.getOrDefault("n", "10000"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "3"));
        int calls = Integer.parseInt(opt.getOrDefault("calls", "20"));
        try (Partition part = new Partition(work.resolve("list"))) {
            SplittableRandom random = new SplittableRandom(42);
            byte[] tiny = new byte[16];
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                random.nextBytes(tiny);
                part.files.write(
                        String.format(Locale.ROOT, "/many/file-%05d.txt", i),
                        new ByteArrayInputStream(tiny));
            }
            double createS = (System.nanoTime() - t0) / 1e9;

            for (int i = 0; i < warmup; i++) {
                requireSize(part.files.list("/many"), n);
            }
            double[] listMs = new double[calls];
            for (int i = 0; i < calls; i++) {
                long a = System.nanoTime();
                List<PrivateFiles.Entry> entries = part.files.list("/many");
                listMs[i] = (System.nanoTime() - a) / 1e6;
                requireSize(entries, n);
            }

            // The reference: the same rows straight from Derby (the folder's PARENT_MAC is the
            // only one with n children), every column read; and a COUNT(*) of them.
            double[] selectMs = new double[calls];
            double[] countMs = new double[calls];
            try (Connection c = part.db.connection()) {
                String parent;
                try (PreparedStatement q =
                        c.prepareStatement(
                                "SELECT PARENT_MAC FROM ST_NODE GROUP BY PARENT_MAC"
                                        + " HAVING COUNT(*) = ?")) {
                    q.setInt(1, n);
                    try (ResultSet rs = q.executeQuery()) {
                        if (!rs.next()) {
                            throw new IllegalStateException("no folder with " + n + " rows");
                        }
                        parent = rs.getString(1);
                    }
                }
                try (PreparedStatement sel =
                                c.prepareStatement(
                                        "SELECT * FROM ST_NODE WHERE PARENT_MAC = ?"
                                                + " AND TRASHED_AT IS NULL");
                        PreparedStatement cnt =
                                c.prepareStatement(
                                        "SELECT COUNT(*) FROM ST_NODE WHERE PARENT_MAC = ?"
                                                + " AND TRASHED_AT IS NULL")) {
                    sel.setString(1, parent);
                    cnt.setString(1, parent);
                    for (int i = -warmup; i < calls; i++) {
                        long a = System.nanoTime();
                        int rows = 0;
                        try (ResultSet rs = sel.executeQuery()) {
                            int cols = rs.getMetaData().getColumnCount();
                            while (rs.next()) {
                                for (int col = 1; col <= cols; col++) {
                                    rs.getObject(col);
                                }
                                rows++;
                            }
                        }
                        long b = System.nanoTime();
                        int counted;
                        try (ResultSet rs = cnt.executeQuery()) {
                            rs.next();
                            counted = rs.getInt(1);
                        }
                        long d = System.nanoTime();
                        if (rows != n || counted != n) {
                            throw new IllegalStateException(
                                    "Derby has " + rows + " / " + counted + " rows, not " + n);
                        }
                        if (i >= 0) {
                            selectMs[i] = (b - a) / 1e6;
                            countMs[i] = (d - b) / 1e6;
                        }
                    }
                }
            }
            Arrays.sort(listMs);
            Arrays.sort(selectMs);
            Arrays.sort(countMs);
            System.out.println(
                    "BENCH-STORAGE kind=list n="
                            + n
                            + " calls="
                            + calls
                            + " warmup="
                            + warmup
                            + " create_s="
                            + f3(createS)
                            + " create_per_s="
                            + f(n / createS)
                            + " p50_ms="
                            + f3(median(listMs))
                            + " p90_ms="
                            + f3(pct(listMs, 90))
                            + " files_per_s="
                            + f(n / (median(listMs) / 1e3))
                            + " ref_p50_ms="
                            + f3(median(selectMs))
                            + " ref_p90_ms="
                            + f3(pct(selectMs, 90))
                            + " count_p50_ms="
                            + f3(median(countMs)));
        }
    }

    private static void requireSize(List<PrivateFiles.Entry> entries, int n) {
        if (entries.size() != n
                || !entries.get(0).name().equals("file-00000.txt")
                || entries.get(0).size() != 16) {
            throw new IllegalStateException(
                    "list returned " + entries.size() + " entries, expected " + n);
        }
    }

    // ------------------------------------------------------------------ CID computation

    private static void cid(Path file, Map<String, String> opt) throws Exception {
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "3"));
        int warmupMib = Integer.parseInt(opt.getOrDefault("warmupMib", "64"));
        long bytes = Files.size(file);
        byte[] prefix;
        try (InputStream in = Files.newInputStream(file)) {
            prefix = in.readNBytes(warmupMib * MIB);
        }
        for (int i = 0; i < 3; i++) {
            FileImporter.importFile(new ByteArrayInputStream(prefix), BlockSink.DISCARD);
        }
        prefix = null;
        double[] s = new double[rounds];
        String root = null;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            ImportedDag dag;
            try (InputStream in = Files.newInputStream(file)) {
                dag = FileImporter.importFile(in, BlockSink.DISCARD);
            }
            s[r] = (System.nanoTime() - t0) / 1e9;
            if (dag.contentSize() != bytes) {
                throw new IllegalStateException("imported " + dag.contentSize() + " bytes");
            }
            String cid = dag.root().toString();
            if (root != null && !root.equals(cid)) {
                throw new IllegalStateException("CID changed between rounds: " + root + " " + cid);
            }
            root = cid;
        }
        double mib = bytes / (double) MIB;
        System.out.println(
                "BENCH-STORAGE kind=cid bytes="
                        + bytes
                        + " rounds="
                        + rounds
                        + " cid="
                        + root
                        + " median_s="
                        + f3(median(s))
                        + " mibs="
                        + f(mib / median(s))
                        + " all_s="
                        + Arrays.stream(s).mapToObj(Stats::f3).collect(Collectors.joining(",")));
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Puts both sides of a comparison on the same footing before a timed operation: writes and
     * deletes a balloon file a little larger than the input, so that the operation finds that much
     * freshly freed page-cache memory (on a VM, memory untouched for a while is slow to fault in
     * again, and whichever operation came right after a delete was otherwise much faster), then runs
     * {@code sync} so that it does not pay for the writeback of the one before it. No root needed;
     * nothing is dropped from the page cache.
     */
    private static void settle(Path dir, long bytes) throws Exception {
        Path balloon = dir.resolve("balloon.tmp");
        ByteBuffer zeros = ByteBuffer.allocateDirect(MIB);
        try (FileChannel ch =
                FileChannel.open(
                        balloon,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
            for (long done = 0; done < bytes + bytes / 4; done += MIB) {
                zeros.clear();
                while (zeros.hasRemaining()) {
                    ch.write(zeros);
                }
            }
        }
        Files.delete(balloon);
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
        } catch (java.io.IOException e) {
            // no sync command: measure without it
        }
    }

    private static String rates(double mib, double[] seconds) {
        return Arrays.stream(seconds)
                .mapToObj(x -> f(mib / x))
                .collect(Collectors.joining(","));
    }

    /** The median of unsorted values. */
    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
