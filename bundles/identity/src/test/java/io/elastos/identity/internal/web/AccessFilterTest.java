// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AccessFilterTest {

    @Test
    void publicPrefixesAreWholeFoldersOutsideTheApi() {
        assertEquals(List.of("/ipfs/"), AccessFilter.prefixes(" /ipfs/ ,"));
        assertEquals(List.of(), AccessFilter.prefixes(""));
        for (String bad : new String[] {"/", "/ipfs", "ipfs/", "/api/apps/"}) {
            assertThrows(IllegalArgumentException.class, () -> AccessFilter.prefixes(bad), bad);
        }
    }

    @Test
    void ownerOnlyPathsCoverTheirSubpaths() {
        assertTrue(AccessFilter.ownerOnly("/api/apps"));
        assertTrue(AccessFilter.ownerOnly("/api/apps/org.x/suspend"));
        assertTrue(AccessFilter.ownerOnly("/api/grants/abc"));
        assertFalse(AccessFilter.ownerOnly("/api/appsx"));
        assertFalse(AccessFilter.ownerOnly("/apps/org.x/api/y"));
    }
}
