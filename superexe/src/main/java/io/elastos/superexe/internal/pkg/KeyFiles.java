// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Generates, saves and loads publisher keys in a small owner-only text file, used by {@code elastos
 * app keygen} and {@code elastos app pack}.
 *
 * <pre>
 * # ElastOS publisher key: keep it secret, anyone holding it can publish as you.
 * format: elastos-publisher-key/1
 * type: ed25519            (or secp256k1)
 * chain: 1                 (secp256k1 only: the did:pkh chain id)
 * did: did:key:z6Mk...     (checked on load against the secret)
 * secret: 64 hex digits
 * </pre>
 */
public final class KeyFiles {
    private static final String FORMAT = "elastos-publisher-key/1";
    private static final int MAX_FILE = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyFiles() {}

    /**
     * Generates a fresh key from the system's strong random source.
     *
     * @param type the key type
     * @param chainId the EIP-155 chain for a wallet key; ignored for Ed25519
     * @return the new key
     */
    public static PublisherKey generate(PublisherKey.Type type, long chainId) {
        byte[] secret = new byte[32];
        while (true) {
            RANDOM.nextBytes(secret);
            if (type == PublisherKey.Type.ED25519
                    || Secp256k1.isValidPrivateKey(new BigInteger(1, secret))) {
                return new PublisherKey(type, secret, chainId);
            }
        }
    }

    /**
     * Saves a key to a new file readable and writable by its owner only.
     *
     * @param key the key
     * @param file the file; it must not exist, so a key is never overwritten
     * @throws IOException if the file exists or cannot be written
     */
    public static void save(PublisherKey key, Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append(
                "# ElastOS publisher key: keep it secret, anyone holding it can publish as you.\n");
        text.append("format: ").append(FORMAT).append('\n');
        text.append("type: ").append(key.type().name().toLowerCase(Locale.ROOT)).append('\n');
        if (key.type() == PublisherKey.Type.SECP256K1) {
            text.append("chain: ").append(key.chainId()).append('\n');
        }
        text.append("did: ").append(key.did()).append('\n');
        text.append("secret: ").append(Hex.of(key.secret())).append('\n');
        boolean posix =
                file.toAbsolutePath()
                        .getFileSystem()
                        .supportedFileAttributeViews()
                        .contains("posix");
        // Created with owner-only permissions from the start: no window where others can read it.
        FileAttribute<?>[] attrs =
                posix
                        ? new FileAttribute<?>[] {
                            PosixFilePermissions.asFileAttribute(
                                    PosixFilePermissions.fromString("rw-------"))
                        }
                        : new FileAttribute<?>[0];
        Files.createFile(file, attrs);
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Loads a key file, refusing one that others can read or whose DID does not match its secret.
     *
     * @param file the key file
     * @return the key
     * @throws IOException if the file cannot be read, is malformed or has open permissions
     */
    public static PublisherKey load(Path file) throws IOException {
        if (file.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            for (PosixFilePermission p : perms) {
                if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                    throw new IOException(
                            "key file " + file + " is accessible by others; chmod 600 it");
                }
            }
        }
        if (Files.size(file) > MAX_FILE) {
            throw new IOException("key file " + file + " is too large");
        }
        Map<String, String> fields = new HashMap<>();
        for (String line : Files.readString(file, StandardCharsets.UTF_8).split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int colon = l.indexOf(':');
            if (colon < 0) {
                throw new IOException("key file " + file + ": malformed line");
            }
            String k = l.substring(0, colon).strip();
            if (!Set.of("format", "type", "chain", "did", "secret").contains(k)
                    || fields.putIfAbsent(k, l.substring(colon + 1).strip()) != null) {
                throw new IOException("key file " + file + ": unknown or repeated field " + k);
            }
        }
        if (!FORMAT.equals(fields.get("format"))) {
            throw new IOException("key file " + file + ": not " + FORMAT);
        }
        try {
            PublisherKey.Type type =
                    PublisherKey.Type.valueOf(
                            fields.getOrDefault("type", "").toUpperCase(Locale.ROOT));
            long chain =
                    type == PublisherKey.Type.SECP256K1 ? Long.parseLong(fields.get("chain")) : 0;
            String secret = fields.getOrDefault("secret", "");
            if (!secret.matches("[0-9a-f]{64}")) {
                throw new IOException("key file " + file + ": secret must be 64 hex digits");
            }
            PublisherKey key = new PublisherKey(type, Hex.parse(secret), chain);
            String did = fields.get("did");
            if (did != null && !did.equals(key.did().value())) {
                throw new IOException("key file " + file + ": did does not match the secret");
            }
            return key;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException("key file " + file + ": " + e.getMessage(), e);
        }
    }
}
