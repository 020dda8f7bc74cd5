// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.superexe.internal.install.TestAppsAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployFolderTest {

    @TempDir Path tmp;

    @Test
    void droppedPackagesAreInstalledThenUpdatedAndBadOnesExplained() throws Exception {
        try (TestAppsAccess apps = new TestAppsAccess(tmp)) {
            DeployFolder folder = new DeployFolder();
            folder.superexe = apps.superexe();
            Path deploy = tmp.resolve("deploy");
            folder.dir = Files.createDirectories(deploy);
            Files.createDirectories(deploy.resolve("done"));
            Files.createDirectories(deploy.resolve("failed"));

            Files.copy(apps.pkg("1.0.0"), deploy.resolve("hello.wapp"));
            folder.scan();
            assertTrue(
                    Files.exists(deploy.resolve("hello.wapp")),
                    "taken only once its size is stable");
            folder.scan();
            assertEquals("1.0.0", apps.version());
            assertTrue(Files.exists(deploy.resolve("done/hello.wapp")));

            Files.copy(apps.pkg("1.1.0"), deploy.resolve("hello-2.wapp"));
            folder.scan();
            folder.scan();
            assertEquals("1.1.0", apps.version());

            Files.writeString(deploy.resolve("junk.wapp"), "not a zip");
            Files.writeString(deploy.resolve("junk.jar"), "not a jar");
            folder.scan();
            folder.scan();
            String reason = Files.readString(deploy.resolve("failed/junk.wapp.reason.txt"));
            assertTrue(reason.contains("VERIFY"), reason);
            assertTrue(
                    Files.readString(deploy.resolve("failed/junk.jar.reason.txt"))
                            .contains("not available"));
            assertEquals("1.1.0", apps.version());
        }
    }
}
