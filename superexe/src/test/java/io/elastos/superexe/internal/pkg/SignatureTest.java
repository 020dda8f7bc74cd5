// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.identity.Did;
import io.elastos.api.superexe.VerificationException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignatureTest {
    // The web3.js documentation vector for accounts.sign('Some data', key); ethers agrees.
    static final String KNOWN_ADDRESS = "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23";
    static final String KNOWN_SIGNATURE =
            "b91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd"
                    + "6007e74cd82e037b800186422fc2da167c747ef045e5d18a5f5d4300f8e1a029"
                    + "1c";

    private static final byte[] SOME_DATA = "Some data".getBytes(StandardCharsets.US_ASCII);

    @Test
    void knownWalletVectorVerifies() {
        assertEquals(KNOWN_ADDRESS, PackageSigner.ethereumAddress(Fixtures.WALLET_KEY));
        assertEquals(
                "1da44b586eb0729ff70a73c326926f6ed5a25f5b056e7f47fbc6e58d86871655",
                Hex.of(Eip191.hash(SOME_DATA)));
        assertEquals(
                Optional.of(KNOWN_ADDRESS),
                Eip191.recoverAddress(SOME_DATA, Hex.parse(KNOWN_SIGNATURE)));
        // RFC 6979 nonces make our signature byte-identical to the wallet's.
        assertArrayEquals(
                Hex.parse(KNOWN_SIGNATURE),
                PackageSigner.signEip191(Fixtures.WALLET_KEY, SOME_DATA));
    }

    @Test
    void vZeroOneIsAcceptedLikeTwentySevenTwentyEight() {
        byte[] sig = Hex.parse(KNOWN_SIGNATURE);
        sig[64] = 1;
        assertEquals(Optional.of(KNOWN_ADDRESS), Eip191.recoverAddress(SOME_DATA, sig));
    }

    @Test
    void highSIsRefused() {
        byte[] sig = Hex.parse(KNOWN_SIGNATURE);
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
        byte[] high = Fixtures.fixed32(Secp256k1.N.subtract(s));
        System.arraycopy(high, 0, sig, 32, 32);
        sig[64] = (byte) (sig[64] == 27 ? 28 : 27);
        assertEquals(Optional.empty(), Eip191.recoverAddress(SOME_DATA, sig));
    }

    @Test
    void manyWalletKeysSignAndRecover() {
        for (int i = 1; i <= 40; i++) {
            BigInteger key = new BigInteger(1, Hex.sha256(new byte[] {(byte) i}));
            byte[] msg = ("message " + i).getBytes(StandardCharsets.UTF_8);
            byte[] sig = PackageSigner.signEip191(key, msg);
            assertTrue(
                    new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64))
                                    .compareTo(Secp256k1.HALF_N)
                            <= 0);
            assertTrue(sig[64] == 27 || sig[64] == 28);
            assertEquals(
                    Optional.of(PackageSigner.ethereumAddress(key)),
                    Eip191.recoverAddress(msg, sig));
        }
    }

    @Test
    void rfc8032Ed25519Vector() throws Exception {
        byte[] seed = Hex.parse("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] sig = PackageSigner.signEd25519(seed, new byte[0]);
        assertEquals(
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bac"
                        + "c61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
                Hex.of(sig));
        Did did = Did.of(PackageSigner.didKey(seed));
        assertTrue(did.value().startsWith("did:key:z6Mk"), did.value());
        assertEquals(
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                Hex.of(DidKeys.ed25519PublicKey(did)));
        SignatureVerifier.verify(did, new byte[0], sig);
    }

    @Test
    void missingOrEmptySignatureIsUnsigned() {
        for (byte[] sig : new byte[][] {null, new byte[0]}) {
            VerificationException e =
                    assertThrows(
                            VerificationException.class,
                            () -> SignatureVerifier.verify(Fixtures.ED_KEY.did(), SOME_DATA, sig));
            assertEquals(VerificationException.Reason.UNSIGNED, e.reason());
        }
    }

    @Test
    void didPkhIsLowercase() {
        assertEquals(
                "did:pkh:eip155:1:" + KNOWN_ADDRESS, PackageSigner.didPkh(1, Fixtures.WALLET_KEY));
    }
}
