// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import static io.elastos.api.superexe.VerificationException.Reason.INVALID_MANIFEST;
import static io.elastos.api.superexe.VerificationException.Reason.MALFORMED_ARCHIVE;
import static io.elastos.api.superexe.VerificationException.Reason.UNSAFE_ARCHIVE;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Random;

/** Hostile archives: broken or lying zip structure, bombs, unsafe names, links, duplicates. */
final class HostileArchives {
    private HostileArchives() {}

    static void generate(Hostile.Collector c) {
        structure(c);
        methodsAndFlags(c);
        lyingSizes(c);
        bombs(c);
        names(c);
        duplicates(c);
    }

    private static void structure(Hostile.Collector c) {
        byte[] valid = Fixtures.builder(Fixtures.ED_KEY).build(Fixtures.ED_KEY);
        for (int i = 0; i < 64; i++) {
            int cut = (int) ((long) i * (valid.length - 1) / 63);
            c.add(
                    "truncated at " + cut,
                    MALFORMED_ARCHIVE,
                    "truncated|too short",
                    () -> Arrays.copyOf(valid, cut));
        }
        Random random = new Random(42);
        for (int len : new int[] {1, 21, 22, 100, 1000, 5000, 70000}) {
            byte[] garbage = new byte[len];
            random.nextBytes(garbage);
            c.add(
                    "garbage " + len + " bytes",
                    MALFORMED_ARCHIVE,
                    "not a zip|too short",
                    () -> garbage);
        }
        c.add("empty file", MALFORMED_ARCHIVE, "too short", () -> new byte[0]);
        c.add(
                "empty zip",
                INVALID_MANIFEST,
                "manifest.json: missing",
                () -> new HostileZip().build());
        c.add(
                "trailing junk",
                MALFORMED_ARCHIVE,
                "end-of-central-directory",
                () -> concat(valid, "junk".getBytes(StandardCharsets.US_ASCII)));
        c.zip(
                "prepended junk",
                MALFORMED_ARCHIVE,
                "central directory does not end",
                z -> z.prefix = new byte[100]);
        c.zip(
                "entry count too small",
                MALFORMED_ARCHIVE,
                "more bytes than its entries",
                z -> z.entryCount = 4);
        c.zip(
                "entry count too large",
                MALFORMED_ARCHIVE,
                "truncated or corrupt",
                z -> z.entryCount = 6);
        c.zip(
                "central offset +1",
                MALFORMED_ARCHIVE,
                "central directory",
                z -> z.cdOffsetDelta = 1L);
        c.zip(
                "central offset -1",
                MALFORMED_ARCHIVE,
                "central directory",
                z -> z.cdOffsetDelta = -1L);
        c.zip("multi-disk", MALFORMED_ARCHIVE, "multi-disk", z -> z.disk = 1);
        c.zip(
                "local header offset wrong",
                MALFORMED_ARCHIVE,
                "no local header",
                z -> z.get("plugin.wasm").offset = 3L);
        c.zip(
                "zip64 extra field",
                MALFORMED_ARCHIVE,
                "ZIP64",
                z -> z.get("plugin.wasm").extra = new byte[] {1, 0, 0, 0});
        c.zip(
                "truncated extra field",
                MALFORMED_ARCHIVE,
                "extra field",
                z -> z.get("plugin.wasm").extra = new byte[] {9, 9, 4});
        c.zip(
                "unicode path extra",
                UNSAFE_ARCHIVE,
                "Unicode path",
                z -> z.get("plugin.wasm").extra = new byte[] {0x75, 0x70, 0, 0});
        c.zip(
                "overlapping entries",
                UNSAFE_ARCHIVE,
                "overlap",
                z -> {
                    HostileZip.Entry inner =
                            new HostileZip.Entry(
                                    "inner.bin", "hidden".getBytes(StandardCharsets.US_ASCII));
                    inner.method = 0;
                    byte[] innerLocal = HostileZip.local(inner);
                    HostileZip.Entry outer = z.add("outer.bin", innerLocal);
                    outer.method = 0;
                    // The inner entry's local header sits inside the outer entry's data.
                    long outerOffset = 0;
                    for (HostileZip.Entry e : z.entries) {
                        if (e == outer) {
                            break;
                        }
                        outerOffset += HostileZip.local(e).length;
                    }
                    inner.centralOnly = true;
                    inner.offset = outerOffset + 30 + "outer.bin".length();
                    z.entries.add(inner);
                });
    }

