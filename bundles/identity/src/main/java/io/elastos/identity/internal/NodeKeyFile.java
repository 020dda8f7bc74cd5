// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * The node's Ed25519 key pair in one owner-only file, its seed sealed by {@link KeySealing} (format
 * {@code EK02}). Files are written to a temporary file, synced and renamed, so a crash never leaves
 * half a key; a file that cannot be read is reported and never replaced.
 *
 * <p>Nodes made before sealing have an {@code EK01} file (32-byte seed and 32-byte public key in
 * the clear); it is read once and rewritten as {@code EK02}, keeping the key and so the node's
 * did:key. The old file's blocks may survive on disk (copy-on-write filesystems, SSDs): a disk or
 * backup from before the migration still holds the plain key.
 */
final class NodeKeyFile {

    private static final System.Logger LOG = System.getLogger(NodeKeyFile.class.getName());

    /** The DER header of an X.509 SubjectPublicKeyInfo for Ed25519; the raw key follows. */
    private static final byte[] X509_ED25519_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
    };

    private static final byte[] MAGIC_V1 = {'E', 'K', '0', '1'};
    private static final int V1_LENGTH = 68;

    private NodeKeyFile() {}

    /** Loads the key pair from {@code file}, or makes and seals a new one if there is none. */
    static KeyPair loadOrCreate(Path file, KeySealing sealing)
            throws IOException, GeneralSecurityException {
        // notExists, not !exists: a file whose existence can't be checked must fail, not be
        // replaced.
        if (!Files.notExists(file)) {
            return load(file, sealing);
        }
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] seed = seed(pair);
        try {
            storeSealed(file, sealing, seed, raw(pair.getPublic()));
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
        return pair;
    }

    /**
     * Loads the key pair from an existing file, rewriting it sealed when it is an {@code EK01}
     * file, or sealed with the secret file while a passphrase is given (the owner has chosen one).
     *
     * @throws IOException with one line saying what is wrong and what to do; the file is unchanged
     */
    static KeyPair load(Path file, KeySealing sealing) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] seed = null;
        try {
            if (KeySealing.isSealed(bytes)) {
                KeySealing.Opened opened = sealing.open(bytes);
                seed = opened.seed();
                KeyPair pair = pair(file, seed, opened.publicKey());
                if (opened.source() != sealing.preferred()
                        && sealing.preferred() == KeySealing.Source.PASSPHRASE) {
                    storeSealed(file, sealing, seed, opened.publicKey());
                    LOG.log(
                            Level.INFO,
                            "node key file {0} resealed with the passphrase instead of {1}",
                            file,
                            sealing.secretFile());
                }
                return pair;
            }
            if (bytes.length == V1_LENGTH && Arrays.equals(bytes, 0, 4, MAGIC_V1, 0, 4)) {
                seed = Arrays.copyOfRange(bytes, 4, 36);
                byte[] publicKey = Arrays.copyOfRange(bytes, 36, V1_LENGTH);
                KeyPair pair = pair(file, seed, publicKey);
                storeSealed(file, sealing, seed, publicKey);
                LOG.log(
                        Level.INFO,
                        "node key file {0} migrated from EK01 to EK02 (sealed with {1})",
                        file,
                        sealing.preferred() == KeySealing.Source.PASSPHRASE
                                ? "the passphrase"
                                : sealing.secretFile());
                return pair;
            }
            throw KeySealing.damaged(file, "unknown format or wrong length");
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (seed != null) {
                Arrays.fill(seed, (byte) 0);
            }
        }
    }

    /** The raw 32 bytes of an Ed25519 public key. */
    static byte[] raw(PublicKey key) {
        byte[] der = key.getEncoded();
        if (der.length != X509_ED25519_PREFIX.length + 32
                || !Arrays.equals(der, 0, X509_ED25519_PREFIX.length, X509_ED25519_PREFIX, 0, 12)) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(der, X509_ED25519_PREFIX.length, der.length);
    }

    static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        byte[] x509 = new byte[X509_ED25519_PREFIX.length + 32];
        System.arraycopy(X509_ED25519_PREFIX, 0, x509, 0, X509_ED25519_PREFIX.length);
        System.arraycopy(raw, 0, x509, X509_ED25519_PREFIX.length, 32);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
    }

    /**
     * Writes {@code content} to {@code file} readable by the owner only: a temporary file, synced,
     * then renamed over {@code file}, so readers see the old content or the new, never a mix.
     */
    static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        try {
            write(file, content);
        } catch (IOException e) {
            throw new IOException(
                    "cannot write "
                            + file
                            + " ("
                            + e
                            + "); check that the data directory is writable and not full (the"
                            + " previous file, if any, is kept)",
                    e);
        }
    }

    private static void write(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(
                    tmp,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    /**
     * Seals and stores, after checking that the sealed bytes open to the same seed: the file about
     * to be replaced may be the only copy of the key.
     */
    private static void storeSealed(Path file, KeySealing sealing, byte[] seed, byte[] publicKey)
            throws IOException {
        byte[] sealed = sealing.seal(seed, publicKey);
        byte[] check = sealing.open(sealed).seed();
        try {
            if (!Arrays.equals(seed, check)) {
                throw new IOException("sealing the node key did not round-trip; " + file + " kept");
            }
        } finally {
            Arrays.fill(check, (byte) 0);
        }
        writeOwnerOnly(file, sealed);
    }

    private static KeyPair pair(Path file, byte[] seed, byte[] publicKey) throws IOException {
        try {
            PrivateKey priv =
                    KeyFactory.getInstance("Ed25519")
                            .generatePrivate(
                                    new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
            KeyPair pair = new KeyPair(publicKey(publicKey), priv);
            if (!matches(pair)) {
                throw new GeneralSecurityException("private and public halves do not match");
            }
            return pair;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw KeySealing.damaged(file, e.getMessage());
        }
    }

    private static boolean matches(KeyPair pair) throws GeneralSecurityException {
        byte[] probe = "elastos-node-key-check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update(probe);
        byte[] sig = signer.sign();
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(pair.getPublic());
        verifier.update(probe);
        return verifier.verify(sig);
    }

    private static byte[] seed(KeyPair pair) {
        return ((EdECPrivateKey) pair.getPrivate())
                .getBytes()
                .orElseThrow(() -> new IllegalStateException("key is not extractable"));
    }

    /** Makes the rename durable where the platform allows opening a directory (Linux, macOS). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows can't open directories; NTFS journals the rename itself.
        }
    }
}
