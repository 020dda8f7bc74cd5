// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PathRulesTest {

    @Test
    void pathsAreNormalized() {
        assertEquals("/", PathRules.normalize("/"));
        assertEquals("/a/b", PathRules.normalize("a//b/./"));
        // "é" precomposed and decomposed name one file.
        assertEquals(PathRules.normalize("/caf\u00e9"), PathRules.normalize("/cafe\u0301"));
        assertEquals("/a", PathRules.parent("/a/b"));
        assertEquals("/", PathRules.parent("/a"));
        assertEquals("b", PathRules.name("/a/b"));
    }

    @Test
    void escapesAndOddNamesAreRefused() {
        for (String bad :
                new String[] {
                    "",
                    "/ ",
                    "/a/../b",
                    "..",
                    "/a/\u0000b",
                    "/a\\b",
                    "/x/\u001f",
                    "/" + "n".repeat(256),
                    "/" + "a/".repeat(600)
                }) {
            assertThrows(IllegalArgumentException.class, () -> PathRules.normalize(bad), bad);
        }
    }
}