    private static void methodsAndFlags(Hostile.Collector c) {
        for (int method : new int[] {1, 6, 9, 12, 14, 19, 93, 95, 98, 99}) {
            c.zip(
                    "compression method " + method,
                    MALFORMED_ARCHIVE,
                    "unsupported compression method " + method,
                    z -> z.get("plugin.wasm").method = method);
        }
        for (int flags : new int[] {0x0801, 0x0841, 0x2800}) {
            c.zip(
                    "encryption flags " + flags,
                    UNSAFE_ARCHIVE,
                    "encrypted",
                    z -> z.get("plugin.wasm").flags = flags);
        }
        c.zip(
                "symlink wasm",
                UNSAFE_ARCHIVE,
                "symbolic link",
                z -> z.get("plugin.wasm").external = 0120777L << 16);
        c.zip(
                "symlink ui file",
                UNSAFE_ARCHIVE,
                "symbolic link",
                z -> z.get("ui/app.js").external = 0120777L << 16);
        c.zip(
                "symlink from macOS",
                UNSAFE_ARCHIVE,
                "symbolic link",
                z -> {
                    z.get("ui/index.html").external = 0120755L << 16;
                    z.get("ui/index.html").madeBy = (19 << 8) | 20;
                });
        for (long type : new long[] {0010644L, 0020644L, 0060644L, 0140644L}) {
            c.zip(
                    "special file mode " + Long.toOctalString(type),
                    UNSAFE_ARCHIVE,
                    "special file",
                    z -> z.get("ui/app.js").external = type << 16);
        }
        c.zip(
                "directory mode without slash",
                UNSAFE_ARCHIVE,
                "without trailing slash",
                z -> z.get("ui/app.js").external = 040755L << 16);
        c.zip(
                "directory with content",
                UNSAFE_ARCHIVE,
                "directory entry with content",
                z -> z.add("docs/", "x"));
        c.zip("bad CRC", MALFORMED_ARCHIVE, "CRC", z -> z.get("plugin.wasm").crc = 12345L);
        c.zip(
                "local method differs",
                MALFORMED_ARCHIVE,
                "flags or method",
                z -> z.get("plugin.wasm").localMethod = 0);
        c.zip(
                "local name differs",
                UNSAFE_ARCHIVE,
                "local header name",
                z ->
                        z.get("plugin.wasm").localName =
                                "evil.wasm".getBytes(StandardCharsets.US_ASCII));
        c.zip(
                "corrupt deflate data",
                MALFORMED_ARCHIVE,
                "deflate",
                z ->
                        z.get("ui/index.html").compressed =
                                new byte[] {(byte) 0xff, (byte) 0xff, 1, 2, 3, 4, 5, 6, 7, 8});
    }

    private static void lyingSizes(Hostile.Collector c) {
        byte[] text = "hello world, ".repeat(4000).getBytes(StandardCharsets.US_ASCII);
        c.zip(
                "understated size (bomb)",
                UNSAFE_ARCHIVE,
                "inflates beyond",
                z -> {
                    z.add("big.txt", text).size = 1000L;
                });
        c.zip(
                "understated size to zero",
                UNSAFE_ARCHIVE,
                "inflates beyond",
                z -> z.add("big.txt", text).size = 0L);
        c.zip(
                "overstated size",
                MALFORMED_ARCHIVE,
                "inflates to",
                z -> z.get("ui/index.html").size = 5000L);
        c.zip(
                "stored sizes differ",
                MALFORMED_ARCHIVE,
                "different sizes",
                z -> {
                    HostileZip.Entry e = z.get("plugin.wasm");
                    e.method = 0;
                    e.size = 4L;
                });
        c.zip(
                "compressed size overruns next entry",
                UNSAFE_ARCHIVE,
                "overlap",
                z -> {
                    HostileZip.Entry e = z.get("plugin.wasm");
                    e.compressedSize = (long) HostileZip.deflate(e.data).length + 20;
                });
        c.zip(
                "compressed size overruns directory",
                MALFORMED_ARCHIVE,
                "runs past",
                z -> {
                    HostileZip.Entry e = z.get("ui/index.html");
                    e.compressedSize = (long) HostileZip.deflate(e.data).length + 20;
                });
        c.zip(
                "compressed size one too many",
                MALFORMED_ARCHIVE,
                "runs past|trailing bytes",
                z -> {
                    HostileZip.Entry e = z.get("ui/index.html");
                    e.compressedSize = (long) HostileZip.deflate(e.data).length + 1;
                });
        c.zip(
                "compressed size too small",
                MALFORMED_ARCHIVE,
                "truncated",
                z -> z.get("ui/index.html").compressedSize = 5L);
        c.zip(
                "compressed size beyond file",
                MALFORMED_ARCHIVE,
                "runs past",
                z -> z.get("ui/app.js").compressedSize = 0x7fffffffL);
    }

