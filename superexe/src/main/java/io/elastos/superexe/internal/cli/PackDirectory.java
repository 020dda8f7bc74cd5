// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import io.elastos.api.identity.Did;
import io.elastos.api.superexe.AppManifest;
import io.elastos.json.JsonException;
import io.elastos.json.JsonReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The directory {@code pack} builds from: the app directory itself, or, when its {@code
 * manifest.json} has no {@code publisher}, a private copy whose manifest names the key's DID.
 */
final class PackDirectory implements AutoCloseable {
    private final Path path;
    private final boolean temporary;

    private PackDirectory(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    /**
     * Prepares the directory to build from.
     *
     * @param dir the app directory holding {@code manifest.json}
     * @param publisher the signing key's DID, filled in when the manifest names no publisher
     * @return the directory, to be closed when the package is built
     * @throws IOException if the directory cannot be read or copied
     */
    static PackDirectory prepare(Path dir, Did publisher) throws IOException {
        byte[] template = Files.readAllBytes(dir.resolve(AppManifest.MANIFEST_FILE));
        Object tree;
        try {
            tree = JsonReader.parse(template, JsonReader.Limits.MANIFEST);
        } catch (JsonException e) {
            // The builder reports the syntax error with its own words.
            return new PackDirectory(dir, false);
        }
        if (!(tree instanceof Map<?, ?> m) || m.containsKey("publisher")) {
            return new PackDirectory(dir, false);
        }
        Path copy = Files.createTempDirectory("elastos-pack-");
        PackDirectory result = new PackDirectory(copy, true);
        try {
            copyTree(dir, copy);
            Files.write(
                    copy.resolve(AppManifest.MANIFEST_FILE),
                    withPublisher(template, publisher, m.isEmpty()));
            return result;
        } catch (IOException | RuntimeException e) {
            result.close();
            throw e;
        }
    }

    /** Inserts {@code "publisher"} as the first member of the template's top-level object. */
    static byte[] withPublisher(byte[] template, Did publisher, boolean emptyObject) {
        String text = new String(template, StandardCharsets.UTF_8);
        int brace = text.indexOf('{');
        String member =
                "\n  \"publisher\": \""
                        + publisher.value().replace("\\", "\\\\").replace("\"", "\\\"")
                        + "\""
                        + (emptyObject ? "" : ",");
        return (text.substring(0, brace + 1) + member + text.substring(brace + 1))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(from)) {
            walk.forEach(paths::add);
        }
        for (Path p : paths) {
            Path rel = from.relativize(p);
            Path dest = to.resolve(rel.toString());
            if (Files.isSymbolicLink(p)) {
                throw new IOException("symbolic link in package directory: " + p);
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dest);
            } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.copy(p, dest, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    /** Returns the directory to build from. */
    Path path() {
        return path;
    }

    /** Deletes the private copy, if one was made. */
    @Override
    public void close() throws IOException {
        if (!temporary) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }
}
