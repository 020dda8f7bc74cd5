// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CidTest {

    @Test
    void acceptsCidV1AndCidV0() {
        String v1 = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
        assertEquals(v1, Cid.of(v1).toString());
        Cid.of("bafkreidon73zkcrwdb5iafqtijxildoonbwnpv7dyd6ef3qdgads2jc4su");
        Cid.of("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG");
    }

    @Test
    void refusesWhatIsNotACid() {
        assertThrows(NullPointerException.class, () -> new Cid(null));
        for (String bad :
                new String[] {
                    "",
                    "b",
                    "hello",
                    "bafy beig",
                    "/ipfs/bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
                    "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbd0",
                    "b" + "a".repeat(Cid.MAX_LENGTH)
                }) {
            assertThrows(IllegalArgumentException.class, () -> Cid.of(bad), bad);
        }
    }

    @Test
    void vaultEntriesAreFilesWithVersionsOrDirectoriesWithout() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals("a.txt", new VaultEntry("/docs/a.txt", false, 3, 1, t).name());
        assertEquals("docs", new VaultEntry("/docs", true, 0, 0, t).name());
        assertThrows(IllegalArgumentException.class, () -> new VaultEntry("docs", false, 3, 1, t));
        assertThrows(IllegalArgumentException.class, () -> new VaultEntry("/a", false, -1, 1, t));
        assertThrows(IllegalArgumentException.class, () -> new VaultEntry("/a", false, 0, 0, t));
        assertThrows(IllegalArgumentException.class, () -> new VaultEntry("/d", true, 0, 2, t));
        assertThrows(IllegalArgumentException.class, () -> new VaultEntry("/d", true, 5, 0, t));
    }

    @Test
    void storageExceptionsCarryTheirReason() {
        StorageException e = new StorageException(StorageException.Reason.LOCKED, "vault locked");
        assertEquals(StorageException.Reason.LOCKED, e.reason());
        assertThrows(NullPointerException.class, () -> new StorageException(null, "x"));
    }
}
