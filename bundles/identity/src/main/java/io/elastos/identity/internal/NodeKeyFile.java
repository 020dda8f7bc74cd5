// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
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
 * The node's Ed25519 key pair in one owner-only file ({@code EK01}, 32-byte seed, 32-byte public
 * key), written to a temporary file, synced and renamed, so a crash never leaves half a key.
 * Sealing it with the owner's passphrase comes with the identity issue; until then file permissions
 * protect it.
 */
final class NodeKeyFile {

    /** The DER header of an X.509 SubjectPublicKeyInfo for Ed25519; the raw key follows. */
    private static final byte[] X509_ED25519_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
    };

    private static final byte[] MAGIC = {'E', 'K', '0', '1'};
    private static final int FILE_LENGTH = 68;

    private NodeKeyFile() {}

    /** Loads the key pair from {@code file}, or makes and stores a new one if there is none. */
    static KeyPair loadOrCreate(Path file) throws IOException, GeneralSecurityException {
        if (Files.exists(file)) {
            return load(file);
        }
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] encoded = encode(pair);
        try {
            store(file, encoded);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
        return pair;
    }

    static KeyPair load(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            if (bytes.length != FILE_LENGTH || !Arrays.equals(bytes, 0, 4, MAGIC, 0, 4)) {
                throw new GeneralSecurityException("unknown format or wrong length");
            }
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            PrivateKey priv =
                    factory.generatePrivate(
                            new EdECPrivateKeySpec(
                                    NamedParameterSpec.ED25519, Arrays.copyOfRange(bytes, 4, 36)));
            PublicKey pub = publicKey(Arrays.copyOfRange(bytes, 36, 68));
            KeyPair pair = new KeyPair(pub, priv);
            if (!matches(pair)) {
                throw new GeneralSecurityException("private and public halves do not match");
            }
            return pair;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException(
                    "the node key file "
                            + file
                            + " is damaged ("
                            + e.getMessage()
                            + "); restore it from a backup, or move it away to give the node a"
                            + " new identity",
                    e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
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

    private static byte[] encode(KeyPair pair) {
        byte[] seed =
                ((EdECPrivateKey) pair.getPrivate())
                        .getBytes()
                        .orElseThrow(() -> new IllegalStateException("key is not extractable"));
        byte[] out = new byte[FILE_LENGTH];
        System.arraycopy(MAGIC, 0, out, 0, 4);
        System.arraycopy(seed, 0, out, 4, 32);
        System.arraycopy(raw(pair.getPublic()), 0, out, 36, 32);
        Arrays.fill(seed, (byte) 0);
        return out;
    }

    private static void store(Path file, byte[] der) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(
                    tmp,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            Files.createFile(tmp);
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(der));
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file);
        }
    }
}
