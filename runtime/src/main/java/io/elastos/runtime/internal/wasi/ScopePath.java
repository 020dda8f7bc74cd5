// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.wasi;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves a guest path against a folder of the app's scope. The result always stays inside the
 * scope: absolute paths and {@code ..} that would climb above the scope root are refused, and the
 * scope has no symbolic links to follow.
 */
final class ScopePath {

    static final int MAX_PATH = 4096;

    private ScopePath() {}

    /**
     * Returns the scope-relative path ({@code ""} for the root), or null if the path escapes the
     * scope or is malformed.
     */
    static String resolve(String base, String path) {
        if (path.isEmpty()
                || path.length() > MAX_PATH
                || path.startsWith("/")
                || path.indexOf('\0') >= 0
                || path.indexOf('\\') >= 0) {
            return null;
        }
        Deque<String> parts = new ArrayDeque<>();
        if (!base.isEmpty()) {
            for (String p : base.split("/")) {
                parts.addLast(p);
            }
        }
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }
}
