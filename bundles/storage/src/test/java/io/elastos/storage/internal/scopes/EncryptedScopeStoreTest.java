// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.scopes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.storage.AppScope;
import io.elastos.api.storage.FileStat;
import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.metadata.internal.TestMetadata;
import io.elastos.storage.internal.blocks.BlockFiles;
import io.elastos.storage.internal.files.FileIndex;
import io.elastos.storage.internal.files.PrivateFiles;
import io.elastos.storage.internal.vault.VaultKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** App scopes end to end: real Derby, real block files, the real vault. */
class EncryptedScopeStoreTest {
    static final byte[] MARKER = "SCOPE-PLAINTEXT-7d3e".getBytes(StandardCharsets.UTF_8);

    @TempDir Path data;
    MetadataStore db;
    VaultKey vault;
    BlockFiles blocks;
    FileIndex index;
    EncryptedScopeStore store;

    @BeforeEach
    void open() throws Exception {
        db = TestMetadata.open(data.resolve("db"));
        vault = VaultKey.openOrCreate(data.resolve("keys"), null);
        blocks = new BlockFiles(data.resolve("blocks"));
        index = new FileIndex(db);
        store = new EncryptedScopeStore(db, index, blocks, vault, 1 << 20, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
            vault.close();
            TestMetadata.close(db);
        }
    }

    void reopen() throws Exception {
        close();
        open();
    }

