// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import io.elastos.api.superexe.VerificationException;
import io.elastos.api.superexe.VerificationException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The rules an entry name must follow before anything is done with it, and duplicate detection. */
final class ZipNames {
    private final Map<String, String> exact = new HashMap<>();
    private final Map<String, String> folded = new HashMap<>();

    /** Decodes a name as strict UTF-8; tools disagree on other encodings, so refuse them. */
    static String decode(byte[] raw) throws VerificationException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            throw unsafe("entry name is not valid UTF-8");
        }
    }

    /**
     * Checks that a name is a safe relative path; a trailing slash marks a directory.
     *
     * @throws VerificationException {@code UNSAFE_ARCHIVE} naming the rule broken
     */
    static void check(String name) throws VerificationException {
        String shown = printable(name);
        if (name.isEmpty()) {
            throw unsafe("empty entry name");
        }
        if (name.length() > 1024) {
            throw unsafe("entry name longer than 1024 characters");
        }
        if (name.startsWith("/")) {
            throw unsafe("absolute path: " + shown);
        }
        if (name.indexOf('\\') >= 0) {
            throw unsafe("backslash in path: " + shown);
        }
        if (name.length() >= 2 && Character.isLetter(name.charAt(0)) && name.charAt(1) == ':') {
            throw unsafe("drive letter in path: " + shown);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw unsafe("control character in path: " + shown);
            }
            if (c == ':') {
                // Colons name alternate data streams on Windows and are never needed.
                throw unsafe("colon in path: " + shown);
            }
        }
        String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                throw unsafe("path traversal ('..'): " + shown);
            }
            if (segment.isEmpty() || segment.equals(".")) {
                throw unsafe("empty or '.' path segment: " + shown);
            }
        }
    }

    /**
     * Records a name, refusing exact duplicates and names that collide on a case-insensitive or
     * normalizing file system.
     */
    void add(String name) throws VerificationException {
        if (exact.putIfAbsent(name, name) != null) {
            throw unsafe("duplicate entry: " + printable(name));
        }
        String key = fold(name);
        String other = folded.putIfAbsent(key, name);
        if (other != null) {
            throw unsafe(
                    "entries differ only by case or Unicode form: "
                            + printable(other)
                            + " and "
                            + printable(name));
        }
    }

    /** Refuses a file whose name is also used as a folder by another entry ("a" and "a/b"). */
    void checkPrefixes(String file) throws VerificationException {
        int slash = file.indexOf('/');
        while (slash >= 0) {
            String parent = fold(file.substring(0, slash));
            String clash = folded.get(parent);
            if (clash != null) {
                throw unsafe(
                        "file " + printable(clash) + " is also a folder of " + printable(file));
            }
            slash = file.indexOf('/', slash + 1);
        }
    }

    private static String fold(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    /** Quotes a hostile name for a message without letting it forge log lines. */
    static String printable(String name) {
        StringBuilder b = new StringBuilder("'");
        int max = Math.min(name.length(), 200);
        for (int i = 0; i < max; i++) {
            char c = name.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return b.append(name.length() > max ? "...'" : "'").toString();
    }

    static VerificationException unsafe(String message) {
        return new VerificationException(Reason.UNSAFE_ARCHIVE, "unsafe archive: " + message);
    }

    static VerificationException malformed(String message) {
        return new VerificationException(Reason.MALFORMED_ARCHIVE, "malformed archive: " + message);
    }
}
