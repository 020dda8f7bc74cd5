// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalAdminTokenTest {

    @TempDir Path data;

    @Test
    void tokenIsMadeOnceOwnerOnlyAndVerified() throws Exception {
        LocalAdminToken t = new LocalAdminToken();
        t.open(data.resolve(LocalAdminToken.FILE));
        Path file = t.file();
        assertEquals(
                "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String token = Files.readString(file).trim();
        assertTrue(t.verify(token));
        assertTrue(t.verify(token + "\n"));
        assertFalse(t.verify(token.substring(1)));
        assertFalse(t.verify(null));
        assertFalse(t.verify(""));

        LocalAdminToken again = new LocalAdminToken();
        again.open(file);
        assertTrue(again.verify(token), "the same token survives a restart");
    }

    @Test
    void damagedTokenFileIsRefused() throws Exception {
        Path file = data.resolve(LocalAdminToken.FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "short");
        LocalAdminToken t = new LocalAdminToken();
        IOException e = assertThrows(IOException.class, () -> t.open(file));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }
}
