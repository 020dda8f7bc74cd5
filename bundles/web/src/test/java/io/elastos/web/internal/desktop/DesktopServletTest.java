// SPDX-License-Identifier: Apache-2.0
package io.elastos.web.internal.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DesktopServletTest {

    @Test
    void theRootIsTheShellAndDesktopPathsNameFilesOfTheFolder() {
        assertEquals("index.html", DesktopServlet.name("/", null));
        assertEquals("index.html", DesktopServlet.name("", "/"));
        assertEquals("js/main.js", DesktopServlet.name("/desktop", "/js/main.js"));
        assertEquals("css/desktop.css", DesktopServlet.name("/desktop", "/css/desktop.css"));
    }

    @Test
    void oddNamesAndUnknownTypesAreNotServed() {
        for (String bad :
                new String[] {
                    "/", "/js", "/../bnd.bnd", "/js/../index.html", "/.hidden.js", "/js//a.js",
                    "/Main.js", "/a.class", "/META-INF/MANIFEST.MF", "/a.js/", "/a b.js", "/a%2e.js"
                }) {
            assertNull(DesktopServlet.name("/desktop", bad), bad);
        }
        assertNull(DesktopServlet.name("/other", null), "other paths the default servlet gets");
        assertNull(DesktopServlet.name("/api/nothing", null));
        assertNull(DesktopServlet.name("/elsewhere", "/a.js"));
    }

    @Test
    void theShellPolicyForbidsInlineCodeAndFraming() {
        String csp = DesktopServlet.CSP;
        assertTrue(csp.startsWith("default-src 'self';"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertTrue(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), csp);
        assertEquals("text/javascript; charset=utf-8", DesktopServlet.type("js/main.js"));
    }
}