    /** A plain view of the same partition, to check what the scopes leave in it. */
    PrivateFiles partition() throws Exception {
        return new PrivateFiles(index, blocks, vault, 10, Clock.systemUTC());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void assertReason(Reason reason, Executable call) {
        StorageException e = assertThrows(StorageException.class, call);
        assertEquals(reason, e.reason(), e.getMessage());
    }

    @Test
    void keyValuesPutGetDeleteAndList() throws Exception {
        AppScope s = store.open("org.example.notes");
        assertEquals("org.example.notes", s.id());
        assertTrue(s.get("a").isEmpty());
        s.put("b/2", bytes("two"));
        s.put("a", bytes("first"));
        s.put("b/1", bytes("one"));
        s.put("c", new byte[0]);
        s.put("a", bytes("A"));
        assertArrayEquals(bytes("A"), s.get("a").orElseThrow());
        assertArrayEquals(new byte[0], s.get("c").orElseThrow());
        assertEquals(List.of("a", "b/1", "b/2", "c"), s.keys("", 10));
        assertEquals(List.of("b/1", "b/2"), s.keys("b/", 10));
        assertEquals(List.of("a", "b/1"), s.keys("", 2));
        assertEquals(List.of(), s.keys("zz", 10));
        assertReason(Reason.INVALID_ARGUMENT, () -> s.keys("", 0));
        assertEquals(1 + 1 + 3 + 3 + 3 + 3 + 1, s.usedBytes(), "keys and values count");

        assertTrue(s.delete("a"));
        assertFalse(s.delete("a"));
        assertTrue(s.get("a").isEmpty());
        assertEquals(List.of("b/1", "b/2", "c"), s.keys("", 10));
        assertEquals(3 + 3 + 3 + 3 + 1, s.usedBytes());
    }

    @Test
    void anyValidKeyWorksIncludingLongAndUnicodeOnes() throws Exception {
        AppScope s = store.open("org.example.keys");
        String longKey = "é".repeat(AppScope.MAX_KEY_LENGTH); // 1024 UTF-8 bytes: a hashed name
        String unicode = "ключ/🔑 ..";
        String composed = "\u00e9";
        String decomposed = "e\u0301"; // NFC would fold it into the composed one; keys must not
        s.put(longKey, bytes("long"));
        s.put(unicode, bytes("unicode"));
        s.put(composed, bytes("composed"));
        s.put(decomposed, bytes("decomposed"));
        assertArrayEquals(bytes("long"), s.get(longKey).orElseThrow());
        assertArrayEquals(bytes("unicode"), s.get(unicode).orElseThrow());
        assertArrayEquals(bytes("composed"), s.get(composed).orElseThrow());
        assertArrayEquals(bytes("decomposed"), s.get(decomposed).orElseThrow());
        List<String> expected = new ArrayList<>(List.of(longKey, unicode, composed, decomposed));
        expected.sort(null);
        assertEquals(expected, s.keys("", 10));
        assertEquals(List.of(longKey), s.keys("éé", 10));
        long used = s.usedBytes();
        assertEquals(
                2 * AppScope.MAX_KEY_LENGTH + 4, used - usedOf(s, unicode, composed, decomposed));
        assertTrue(s.delete(longKey));
        assertTrue(s.get(longKey).isEmpty());
        assertEquals(used - 2 * AppScope.MAX_KEY_LENGTH - 4, s.usedBytes());

        for (String bad :
                new String[] {"", "a\u0000b", "tab\t", "\u007f", "x".repeat(513), "\ud800", null}) {
            assertReason(Reason.INVALID_ARGUMENT, () -> s.put(bad, bytes("v")));
            assertReason(Reason.INVALID_ARGUMENT, () -> s.get(bad));
            assertReason(Reason.INVALID_ARGUMENT, () -> s.delete(bad));
        }
    }

    private static long usedOf(AppScope s, String... keys) throws Exception {
        long n = 0;
        for (String k : keys) {
            n += bytes(k).length + s.get(k).orElseThrow().length;
        }
        return n;
    }

    @Test
    void filesFollowTheApi() throws Exception {
        AppScope s = store.open("org.example.files");
        assertEquals(List.of(), s.listFiles(""));
        assertTrue(s.stat("").orElseThrow().directory());
        s.writeFile("a/b/c.txt", bytes("hello"));
        assertArrayEquals(bytes("hello"), s.readFile("a/b/c.txt").orElseThrow());
        assertEquals(List.of("a/"), s.listFiles(""));
        assertEquals(List.of("b/"), s.listFiles("a"));
        s.writeFile("a/z.bin", new byte[3]);
        s.createDirectory("a/empty");
        s.createDirectory("a/empty"); // an existing folder is fine
        assertEquals(List.of("b/", "empty/", "z.bin"), s.listFiles("a"));

        FileStat file = s.stat("a/b/c.txt").orElseThrow();
        assertFalse(file.directory());
        assertEquals(5, file.size());
        assertTrue(s.stat("a/b").orElseThrow().directory());
        assertTrue(s.stat("a/nothing").isEmpty());
        assertTrue(s.readFile("a/nothing").isEmpty());
        assertEquals(8, s.usedBytes());

        s.writeFile("a/b/c.txt", bytes("hi"));
        assertEquals(2, s.stat("a/b/c.txt").orElseThrow().size());
        assertEquals(5, s.usedBytes());

        assertReason(Reason.INVALID_ARGUMENT, () -> s.readFile("a/b"));
        assertReason(Reason.INVALID_ARGUMENT, () -> s.readFile(""));
        assertReason(Reason.INVALID_ARGUMENT, () -> s.writeFile("a/b", bytes("x")));
        assertReason(Reason.INVALID_ARGUMENT, () -> s.writeFile("", bytes("x")));
        assertReason(Reason.INVALID_ARGUMENT, () -> s.writeFile("a/z.bin/under", bytes("x")));
        assertReason(Reason.INVALID_ARGUMENT, () -> s.createDirectory("a/z.bin"));
        assertReason(Reason.INVALID_ARGUMENT, () -> s.createDirectory("a/z.bin/under"));
        assertReason(Reason.INVALID_ARGUMENT, () -> s.deleteFile("a/b"));
        assertReason(Reason.INVALID_ARGUMENT, () -> s.deleteFile(""));
        assertReason(Reason.INVALID_ARGUMENT, () -> s.listFiles("a/z.bin"));
        assertReason(Reason.NOT_FOUND, () -> s.listFiles("nothing"));

        assertTrue(s.deleteFile("a/b/c.txt"));
        assertFalse(s.deleteFile("a/b/c.txt"));
        assertTrue(s.readFile("a/b/c.txt").isEmpty());
        assertTrue(s.deleteFile("a/b"));
        assertTrue(s.deleteFile("a/empty"));
        assertTrue(s.stat("a/b").isEmpty());
        assertEquals(List.of("z.bin"), s.listFiles("a"));
        assertEquals(3, s.usedBytes());
        // A deleted folder can be made again, empty.
        s.createDirectory("a/b");
        assertEquals(List.of(), s.listFiles("a/b"));
    }

    @Test
    void badPathsAreRefused() throws Exception {
        AppScope s = store.open("org.example.paths");
        for (String bad :
                new String[] {
                    "/abs",
                    "a//b",
                    "a/",
                    "./a",
                    "a/./b",
                    "a/../b",
                    "..",
                    "../other",
                    ".",
                    "a\\b",
                    "nul\u0000",
                    null
                }) {
            assertReason(Reason.INVALID_ARGUMENT, () -> s.writeFile(bad, bytes("x")));
            assertReason(Reason.INVALID_ARGUMENT, () -> s.readFile(bad));
            assertReason(Reason.INVALID_ARGUMENT, () -> s.stat(bad));
            assertReason(Reason.INVALID_ARGUMENT, () -> s.listFiles(bad));
            assertReason(Reason.INVALID_ARGUMENT, () -> s.createDirectory(bad));
            assertReason(Reason.INVALID_ARGUMENT, () -> s.deleteFile(bad));
        }
        assertEquals(0, s.usedBytes());
    }

    @Test
    void scopesAreIsolated() throws Exception {
        AppScope one = store.open("org.example.one");
        AppScope two = store.open("org.example.two");
        one.put("k", bytes("one"));
        two.put("k", bytes("two"));
        one.writeFile("f", bytes("1"));
        assertArrayEquals(bytes("one"), one.get("k").orElseThrow());
        assertArrayEquals(bytes("two"), two.get("k").orElseThrow());
        assertTrue(two.readFile("f").isEmpty());
        assertReason(Reason.INVALID_ARGUMENT, () -> two.readFile("../org.example.one/files/f"));
        assertTrue(two.delete("k"));
        assertArrayEquals(bytes("one"), one.get("k").orElseThrow());
        assertEquals(List.of("org.example.one", "org.example.two"), store.scopes());

        for (String bad :
                new String[] {"", ".", "..", "../x", "a/b", "a..b", ".a", "a.", "a b", null}) {
            assertReason(Reason.INVALID_ARGUMENT, () -> store.open(bad));
            assertFalse(store.delete(bad));
        }
        // Bundle symbolic names are scope ids too.
        assertEquals("io.elastos.Some_Bundle", store.open("io.elastos.Some_Bundle").id());
    }

    @Test
    void aWriteOverTheQuotaFailsAndChangesNothing() throws Exception {
        AppScope s = store.open("org.example.quota");
        store.setQuota("org.example.quota", 100);
        assertEquals(100, s.quotaBytes());
        s.put("k", new byte[50]);
        assertEquals(51, s.usedBytes());

        StorageException e = assertThrows(StorageException.class, () -> s.put("k", new byte[120]));
        assertEquals(Reason.QUOTA_EXCEEDED, e.reason());
        assertTrue(e.getMessage().contains("org.example.quota"), e.getMessage());
        assertArrayEquals(new byte[50], s.get("k").orElseThrow());
        assertEquals(51, s.usedBytes());

        assertReason(Reason.QUOTA_EXCEEDED, () -> s.writeFile("big", new byte[60]));
        assertTrue(s.stat("big").isEmpty());
        assertEquals(List.of(), s.listFiles(""));
        assertEquals(51, s.usedBytes());
        s.writeFile("fits", new byte[49]);
        assertEquals(100, s.usedBytes());

        // A quota below the usage blocks growth but allows shrinking.
        store.setQuota("org.example.quota", 10);
        assertReason(Reason.QUOTA_EXCEEDED, () -> s.put("new", new byte[1]));
        s.put("k", new byte[5]);
        assertEquals(55, s.usedBytes());
        assertEquals(10, store.open("org.example.quota").quotaBytes());

        assertReason(Reason.NOT_FOUND, () -> store.setQuota("org.example.none", 5));
        assertReason(Reason.INVALID_ARGUMENT, () -> store.setQuota("org.example.quota", -1));
    }

    @Test
    void usageAndQuotaSurviveAReopen() throws Exception {
        AppScope s = store.open("org.example.restart");
        s.put("key", bytes("value"));
        s.put("é".repeat(200), bytes("long"));
        s.writeFile("docs/a.txt", new byte[1000]);
        s.createDirectory("empty");
        store.setQuota("org.example.restart", 5000);
        long used = s.usedBytes();
        store.open("org.example.empty");

        reopen();
        assertEquals(List.of("org.example.empty", "org.example.restart"), store.scopes());
        AppScope again = store.open("org.example.restart");
        assertEquals(used, again.usedBytes());
        assertEquals(5000, again.quotaBytes());
        assertArrayEquals(bytes("value"), again.get("key").orElseThrow());
        assertEquals(List.of("docs/", "empty/"), again.listFiles(""));
        assertEquals(1 << 20, store.open("org.example.empty").quotaBytes());
    }

    @Test
    void valuesKeepOneVersionAndAreEncryptedAtRest() throws Exception {
        AppScope s = store.open("org.example.secret");
        byte[] value = new byte[200];
        System.arraycopy(MARKER, 0, value, 20, MARKER.length);
        for (int i = 0; i < 3; i++) {
            s.put("k", value);
            s.writeFile("f", value);
        }
        String kvPath = "/.apps/org.example.secret/kv/" + HexFormat.of().formatHex(bytes("k"));
        PrivateFiles p = partition();
        assertEquals(1, p.versions(kvPath).size());
        assertEquals(1, p.versions("/.apps/org.example.secret/files/f").size());
        try (Stream<Path> all = Files.walk(data)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                assertFalse(contains(Files.readAllBytes(f), MARKER), "plaintext in " + f);
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void deleteRemovesTheScopeAndItsData() throws Exception {
        AppScope s = store.open("org.example.gone");
        s.put("k", new byte[768 * 1024]); // under the test quota of 1 MiB
        s.writeFile("a/b/c", bytes("c"));
        s.createDirectory("a/empty");
        store.open("org.example.kept").put("k", bytes("kept"));

        assertTrue(store.delete("org.example.gone"));
        assertFalse(store.delete("org.example.gone"));
        assertReason(Reason.NOT_FOUND, () -> s.get("k"));
        assertReason(Reason.NOT_FOUND, () -> s.writeFile("x", bytes("x")));
        assertEquals(List.of("org.example.kept"), store.scopes());

        PrivateFiles p = partition();
        assertEquals(
                List.of("org.example.kept"),
                p.list("/.apps").stream().map(PrivateFiles.Entry::name).toList());
        assertEquals(List.of(), index.trashed(), "purged, not left in the trash");
        assertTrue(p.collectGarbage(Duration.ZERO).deleted() >= 2, "its blocks are collected");
        assertArrayEquals(bytes("kept"), store.open("org.example.kept").get("k").orElseThrow());

        AppScope fresh = store.open("org.example.gone");
        assertEquals(0, fresh.usedBytes());
        assertTrue(fresh.get("k").isEmpty());
        assertEquals(List.of(), fresh.listFiles(""));
    }

    @Test
    void concurrentWritersNeverPassTheQuota() throws Exception {
        AppScope s = store.open("org.example.busy");
        store.setQuota("org.example.busy", 1000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String key = "k" + (i < 10 ? "0" : "") + i;
                results.add(
                        pool.submit(() -> {
                            try {
                                s.put(key, new byte[97]);
                                return true;
                            } catch (StorageException e) {
                                assertEquals(Reason.QUOTA_EXCEEDED, e.reason());
                                return false;
                            }
                        }));
            }
            long stored = 0;
            for (Future<Boolean> r : results) {
                stored += r.get() ? 1 : 0;
            }
            assertEquals(10, stored, "ten entries of 100 bytes fit");
            assertEquals(1000, s.usedBytes());
            assertEquals(10, s.keys("", 100).size());
        } finally {
            pool.shutdownNow();
        }
        reopen();
        assertEquals(1000, store.open("org.example.busy").usedBytes());
        assertEquals(Optional.empty(), store.open("org.example.busy").get("nothing"));
    }
}
