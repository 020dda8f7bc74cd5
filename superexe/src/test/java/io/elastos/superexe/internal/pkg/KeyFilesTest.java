// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
    @TempDir Path dir;

    @Test
    void keysSurviveSaveAndLoadWithOwnerOnlyPermissions() throws Exception {
        for (PublisherKey.Type type : PublisherKey.Type.values()) {
            PublisherKey key = KeyFiles.generate(type, 20);
            Path file = dir.resolve(type + ".key");
            KeyFiles.save(key, file);
            assertEquals(
                    "rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            PublisherKey loaded = KeyFiles.load(file);
            assertEquals(key.did(), loaded.did());
            assertArrayEquals(key.secret(), loaded.secret());
            assertFalse(key.toString().contains(Hex.of(key.secret())));
            byte[] pkg = Fixtures.builder(loaded).build(loaded);
            Path wapp = dir.resolve(type + ".wapp");
            Files.write(wapp, pkg);
            assertEquals(
                    key.did(),
                    new PackageReader(PackageLimits.DEFAULT).read(wapp).manifest().publisherDid());
        }
    }

    @Test
    void neverOverwritesAKey() throws Exception {
        Path file = dir.resolve("k");
        KeyFiles.save(Fixtures.ED_KEY, file);
        assertThrows(FileAlreadyExistsException.class, () -> KeyFiles.save(Fixtures.WALLET, file));
    }

    @Test
    void refusesOpenPermissionsAndTampering() throws Exception {
        Path file = dir.resolve("k");
        KeyFiles.save(Fixtures.WALLET, file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThrows(IOException.class, () -> KeyFiles.load(file));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(file, Files.readString(file).replace("chain: 1", "chain: 2"));
        assertThrows(IOException.class, () -> KeyFiles.load(file));
    }
}
