// SPDX-License-Identifier: Apache-2.0
package io.elastos.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * The jars to install: the distribution's bundles, each replaced by a hot-deployed bundle of the
 * same symbolic name when one was kept in the data directory.
 */
final class BundleSet {

    private BundleSet() {}

    static List<Path> resolve(Path distribution, Path deployed) throws LauncherException {
        Map<String, Path> byName = new LinkedHashMap<>();
        for (Path jar : jars(distribution, true)) {
            byName.put(symbolicName(jar, jar.getFileName().toString()), jar);
        }
        if (deployed != null && Files.isDirectory(deployed)) {
            for (Path jar : jars(deployed, false)) {
                String name = symbolicName(jar, null);
                if (name != null) {
                    byName.put(name, jar);
                }
            }
        }
        return new ArrayList<>(byName.values());
    }

    private static List<Path> jars(Path dir, boolean required) throws LauncherException {
        List<Path> list = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.jar")) {
            s.forEach(list::add);
        } catch (IOException e) {
            if (required) {
                throw new LauncherException(
                        "cannot read the bundle folder "
                                + dir
                                + "; the installation is broken, unpack it again");
            }
        }
        list.sort(null);
        return list;
    }

    /** The Bundle-SymbolicName without directives; {@code fallback} if the jar has none. */
    static String symbolicName(Path jar, String fallback) {
        try (JarFile f = new JarFile(jar.toFile())) {
            String bsn =
                    f.getManifest() == null
                            ? null
                            : f.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
            return bsn == null ? fallback : bsn.split(";")[0].trim();
        } catch (IOException e) {
            return fallback;
        }
    }
}
