// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeKeyFileTest {

    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @TempDir Path data;

    private Path keyFile() {
        return data.resolve(Ed25519NodeIdentity.KEY_FILE);
    }

    private Path secretFile() {
        return keyFile().resolveSibling(KeySealing.SECRET_FILE);
    }

    private KeySealing withPassphrase(char[] passphrase) {
        return KeySealing.withPassphrase(keyFile(), passphrase);
    }

    private KeySealing withSecretFile() {
        return KeySealing.withSecretFile(keyFile());
    }

    private String open(KeySealing sealing) throws Exception {
        try (sealing) {
            Ed25519NodeIdentity id = new Ed25519NodeIdentity();
            id.open(keyFile(), sealing);
            return id.did();
        }
    }

    @Test
    void secretFileModeRoundTripsAndKeepsTheDid() throws Exception {
        String did = open(withSecretFile());
        byte[] file = Files.readAllBytes(keyFile());
        assertEquals(KeySealing.FILE_LENGTH, file.length);
        assertTrue(KeySealing.isSealed(file));
        assertEquals(KeySealing.Source.SECRET_FILE.code, file[4]);
        assertEquals(32, Files.size(secretFile()));
        assertOwnerOnly(keyFile());
        assertOwnerOnly(secretFile());

        assertEquals(did, open(withSecretFile()));
        assertEquals(did, open(withSecretFile()));
        assertNoTemporaryFiles();
    }

    @Test
    void passphraseModeRoundTripsRecordsArgon2ParametersAndMakesNoSecretFile() throws Exception {
        String did = open(withPassphrase(PASSPHRASE));
        byte[] file = Files.readAllBytes(keyFile());
        assertEquals(KeySealing.Source.PASSPHRASE.code, file[4]);
        ByteBuffer params = ByteBuffer.wrap(file, 5, 12);
        assertEquals(19456, params.getInt());
        assertEquals(2, params.getInt());
        assertEquals(1, params.getInt());
        assertFalse(Files.exists(secretFile()));
        assertOwnerOnly(keyFile());

        assertEquals(did, open(withPassphrase(PASSPHRASE)));
        // The caller's array is copied, so clearing it after use does not break sealing.
        char[] copy = PASSPHRASE.clone();
        KeySealing sealing = withPassphrase(copy);
        Arrays.fill(copy, 'x');
        assertEquals(did, open(sealing));
    }

    @Test
    void thePlainSeedIsInNoFileOfTheDataDirectory() throws Exception {
        KeyPair secretMode = NodeKeyFile.loadOrCreate(keyFile(), withSecretFile());
        assertSeedNowhere(secretMode);
        Files.delete(keyFile());
        KeyPair passphraseMode = NodeKeyFile.loadOrCreate(keyFile(), withPassphrase(PASSPHRASE));
        assertSeedNowhere(passphraseMode);
    }

    @Test
    void anEk01FileIsMigratedToEk02WithTheSameDid() throws Exception {
        KeyPair pair = writeEk01();
        String expected = DidKey.fromEd25519(NodeKeyFile.raw(pair.getPublic()));

        assertEquals(expected, open(withSecretFile()));
        byte[] file = Files.readAllBytes(keyFile());
        assertTrue(KeySealing.isSealed(file));
        assertEquals(KeySealing.FILE_LENGTH, file.length);
        assertOwnerOnly(keyFile());
        assertSeedNowhere(pair);
        assertNoTemporaryFiles();
        assertEquals(expected, open(withSecretFile()));
        assertArrayEquals(file, Files.readAllBytes(keyFile()), "no rewrite once migrated");
    }

    @Test
    void anEk01FileIsMigratedUnderAPassphraseWhenOneIsGiven() throws Exception {
        KeyPair pair = writeEk01();
        String expected = DidKey.fromEd25519(NodeKeyFile.raw(pair.getPublic()));

        assertEquals(expected, open(withPassphrase(PASSPHRASE)));
        assertEquals(KeySealing.Source.PASSPHRASE.code, Files.readAllBytes(keyFile())[4]);
        assertFalse(Files.exists(secretFile()));
        assertSeedNowhere(pair);
        assertEquals(expected, open(withPassphrase(PASSPHRASE)));
    }

    @Test
    void aKeySealedWithTheSecretFileIsResealedOnceAPassphraseIsGiven() throws Exception {
        String did = open(withSecretFile());
        assertEquals(did, open(withPassphrase(PASSPHRASE)));
        assertEquals(KeySealing.Source.PASSPHRASE.code, Files.readAllBytes(keyFile())[4]);
        assertRefused(withSecretFile(), "is sealed with a passphrase: set ELASTOS_KEY_PASSPHRASE");
    }

    @Test
    void aWrongPassphraseIsRefusedAndTheFileKept() throws Exception {
        open(withPassphrase(PASSPHRASE));
        assertRefused(
                withPassphrase("correct horse battery stapler".toCharArray()),
                "cannot be unsealed with the passphrase in ELASTOS_KEY_PASSPHRASE");
    }

    @Test
    void aMissingPassphraseIsNamed() throws Exception {
        open(withPassphrase(PASSPHRASE));
        assertRefused(withSecretFile(), "is sealed with a passphrase: set ELASTOS_KEY_PASSPHRASE");
        assertFalse(Files.exists(secretFile()), "no secret file made while refusing");
    }

    @Test
    void aReplacedSecretFileIsRefusedAndNeitherFileChanges() throws Exception {
        open(withSecretFile());
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        Files.write(secretFile(), other);
        assertRefused(withSecretFile(), "(wrong or replaced secret file");
        assertArrayEquals(other, Files.readAllBytes(secretFile()));
    }

    @Test
    void aMissingOrDamagedSecretFileIsNamed() throws Exception {
        open(withSecretFile());
        byte[] secret = Files.readAllBytes(secretFile());
        Files.delete(secretFile());
        assertRefused(withSecretFile(), "which is missing; restore it from a backup");
        assertFalse(Files.exists(secretFile()), "a missing secret is not made up again");

        Files.write(secretFile(), Arrays.copyOf(secret, 31));
        assertRefused(withSecretFile(), "is damaged (31 bytes, not 32)");

        Files.write(secretFile(), secret);
        open(withSecretFile());
    }

    @Test
    void everyFlippedByteOfASecretSealedFileIsDetected() throws Exception {
        open(withSecretFile());
        byte[] good = Files.readAllBytes(keyFile());
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= (byte) (1 << (i % 8));
            Files.write(keyFile(), bad);
            assertRefused(withSecretFile(), "the node key file");
        }
        Files.write(keyFile(), good);
        open(withSecretFile());
    }

    @Test
    void flippedBitsOfAPassphraseSealedFileAreDetected() throws Exception {
        open(withPassphrase(PASSPHRASE));
        byte[] good = Files.readAllBytes(keyFile());
        // Source, Argon2 memory, salt, public key, nonce, sealed seed, tag.
        for (int i : new int[] {4, 8, 20, 40, 70, 80, 124}) {
            byte[] bad = good.clone();
            bad[i] ^= 1;
            Files.write(keyFile(), bad);
            assertRefused(withPassphrase(PASSPHRASE), "the node key file");
        }
        // A header asking Argon2 for far more memory than allowed is refused before computing.
        byte[] greedy = good.clone();
        ByteBuffer.wrap(greedy, 5, 4).putInt(Integer.MAX_VALUE);
        Files.write(keyFile(), greedy);
        assertRefused(withPassphrase(PASSPHRASE), "is damaged (Argon2 memory");
    }

    @Test
    void aMigrationThatCannotWriteSaysSoAndKeepsTheOldFile() throws Exception {
        writeEk01();
        open(withSecretFile()); // makes the secret file; the EK02 file is then replaced by EK01
        writeEk01();
        byte[] before = Files.readAllBytes(keyFile());
        // A non-empty directory where the temporary file goes: a write failure even for root.
        Path blocker = keyFile().resolveSibling("node.key.tmp");
        Files.createDirectories(blocker.resolve("in-the-way"));
        IOException e = assertThrows(IOException.class, () -> open(withSecretFile()));
        assertTrue(
                e.getMessage().contains("check that the data directory is writable"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertArrayEquals(before, Files.readAllBytes(keyFile()));
    }

    @Test
    void truncatedFilesAreRefusedAsDamaged() throws Exception {
        open(withSecretFile());
        byte[] good = Files.readAllBytes(keyFile());
        for (int length : new int[] {124, 77, 68, 4, 0}) {
            Files.write(keyFile(), Arrays.copyOf(good, length));
            assertRefused(withSecretFile(), "is damaged (");
        }
    }

    private void assertRefused(KeySealing sealing, String expected) throws Exception {
        byte[] before = Files.readAllBytes(keyFile());
        IOException e = assertThrows(IOException.class, () -> open(sealing));
        String message = e.getMessage();
        assertTrue(message.contains(expected), message);
        assertFalse(message.contains("\n"), "one line: " + message);
        assertArrayEquals(before, Files.readAllBytes(keyFile()), "the key file is unchanged");
        assertNoTemporaryFiles();
    }

    private KeyPair writeEk01() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] file = new byte[68];
        System.arraycopy(new byte[] {'E', 'K', '0', '1'}, 0, file, 0, 4);
        System.arraycopy(seed(pair), 0, file, 4, 32);
        System.arraycopy(NodeKeyFile.raw(pair.getPublic()), 0, file, 36, 32);
        Files.createDirectories(keyFile().getParent());
        Files.write(keyFile(), file);
        return pair;
    }

    private static byte[] seed(KeyPair pair) {
        return ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
    }

    private void assertSeedNowhere(KeyPair pair) throws IOException {
        byte[] seed = seed(pair);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(data)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        assertFalse(files.isEmpty());
        for (Path f : files) {
            assertFalse(contains(Files.readAllBytes(f), seed), "plain seed found in " + f);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    private void assertNoTemporaryFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(data)) {
            assertEquals(List.of(), walk.filter(p -> p.toString().endsWith(".tmp")).toList());
        }
    }

    private static void assertOwnerOnly(Path file) throws IOException {
        assertEquals(
                "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
