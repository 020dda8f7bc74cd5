// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * Immutable, content-addressed package files: {@code apps/packages/<sha256>.wapp}. A package is
 * written to a temporary file, synced and renamed, so a crash leaves either nothing or the whole
 * file; the Derby record that references it is committed only afterwards.
 */
final class PackageStore {

    private final Path dir;

    PackageStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    Path path(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return dir.resolve(sha256 + ".wapp");
    }

    /** Stores a copy of the verified file under its hash; an existing copy is kept as is. */
    Path store(Path source, String sha256) throws IOException {
        Path target = path(sha256);
        if (Files.exists(target) && sha256.equals(hash(target))) {
            return target;
        }
        Path tmp = Files.createTempFile(dir, ".incoming-", ".tmp");
        try (InputStream in = Files.newInputStream(source);
                FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
            in.transferTo(out);
            out.flush();
            ch.force(true);
        }
        if (!sha256.equals(hash(tmp))) {
            Files.deleteIfExists(tmp);
            throw new IOException("package changed while it was being stored");
        }
        try {
            Files.move(
                    tmp,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** Deletes packages no version references any more, and leftovers of interrupted stores. */
    int collect(Set<String> referenced) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                boolean orphan =
                        name.startsWith(".incoming-")
                                || name.endsWith(".wapp")
                                        && !referenced.contains(
                                                name.substring(0, name.length() - 5));
                if (orphan && Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    static String hash(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
