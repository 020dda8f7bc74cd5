// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * {@code elastos files cid <path>}: prints the CID a file or directory would get when published,
 * like {@code ipfs add --only-hash --cid-version 1 --raw-leaves}, without storing anything or
 * needing a running node.
 *
 * <p>Exit status: 0 with the CID alone on standard output; 2 for a usage error or a path that is
 * not there; 1 when the content cannot be read or imported. Errors are one line on standard error.
 */
public final class CidMain {

    /** Success. */
    static final int OK = 0;

    /** The path could not be read or imported. */
    static final int FAILED = 1;

    /** Bad arguments or no such path. */
    static final int USAGE = 2;

    private CidMain() {}

    /**
     * Runs the command and exits with its status.
     *
     * @param args one path
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command without exiting, for tests and for callers in the same JVM.
     *
     * @param args one path
     * @param out receives the CID line
     * @param err receives the error line
     * @return the exit status
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1 || args[0].isEmpty()) {
            err.println("usage: elastos files cid <file-or-directory>");
            return USAGE;
        }
        Path path;
        try {
            path = Path.of(args[0]);
        } catch (InvalidPathException e) {
            err.println("elastos files cid: invalid path: " + args[0]);
            return USAGE;
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            err.println("elastos files cid: no such file or directory: " + args[0]);
            return USAGE;
        }
        try {
            ImportedDag dag;
            if (Files.isDirectory(path)) {
                dag = DirectoryImporter.importDirectory(path.toRealPath(), BlockSink.DISCARD);
            } else {
                try (InputStream in = Files.newInputStream(path)) {
                    dag = FileImporter.importFile(in, BlockSink.DISCARD);
                }
            }
            out.println(dag.root());
            return OK;
        } catch (IOException | RuntimeException e) {
            err.println("elastos files cid: " + oneLine(e));
            return FAILED;
        }
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("[\\r\\n]+", " ");
    }
}
