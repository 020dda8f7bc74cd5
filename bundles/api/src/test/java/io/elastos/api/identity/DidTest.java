// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DidTest {

    private static final String KEY = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    private static final String ADDRESS = "0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B";

    @Test
    void splitsADidKey() {
        Did did = Did.of(KEY);
        assertEquals("key", did.method());
        assertEquals("z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", did.methodSpecificId());
        assertEquals(Optional.empty(), did.evmAddress());
        assertEquals(Optional.empty(), did.evmChainId());
        assertEquals(KEY, did.toString());
    }

    @Test
    void walletDidsAreLowercasedSoTheSameWalletIsEqual() {
        Did checksummed = Did.pkh(1, ADDRESS);
        Did lower = Did.of("did:pkh:eip155:1:" + ADDRESS.toLowerCase());
        assertEquals(lower, checksummed);
        assertEquals("pkh", checksummed.method());
        assertEquals(Optional.of(ADDRESS.toLowerCase()), checksummed.evmAddress());
        assertEquals(Optional.of(1L), checksummed.evmChainId());
        assertEquals(Optional.of(8453L), Did.pkh(8453, ADDRESS).evmChainId());
    }

    @Test
    void otherMethodsAndNamespacesPassTheGenericCheckOnly() {
        assertEquals("web", Did.of("did:web:example.com:user%20a").method());
        assertTrue(
                Did.of("did:pkh:solana:4sGjMW1sUnHzSxGspuhpqLDx6wiyjNtZ:CKg5d12J")
                        .evmAddress()
                        .isEmpty());
    }

    @Test
    void refusesMalformedDids() {
        assertThrows(NullPointerException.class, () -> new Did(null));
        for (String bad :
                new String[] {
                    "",
                    "did:",
                    "did:key",
                    "did:key:",
                    "did:KEY:abc",
                    "did:key:abc:",
                    "did:key:a b",
                    "did:key:%zz",
                    "DID:key:abc",
                    "did:pkh:eip155:1:0x1234",
                    "did:pkh:eip155:0:" + ADDRESS,
                    "did:pkh:eip155:01:" + ADDRESS,
                    "did:pkh:eip155:99999999999999999999:" + ADDRESS,
                    "did:key:" + "z".repeat(Did.MAX_LENGTH)
                }) {
            assertThrows(IllegalArgumentException.class, () -> Did.of(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Did.pkh(0, ADDRESS));
        assertThrows(IllegalArgumentException.class, () -> Did.pkh(1, "0xnothex"));
    }
}
