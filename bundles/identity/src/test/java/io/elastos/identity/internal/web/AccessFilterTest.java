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
    void theDesktopPageAndFilesAreReadableWithoutASession() {
        assertTrue(AccessFilter.desktop("GET", "/"));
        assertTrue(AccessFilter.desktop("HEAD", "/desktop/js/main.js"));
        assertTrue(AccessFilter.desktop("GET", "/desktop/css/desktop.css"));
        assertFalse(AccessFilter.desktop("POST", "/"), "reading only");
        assertFalse(AccessFilter.desktop("DELETE", "/desktop/js/main.js"));
        // path() strips the trailing slash, so the folder itself is not a way in.
        assertFalse(AccessFilter.desktop("GET", "/desktop"));
        assertFalse(AccessFilter.desktop("GET", "/desktopx/a.js"));
        assertFalse(AccessFilter.desktop("GET", "/api/files/list"));
        assertFalse(AccessFilter.desktop("GET", "/apps/org.x/"));
        for (String odd :
                new String[] {
                    "/desktop/../api/users",
                    "/desktop/%2e%2e/api/users",
                    "/desktop/a;x=1",
                    "/desktop//api",
                    "/desktop/.hidden",
                    "/desktop/a/..",
                    "/desktop/a\\b"
                }) {
            assertFalse(AccessFilter.desktop("GET", odd), odd);
        }
    }

    @Test
    void appUiFilesAreReadableWithoutASessionButNeverTheirApi() {
        assertTrue(AccessFilter.appUi("GET", "/apps/org.example.notes"));
        assertTrue(AccessFilter.appUi("GET", "/apps/org.example.notes/index.html"));
        assertTrue(AccessFilter.appUi("HEAD", "/apps/org.example.notes/js/app.js"));
        assertTrue(AccessFilter.appUi("GET", "/apps/org.example.notes/apiary.css"));
        assertFalse(AccessFilter.appUi("GET", "/apps/org.example.notes/api"));
        assertFalse(AccessFilter.appUi("GET", "/apps/org.example.notes/api/notes"));
        assertFalse(AccessFilter.appUi("POST", "/apps/org.example.notes/index.html"));
        assertFalse(AccessFilter.appUi("GET", "/apps/noid/index.html"), "ids have a dot");
        for (String odd :
                new String[] {
                    "/apps/org.example.notes/../api/notes",
                    "/apps/org.example.notes/%2e%2e/x",
                    "/apps/org.example.notes//api/x",
                    "/apps/org.example.notes/a;x=1",
                    "/apps/org.example.notes/.hidden",
                    "/apps/Org.Example/x"
                }) {
            assertFalse(AccessFilter.appUi("GET", odd), odd);
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
