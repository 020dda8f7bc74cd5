// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A mini-app project template embedded in this bundle (the build copies {@code mini-apps/templates}
 * and {@code mini-apps/sdk} into it): the project files with {@code __APP_ID__} and {@code
 * __APP_NAME__} placeholders, and the SDK sources written to the project's {@code sdk/} folder.
 */
final class ProjectTemplate {
    /** The template languages, as {@code --lang} takes them. */
    static final List<String> LANGUAGES = List.of("as", "c");

    private static final String ROOT = "templates/";

    private final String lang;

    ProjectTemplate(String lang) {
        this.lang = lang;
    }

    /**
     * The template's files, relative paths, sorted: listed from this class's own jar (the CLI runs
     * from it) or class folder (in tests), where the build put {@code mini-apps/}' files.
     */
    static List<String> index(String name) throws IOException {
        String prefix = "io/elastos/superexe/internal/cli/" + ROOT + name + "/";
        Path source;
        try {
            source =
                    Path.of(
                            ProjectTemplate.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            throw new IOException("cannot find the embedded templates: " + e.getMessage(), e);
        }
        List<String> files = new ArrayList<>();
        if (Files.isDirectory(source)) {
            Path dir = source.resolve(prefix);
            if (!Files.isDirectory(dir)) {
                throw new IOException("no embedded template " + name);
            }
            try (var walk = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    if (Files.isRegularFile(p)) {
                        files.add(dir.relativize(p).toString().replace('\\', '/'));
                    }
                }
            }
        } else {
            try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(source.toFile())) {
                jar.stream()
                        .filter(e -> !e.isDirectory() && e.getName().startsWith(prefix))
                        .forEach(e -> files.add(e.getName().substring(prefix.length())));
            }
        }
        if (files.isEmpty()) {
            throw new IOException("no embedded template " + name);
        }
        files.sort(null);
        return files;
    }

    /** One embedded file's bytes. */
    static byte[] file(String name, String path) throws IOException {
        try (InputStream in = ProjectTemplate.class.getResourceAsStream(ROOT + name + "/" + path)) {
            if (in == null) {
                throw new IOException("embedded template file missing: " + name + "/" + path);
            }
            return in.readAllBytes();
        }
    }

    /**
     * Writes a new project into {@code dir}, which must not exist or be empty.
     *
     * @return the files written, relative to {@code dir}
     */
    List<String> write(Path dir, String id, String name) throws IOException {
        List<String> written = new ArrayList<>();
        for (String path : index(lang)) {
            String target = dotted(path);
            byte[] bytes = file(lang, path);
            String text = new String(bytes, StandardCharsets.UTF_8);
            text = text.replace("__APP_ID__", id).replace("__APP_NAME__", jsonSafe(name));
            put(dir.resolve(target), text.getBytes(StandardCharsets.UTF_8), target);
            written.add(target);
        }
        String sdk = "sdk-" + lang;
        for (String path : index(sdk)) {
            put(dir.resolve("sdk").resolve(path), file(sdk, path), path);
            written.add("sdk/" + path);
        }
        if (!lang.equals("as")) {
            // The unit-test harness is plain JavaScript, shared by every language's template.
            put(dir.resolve("sdk/testing.mjs"), file("sdk-as", "testing.mjs"), "testing.mjs");
            written.add("sdk/testing.mjs");
        }
        return written;
    }

    // Maven leaves dotfiles out of resources by default, so the template names them without the
    // dot.
    private static String dotted(String path) {
        return switch (path) {
            case "gitignore", "npmrc" -> "." + path;
            default -> path;
        };
    }

    private static void put(Path file, byte[] bytes, String name) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes, java.nio.file.StandardOpenOption.CREATE_NEW);
        if (name.endsWith(".sh")) {
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the build runs "sh build.sh" anyway.
            }
        }
    }

    /** The display name is written into JSON, HTML and source comments: keep it plain. */
    static String jsonSafe(String name) {
        StringBuilder b = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == ' ' || c == '-' || c == '_' || c == '.') {
                b.append(c);
            }
        }
        return b.toString().strip();
    }

    /**
     * The default display name: the id's last segment, capitalised ("org.example.my-notes" → "My
     * notes").
     */
    static String defaultName(String id) {
        String last = id.substring(id.lastIndexOf('.') + 1).replace('-', ' ');
        return last.substring(0, 1).toUpperCase(Locale.ROOT) + last.substring(1);
    }
}
