// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The templates and SDK embedded for {@code elastos app new} are the ones in {@code mini-apps/}
 * (the build copies them in: nothing is left out or added), and {@code mini-apps/hello} is exactly
 * what {@code elastos app new org.elastos.hello} makes.
 */
class EmbeddedTemplatesTest {
    private static final Path MINI_APPS = Path.of("..", "mini-apps");

    @TempDir Path tmp;

    @Test
    void embeddedCopiesMatchTheSources() throws Exception {
        compare(MINI_APPS.resolve("templates/as"), "as");
        compare(MINI_APPS.resolve("templates/c"), "c");
        compare(MINI_APPS.resolve("sdk/as/assembly"), "sdk-as");
        compare(MINI_APPS.resolve("sdk/c"), "sdk-c");
    }

    @Test
    void helloIsTheTemplatesOutput() throws Exception {
        Path made = tmp.resolve("hello");
        CliRun r = CliRun.run("new", "org.elastos.hello", "--dir", made.toString());
        assertEquals(0, r.code(), r.err());
        Path hello = MINI_APPS.resolve("hello");
        List<String> expected = files(made);
        assertEquals(expected, files(hello), "files of mini-apps/hello");
        for (String f : expected) {
            // hello's sdk/ is a link to the SDK sources, which the first test compares.
            assertArrayEquals(
                    Files.readAllBytes(made.resolve(f)), Files.readAllBytes(hello.resolve(f)), f);
        }
    }

    private static void compare(Path source, String embedded) throws Exception {
        List<String> files = files(source);
        if (embedded.equals("as") || embedded.equals("c")) {
            // The build adds the SDK's UI client to every template's ui/.
            files.add("ui/app-api.js");
            files.sort(null);
            assertArrayEquals(
                    Files.readAllBytes(MINI_APPS.resolve("sdk/ui/app-api.js")),
                    ProjectTemplate.file(embedded, "ui/app-api.js"),
                    embedded + "/ui/app-api.js differs from mini-apps/sdk/ui: rebuild superexe");
            files.remove("ui/app-api.js");
            assertEquals(
                    files,
                    ProjectTemplate.index(embedded).stream()
                            .filter(f -> !f.equals("ui/app-api.js"))
                            .toList(),
                    "files of " + source);
        } else {
            assertEquals(files, ProjectTemplate.index(embedded), "files of " + source);
        }
        for (String f : files) {
            assertArrayEquals(
                    Files.readAllBytes(source.resolve(f)),
                    ProjectTemplate.file(embedded, f),
                    embedded
                            + "/"
                            + f
                            + " differs from "
                            + source.resolve(f)
                            + ": rebuild superexe");
        }
    }

    /** Regular files, sorted, without build output and installed packages. */
    private static List<String> files(Path dir) throws Exception {
        List<String> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String rel = dir.relativize(p).toString();
                if (Files.isRegularFile(p)
                        && !rel.startsWith("node_modules/")
                        && !rel.startsWith("build/")) {
                    out.add(rel);
                }
            }
        }
        out.sort(null);
        return out;
    }
}
