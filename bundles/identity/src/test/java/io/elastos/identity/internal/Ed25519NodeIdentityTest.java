// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ed25519NodeIdentityTest {

    @TempDir Path data;

    private Ed25519NodeIdentity open() throws Exception {
        Ed25519NodeIdentity id = new Ed25519NodeIdentity();
        id.open(data.resolve(Ed25519NodeIdentity.KEY_FILE));
        return id;
    }

    @Test
    void firstStartMakesAKeyThatLaterStartsReuse() throws Exception {
        Ed25519NodeIdentity first = open();
        Path file = data.resolve(Ed25519NodeIdentity.KEY_FILE);
        assertTrue(Files.exists(file));
        assertEquals(
                "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(first.did().startsWith("did:key:z6Mk"), first.did());

        Ed25519NodeIdentity second = open();
        assertEquals(first.did(), second.did());
        assertArrayEquals(first.publicKey(), second.publicKey());
    }

    @Test
    void signaturesVerifyAndForgeriesDoNot() throws Exception {
        Ed25519NodeIdentity id = open();
        byte[] msg = "hello node".getBytes(StandardCharsets.UTF_8);
        byte[] sig = id.sign(msg);
        assertEquals(64, sig.length);
        assertTrue(id.verify(msg, sig));
        sig[0] ^= 1;
        assertFalse(id.verify(msg, sig));
        assertFalse(id.verify("other".getBytes(StandardCharsets.UTF_8), id.sign(msg)));
    }

    @Test
    void damagedKeyFileIsRefusedWithAClearMessage() throws Exception {
        Ed25519NodeIdentity id = open();
        Path file = data.resolve(Ed25519NodeIdentity.KEY_FILE);
        byte[] bytes = Files.readAllBytes(file);
        bytes[40] ^= 0x55; // flip bits of the public half, which the seal authenticates
        Files.write(file, bytes);
        IOException e = assertThrows(IOException.class, this::open);
        assertTrue(e.getMessage().contains("cannot be unsealed"), e.getMessage());
        assertNotEquals(0, id.did().length());

        Files.write(file, new byte[] {1, 2, 3});
        e = assertThrows(IOException.class, this::open);
        assertTrue(e.getMessage().contains("move it away"), e.getMessage());
    }

    @Test
    void didKeyMatchesTheSpecTestVector() {
        // From the did:key specification's Ed25519 test vectors.
        String did = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";
        byte[] key = DidKey.toEd25519(did);
        assertEquals(32, key.length);
        assertEquals(did, DidKey.fromEd25519(key));
    }

    @Test
    void base58RoundTripsAndKeepsLeadingZeros() {
        byte[] data = HexFormat.of().parseHex("0000ff0102");
        String text = Base58.encode(data);
        assertTrue(text.startsWith("11"), text);
        assertArrayEquals(data, Base58.decode(text));
        assertEquals(
                "StV1DL6CwTryKyV",
                Base58.encode("hello world".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(IllegalArgumentException.class, () -> Base58.decode("0OIl"));
    }
}