    private static void bombs(Hostile.Collector c) {
        c.zip(
                "ratio bomb 1 MiB of zeros",
                UNSAFE_ARCHIVE,
                "ratio",
                z -> z.add("zeros.bin", new byte[1 << 20]));
        c.zip(
                "ratio bomb 10 MiB of zeros",
                UNSAFE_ARCHIVE,
                "ratio",
                z -> z.add("zeros.bin", new byte[10 << 20]));
        c.zip(
                "entry above 32 MiB",
                UNSAFE_ARCHIVE,
                "limit",
                z -> z.add("huge.bin", new byte[33 << 20]));
        c.zip(
                "declared 33 MiB",
                UNSAFE_ARCHIVE,
                "limit",
                z -> z.get("plugin.wasm").size = 33L << 20);
        c.zip(
                "declared 4 GiB",
                MALFORMED_ARCHIVE,
                "ZIP64",
                z -> z.get("plugin.wasm").size = 0xffffffffL);
        c.zip(
                "overall ratio",
                UNSAFE_ARCHIVE,
                "overall compression ratio",
                z -> {
                    for (int i = 0; i < 30; i++) {
                        z.add("zeros/" + i, new byte[60 << 10]);
                    }
                });
        c.add(
                "2049 entries",
                UNSAFE_ARCHIVE,
                "2049 entries, limit 2048",
                () -> {
                    HostileZip z = Fixtures.template(Fixtures.ED_KEY);
                    for (int i = z.entries.size(); i < 2049; i++) {
                        z.add("f/" + i, new byte[0]).method = 0;
                    }
                    return z.build();
                });
        PackageLimits tiny = new PackageLimits(64L << 20, 3, 32L << 20, 128L << 20, 100);
        c.add(
                "entries over custom limit",
                UNSAFE_ARCHIVE,
                "entries, limit 3",
                () -> Fixtures.template(Fixtures.ED_KEY).build(),
                tiny);
        PackageLimits small = new PackageLimits(300, 2048, 32L << 20, 128L << 20, 100);
        c.add(
                "package over size limit",
                UNSAFE_ARCHIVE,
                "limit 300",
                () -> Fixtures.template(Fixtures.ED_KEY).build(),
                small);
        PackageLimits total = new PackageLimits(64L << 20, 2048, 32L << 20, 200, 100);
        c.add(
                "total over limit",
                UNSAFE_ARCHIVE,
                "uncompressed total",
                () -> Fixtures.template(Fixtures.ED_KEY).build(),
                total);
        PackageLimits entry = new PackageLimits(64L << 20, 2048, 20, 128L << 20, 100);
        c.add(
                "entry over custom limit",
                UNSAFE_ARCHIVE,
                "limit 20",
                () -> Fixtures.template(Fixtures.ED_KEY).build(),
                entry);
    }

    private static void names(Hostile.Collector c) {
        String[][] bad = {
            {"../evil.wasm", "traversal"},
            {"../../etc/passwd", "traversal"},
            {"ui/../../evil", "traversal"},
            {"ui/..", "traversal"},
            {"..", "traversal"},
            {"ui/../plugin2.wasm", "traversal"},
            {"/etc/passwd", "absolute"},
            {"/plugin.wasm", "absolute"},
            {"..\\evil", "backslash"},
            {"ui\\x.js", "backslash"},
            {"C:\\evil", "backslash|drive"},
            {"C:/evil", "drive letter"},
            {"c:evil", "drive letter"},
            {"ui//a.js", "empty or '.'"},
            {"./plugin.wasm", "empty or '.'"},
            {"ui/./a.js", "empty or '.'"},
            {"", "empty entry name"},
            {"a\nb", "control character"},
            {"a\u0000b", "control character"},
            {"evil.txt:stream", "colon"},
            {"ui/" + "a".repeat(2000), "longer than 1024"},
        };
        for (String[] b : bad) {
            c.zip("name " + ZipNames.printable(b[0]), UNSAFE_ARCHIVE, b[1], z -> z.add(b[0], "x"));
        }
        c.zip(
                "name not UTF-8",
                UNSAFE_ARCHIVE,
                "UTF-8",
                z -> {
                    HostileZip.Entry e = z.add("x", "x");
                    e.localName = new byte[] {(byte) 0xff, 'a'};
                    e.centralName = e.localName;
                });
    }

    private static void duplicates(Hostile.Collector c) {
        c.zip(
                "second manifest",
                UNSAFE_ARCHIVE,
                "duplicate entry: 'manifest.json'",
                z -> z.add("manifest.json", "{}"));
        c.zip(
                "second signature",
                UNSAFE_ARCHIVE,
                "duplicate entry: 'signature'",
                z -> z.add("signature", "x"));
        c.zip(
                "second wasm",
                UNSAFE_ARCHIVE,
                "duplicate entry: 'plugin.wasm'",
                z -> z.add("plugin.wasm", "evil"));
        c.zip(
                "case duplicate",
                UNSAFE_ARCHIVE,
                "differ only by case",
                z -> z.add("Plugin.wasm", "evil"));
        c.zip(
                "case duplicate folder",
                UNSAFE_ARCHIVE,
                "differ only by case",
                z -> z.add("UI/index.html", "evil"));
        c.zip(
                "unicode form duplicate",
                UNSAFE_ARCHIVE,
                "Unicode form",
                z -> {
                    z.add(Normalizer.normalize("caf\u00e9.txt", Normalizer.Form.NFC), "a");
                    z.add(Normalizer.normalize("caf\u00e9.txt", Normalizer.Form.NFD), "b");
                });
        c.zip("file is also a folder", UNSAFE_ARCHIVE, "also a folder", z -> z.add("ui", "x"));
        c.zip(
                "duplicate directory",
                UNSAFE_ARCHIVE,
                "duplicate entry",
                z -> {
                    z.add("ui/", new byte[0]).method = 0;
                    z.add("ui/", new byte[0]).method = 0;
                });
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
