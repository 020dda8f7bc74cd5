// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.scopes;

import io.elastos.api.storage.AppScope;
import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.storage.internal.files.PathRules;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The checks on what callers of a scope name: scope ids, keys and file paths. Every name is checked
 * before it becomes part of a private-partition path, so no caller can reach outside its scope.
 */
final class ScopeRules {

    /** The longest scope id, as long as the longest app id. */
    static final int MAX_SCOPE_ID = 128;

    // An app id ("org.example.notes") or an OSGi bundle symbolic name: dot-separated tokens of
    // letters, digits, '-' and '_'. No '/', no empty token, so never "." or "..".
    private static final Pattern SCOPE_ID = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    private ScopeRules() {}

    /** Checks a scope id; it is then safe as one folder name. */
    static String scopeId(String id) throws StorageException {
        if (id == null || id.length() > MAX_SCOPE_ID || !SCOPE_ID.matcher(id).matches()) {
            throw invalid("not a valid app id or bundle symbolic name: " + quote(id));
        }
        return id;
    }

    /**
     * Checks a key and returns its UTF-8 bytes.
     *
     * @throws StorageException with {@link Reason#INVALID_ARGUMENT} for an empty or too long key, a
     *     control character, or an unpaired surrogate (which UTF-8 cannot encode, so two such keys
     *     would collide)
     */
    static byte[] key(String key) throws StorageException {
        if (key == null || key.isEmpty()) {
            throw invalid("empty key");
        }
        int count = 0;
        for (int i = 0; i < key.length(); ) {
            int cp = key.codePointAt(i);
            if (Character.isISOControl(cp)) {
                throw invalid("control character in key " + quote(key));
            }
            if (Character.isSurrogate((char) cp) && cp <= Character.MAX_VALUE) {
                throw invalid("unpaired surrogate in key " + quote(key));
            }
            i += Character.charCount(cp);
            count++;
        }
        if (count > AppScope.MAX_KEY_LENGTH) {
            throw invalid("key longer than " + AppScope.MAX_KEY_LENGTH + " characters");
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Checks a scope-relative file path ({@code a/b.txt}, {@code ""} for the root) and returns it
     * normalized and absolute within the scope's file area ({@code /a/b.txt}, {@code ""} for the
     * root).
     */
    static String filePath(String path) throws StorageException {
        if (path == null) {
            throw invalid("no path");
        }
        if (path.isEmpty()) {
            return "";
        }
        // PathRules forgives empty and "." segments; the scope API does not, so that one file has
        // one spelling and "a/../b" is refused rather than silently resolved.
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw invalid(
                        "bad path "
                                + quote(path)
                                + ": empty, '.' or '..' segments are not allowed");
            }
        }
        try {
            return PathRules.normalize("/" + path);
        } catch (IllegalArgumentException e) {
            throw invalid("bad path " + quote(path) + ": " + e.getMessage());
        }
    }

    static StorageException invalid(String message) {
        return new StorageException(Reason.INVALID_ARGUMENT, message);
    }

    /** Quotes a caller's string for a message, cut short so a huge one does not flood logs. */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 80 ? "\"" + s + "\"" : "\"" + s.substring(0, 80) + "...\"";
    }
}
