// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.scopes;

import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.storage.internal.files.PathRules;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * How a key/value pair is stored as a private file in the scope's {@code kv/} folder.
 *
 * <p>The file name is the key's UTF-8 bytes in lowercase hex, so any key is a safe file name (no
 * {@code /}, no NFC folding, no {@code ..}) and the name alone gives the key back when listing. A
 * key too long for that ({@link #MAX_HEX_KEY_BYTES} bytes, limited by {@link PathRules#MAX_NAME})
 * is named {@code ~} and the SHA-256 of its bytes instead, and its file starts with a two-byte
 * length and the key itself, so listing still finds it. Names stay sealed in the index either way.
 */
final class KvNames {

    /** The longest key, in UTF-8 bytes, named by its hex: two hex digits a byte must fit a name. */
    static final int MAX_HEX_KEY_BYTES = PathRules.MAX_NAME / 2;

    /** Marks a name made from the key's hash; hex never holds it. */
    private static final String HASHED = "~";

    private static final HexFormat HEX = HexFormat.of();

    private KvNames() {}

    /** The file name of a key. */
    static String name(byte[] key) {
        return key.length <= MAX_HEX_KEY_BYTES ? HEX.formatHex(key) : HASHED + sha256(key);
    }

    /** The file content for a value. */
    static byte[] content(byte[] key, byte[] value) {
        if (key.length <= MAX_HEX_KEY_BYTES) {
            return value;
        }
        return ByteBuffer.allocate(2 + key.length + value.length)
                .putShort((short) key.length)
                .put(key)
                .put(value)
                .array();
    }

    /**
     * The value in a file's content.
     *
     * @throws StorageException with {@link Reason#INTEGRITY} if a hashed entry holds another key
     */
    static byte[] value(byte[] key, byte[] content) throws StorageException {
        if (key.length <= MAX_HEX_KEY_BYTES) {
            return content;
        }
        if (!Arrays.equals(key, storedKey(content))) {
            throw new StorageException(Reason.INTEGRITY, "a long key's entry holds another key");
        }
        return Arrays.copyOfRange(content, 2 + key.length, content.length);
    }

    /** Whether a name hides its key in the content ({@link #keyInContent}). */
    static boolean hashed(String name) {
        return name.startsWith(HASHED);
    }

    /** The key a hex name stands for; empty for a hashed or foreign name. */
    static Optional<String> key(String name) {
        if (hashed(name) || name.length() % 2 != 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(HEX.parseHex(name), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The key stored at the start of a hashed entry's content. */
    static String keyInContent(byte[] content) throws StorageException {
        return new String(storedKey(content), StandardCharsets.UTF_8);
    }

    /**
     * What an entry counts against the quota: its key's and its value's bytes, from the name and
     * the file size, so usage is known without reading the value.
     */
    static long usage(String name, long fileSize) {
        return hashed(name) ? Math.max(0, fileSize - 2) : name.length() / 2 + fileSize;
    }

    private static byte[] storedKey(byte[] content) throws StorageException {
        if (content.length < 2) {
            throw new StorageException(Reason.INTEGRITY, "a long key's entry is truncated");
        }
        int length = ByteBuffer.wrap(content).getShort() & 0xffff;
        if (content.length < 2 + length) {
            throw new StorageException(Reason.INTEGRITY, "a long key's entry is truncated");
        }
        return Arrays.copyOfRange(content, 2, 2 + length);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
