// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.json.JsonWriter;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DidDocumentsTest {

    /** The did:key specification's first Ed25519 test vector. */
    private static final String SPEC_DID =
            "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";

    /** The same key as the spec's JsonWebKey2020 example gives it ({@code x}, base64url). */
    private static final String SPEC_JWK_X = "O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik";

    @Test
    void theSpecTestVectorResolvesToItsMultikey() {
        Map<String, Object> doc = DidDocuments.resolve(SPEC_DID);
        String multibase = SPEC_DID.substring("did:key:".length());
        String vm = SPEC_DID + "#" + multibase;

        assertEquals(
                List.of("https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"),
                doc.get("@context"));
        assertEquals(SPEC_DID, doc.get("id"));
        assertEquals(
                List.of(
                        Map.of(
                                "id", vm,
                                "type", "Multikey",
                                "controller", SPEC_DID,
                                "publicKeyMultibase", multibase)),
                doc.get("verificationMethod"));
        for (String relationship :
                List.of(
                        "authentication",
                        "assertionMethod",
                        "capabilityInvocation",
                        "capabilityDelegation")) {
            assertEquals(List.of(vm), doc.get(relationship), relationship);
        }
        assertArrayEquals(Base64.getUrlDecoder().decode(SPEC_JWK_X), DidKey.toEd25519(SPEC_DID));
        assertEquals(
                "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29",
                HexFormat.of().formatHex(DidKey.toEd25519(SPEC_DID)));
    }

    @Test
    void theSpecsOtherEd25519ExamplesAndTheNodesOwnKeyResolve() throws Exception {
        List<String> dids =
                new ArrayList<>(
                        List.of(
                                "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG",
                                "did:key:z6MknGc3ocHs3zdPiJbnaaqDi58NGb4pk1Sp9WxWufuXSdxf",
                                "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"));
        dids.add(
                DidKey.fromEd25519(
                        NodeKeyFile.raw(
                                KeyPairGenerator.getInstance("Ed25519")
                                        .generateKeyPair()
                                        .getPublic())));
        for (String did : dids) {
            Map<?, ?> vm =
                    (Map<?, ?>)
                            ((List<?>) DidDocuments.resolve(did).get("verificationMethod")).get(0);
            assertEquals(did.substring(8), vm.get("publicKeyMultibase"), did);
        }
    }

    @Test
    void aDidPkhResolvesToItsBlockchainAccount() {
        String did = "did:pkh:eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a";
        String vm = did + "#blockchainAccountId";
        Map<String, Object> doc = DidDocuments.resolve(did);

        assertEquals(
                List.of(
                        "https://www.w3.org/ns/did/v1",
                        Map.of(
                                "blockchainAccountId",
                                "https://w3id.org/security#blockchainAccountId",
                                "EcdsaSecp256k1RecoveryMethod2020",
                                "https://identity.foundation/EcdsaSecp256k1RecoverySignature2020"
                                        + "#EcdsaSecp256k1RecoveryMethod2020")),
                doc.get("@context"));
        assertEquals(did, doc.get("id"));
        assertEquals(
                List.of(
                        Map.of(
                                "id",
                                vm,
                                "type",
                                "EcdsaSecp256k1RecoveryMethod2020",
                                "controller",
                                did,
                                "blockchainAccountId",
                                "eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a")),
                doc.get("verificationMethod"));
        assertEquals(List.of(vm), doc.get("authentication"));
        assertEquals(List.of(vm), doc.get("assertionMethod"));
        assertEquals(
                List.of(
                        "@context",
                        "id",
                        "verificationMethod",
                        "authentication",
                        "assertionMethod"),
                List.copyOf(doc.keySet()));
    }

    @Test
    void otherChainsAndChecksumCasingAreKeptAsWritten() {
        String polygon = "did:pkh:eip155:137:0x4e90e8a8191c1c23a24a598c3ab4fb47ce926ff5";
        assertEquals(
                "eip155:137:0x4e90e8a8191c1c23a24a598c3ab4fb47ce926ff5",
                method(polygon).get("blockchainAccountId"));
        String checksummed = "did:pkh:eip155:1:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        assertEquals(checksummed, DidDocuments.resolve(checksummed).get("id"));
    }

    @Test
    void documentsAreUnmodifiableAndWriteAsJson() {
        Map<String, Object> doc = DidDocuments.resolve(SPEC_DID);
        assertThrows(UnsupportedOperationException.class, () -> doc.put("id", "x"));
        String json = JsonWriter.write(doc);
        assertTrue(
                json.startsWith(
                        "{\"@context\":[\"https://www.w3.org/ns/did/v1\","
                                + "\"https://w3id.org/security/multikey/v1\"],\"id\":\""
                                + SPEC_DID
                                + "\",\"verificationMethod\":[{\"id\":"),
                json);
    }

    @Test
    void otherMethodsAndMalformedDidsAreRefusedWithTheReason() {
        refused(null, "no DID given");
        refused("", "only did:key and did:pkh");
        refused("did:web:example.com", "only did:key and did:pkh");
        refused("did:example:123", "only did:key and did:pkh");
        refused("did:key:", "multibase base58btc");
        refused("did:key:u7QE", "multibase base58btc");
        refused("did:key:z0OIl", "not base58");
        refused(SPEC_DID + "#" + SPEC_DID.substring(8), "not base58");
        refused("did:key:z" + "1".repeat(3000), "longer than 2048");
        refused("did:key:z", "no valid multicodec header");
        refused("did:key:z" + Base58.encode(new byte[] {(byte) 0xed}), "no valid multicodec");
        // A non-minimal varint for 0x6d: a second spelling of a code must not be accepted.
        refused("did:key:z" + Base58.encode(new byte[] {(byte) 0xed, 0x00}), "multicodec header");
    }

    @Test
    void keysOtherThanEd25519AndBadKeysAreRefused() {
        refused(
                "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",
                "multicodec 0xe7 is not ed25519-pub");
        refused(
                "did:key:z6LSeu9HkTHSfLLeUs2nnzUSNedgDUevfNQgQjQC23ZCit6F",
                "multicodec 0xec is not ed25519-pub");
        refused(
                "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169",
                "multicodec 0x1200 is not ed25519-pub");

        byte[] key = DidKey.toEd25519(SPEC_DID);
        refused("did:key:z" + Base58.encode(ed25519(key, 31)), "32 bytes, not 31");
        refused("did:key:z" + Base58.encode(ed25519(key, 33)), "32 bytes, not 33");
        // y = 2^255 - 1 is not below the field prime 2^255 - 19: no point is encoded so.
        byte[] nonCanonical = new byte[32];
        Arrays.fill(nonCanonical, (byte) 0xff);
        nonCanonical[31] = 0x7f;
        refused("did:key:z" + Base58.encode(ed25519(nonCanonical, 32)), "not a valid Ed25519");
    }

    @Test
    void malformedAndUnsupportedDidPkhAreRefused() {
        String address = "0xb9c5714089478a327f09197987f16f9e5d936e8a";
        refused(
                "did:pkh:bip122:000000000019d6689c085ae165831e93:128Lkh3S7CkDTBZ8W7BbpsN3YYizJMp8p6",
                "namespace bip122 is not eip155");
        refused(
                "did:pkh:solana:4sGjMW1sUnHzSxGspuhpqLDx6wiyjNtZ:"
                        + "CKg5d12Jhpej1JqtmxLJgaFqqeYjxgPqToJ4LBdvG9Ev",
                "namespace solana is not eip155");
        refused("did:pkh:eip155:0:" + address, "expected did:pkh:eip155:<chain id>");
        refused("did:pkh:eip155:01:" + address, "expected did:pkh:eip155");
        refused("did:pkh:eip155:1:" + address.substring(2), "expected did:pkh:eip155");
        refused("did:pkh:eip155:1:" + address.substring(0, 41), "expected did:pkh:eip155");
        refused("did:pkh:eip155:1:" + address + "#blockchainAccountId", "expected");
        refused("did:pkh:eip155:1:0xg9c5714089478a327f09197987f16f9e5d936e8a", "expected");
        refused("did:pkh:eip155:" + address, "expected");
        refused("did:pkh:", "expected");
    }

    private static byte[] ed25519(byte[] key, int length) {
        byte[] out = new byte[2 + length];
        out[0] = (byte) 0xed;
        out[1] = 0x01;
        System.arraycopy(key, 0, out, 2, Math.min(length, key.length));
        return out;
    }

    private static Map<?, ?> method(String did) {
        return (Map<?, ?>) ((List<?>) DidDocuments.resolve(did).get("verificationMethod")).get(0);
    }

    private static void refused(String did, String reason) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DidDocuments.resolve(did));
        assertTrue(e.getMessage().contains(reason), did + ": " + e.getMessage());
    }
}
