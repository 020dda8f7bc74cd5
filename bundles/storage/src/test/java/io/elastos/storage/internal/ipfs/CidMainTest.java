// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code elastos files cid}: the CID alone on success, one error line and a status otherwise. */
class CidMainTest {

    @TempDir Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsTheCidOfAFile() throws Exception {
        Path f = Files.writeString(tmp.resolve("f"), "");
        assertEquals(CidMain.OK, run(f.toString()));
        assertEquals("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku\n", text(out));
        assertEquals("", text(err));
    }

    @Test
    void printsTheCidOfADirectory() {
        assertEquals(CidMain.OK, run(tmp.toString()));
        assertEquals("bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354\n", text(out));
    }

    @Test
    void usageAndMissingPathExitTwo() {
        assertEquals(CidMain.USAGE, run());
        assertEquals(CidMain.USAGE, run(tmp.resolve("nope").toString()));
        String e = text(err);
        assertTrue(e.contains("usage:") && e.contains("no such file"), e);
        assertEquals(2, e.lines().count());
        assertEquals("", text(out));
    }

    private int run(String... args) {
        return CidMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.UTF_8);
    }
}
