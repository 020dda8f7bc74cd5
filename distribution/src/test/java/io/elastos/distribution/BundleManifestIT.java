// SPDX-License-Identifier: Apache-2.0
package io.elastos.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Proves the bnd instruction inheritance: a header set only in {@code cnf/ext/bundle.bnd} must
 * reach every node bundle through the root {@code bnd.bnd}, and the root defaults must too.
 */
class BundleManifestIT {

    private static final Path BUNDLES = Path.of(System.getProperty("elastos.home"), "bundles");

    @Test
    void everyNodeBundleInheritsTheSharedBndInstructions() throws IOException {
        List<Path> nodeBundles = nodeBundles();
        assertEquals(10, nodeBundles.size(), "node bundles: " + nodeBundles);
        for (Path jar : nodeBundles) {
            Attributes main = manifest(jar);
            String name = jar.getFileName().toString();
            assertEquals(
                    "1", main.getValue("X-ElastOS-Platform"), name + " lacks the cnf/ext header");
            assertEquals("ElastOS", main.getValue("Bundle-Vendor"), name);
            assertEquals("Apache-2.0", main.getValue("Bundle-License"), name);
            assertNotNull(main.getValue("Bundle-SymbolicName"), name);
            assertTrue(name.startsWith(main.getValue("Bundle-SymbolicName").split(";")[0]), name);
            // -noextraheaders / -reproducible: no build-machine facts in the manifest.
            assertFalse(main.containsKey(new Attributes.Name("Bnd-LastModified")), name);
            assertFalse(main.containsKey(new Attributes.Name("Created-By")), name);
        }
    }

    @Test
    void implementationPackagesAreNotExported() throws IOException {
        for (Path jar : nodeBundles()) {
            String exports = manifest(jar).getValue("Export-Package");
            if (exports != null) {
                assertFalse(exports.contains(".internal"), jar + " exports " + exports);
                assertFalse(exports.contains("org.apache.derby"), jar + " exports " + exports);
            }
        }
    }

    private static List<Path> nodeBundles() throws IOException {
        List<Path> list = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(BUNDLES, "io.elastos.*.jar")) {
            s.forEach(list::add);
        }
        return list;
    }

    private static Attributes manifest(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            return f.getManifest().getMainAttributes();
        }
    }
}
