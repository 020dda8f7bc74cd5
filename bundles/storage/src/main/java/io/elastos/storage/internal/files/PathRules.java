// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.files;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Paths inside a partition: {@code /}-separated, normalized to Unicode NFC (so the two spellings of
 * "é" name one file), never leaving the partition. Paths are names in Derby, never host paths, but
 * they are checked as strictly as if they were.
 */
public final class PathRules {

    /** The longest path, in characters after normalization. */
    public static final int MAX_PATH = 1024;

    /** The longest single name. */
    public static final int MAX_NAME = 255;

    private PathRules() {}

    /**
     * Normalizes a path to its canonical form: leading {@code /}, NFC, no empty, {@code .} or
     * {@code ..} segment, no trailing {@code /} (except the root {@code /}).
     *
     * @throws IllegalArgumentException naming what is wrong: NUL or other control characters, a
     *     backslash, {@code ..}, a name or path too long
     */
    public static String normalize(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        String nfc = Normalizer.normalize(path, Normalizer.Form.NFC);
        if (nfc.length() > MAX_PATH) {
            throw new IllegalArgumentException("path longer than " + MAX_PATH + " characters");
        }
        List<String> out = new ArrayList<>();
        for (String segment : nfc.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                throw new IllegalArgumentException("'..' is not allowed in a path");
            }
            checkName(segment);
            out.add(segment);
        }
        return "/" + String.join("/", out);
    }

    /** The parent folder of a normalized path ({@code /} for top-level names). */
    public static String parent(String normalized) {
        int i = normalized.lastIndexOf('/');
        return i <= 0 ? "/" : normalized.substring(0, i);
    }

    /** The last name of a normalized path. */
    public static String name(String normalized) {
        return normalized.substring(normalized.lastIndexOf('/') + 1);
    }

    private static void checkName(String name) {
        if (name.length() > MAX_NAME) {
            throw new IllegalArgumentException("name longer than " + MAX_NAME + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("control character in a name");
            }
            if (c == '\\') {
                throw new IllegalArgumentException("backslash in a name");
            }
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("blank name");
        }
    }
}
