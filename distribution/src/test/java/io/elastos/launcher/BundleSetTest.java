// SPDX-License-Identifier: Apache-2.0
package io.elastos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleSetTest {

    @TempDir Path tmp;

    private static Path jar(Path dir, String file, String bsn) throws Exception {
        Files.createDirectories(dir);
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-SymbolicName", bsn);
        Path p = dir.resolve(file);
        try (OutputStream out = Files.newOutputStream(p);
                JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        return p;
    }

    @Test
    void hotDeployedBundlesReplaceTheDistributionsOfTheSameName() throws Exception {
        Path dist = tmp.resolve("dist");
        Path deployed = tmp.resolve("deployed");
        Path a = jar(dist, "a-1.0.jar", "org.example.a;singleton:=true");
        Path b = jar(dist, "b-1.0.jar", "org.example.b");
        Path newA = jar(deployed, "org.example.a.jar", "org.example.a");
        Path extra = jar(deployed, "org.example.c.jar", "org.example.c");
        Files.writeString(deployed.resolve("broken.jar"), "not a jar");
        assertEquals(List.of(newA, b, extra), BundleSet.resolve(dist, deployed));
        assertEquals(List.of(a, b), BundleSet.resolve(dist, tmp.resolve("missing")));
    }
}
