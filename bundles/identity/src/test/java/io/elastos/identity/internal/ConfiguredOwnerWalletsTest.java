// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfiguredOwnerWalletsTest {

    @Test
    void addressesAreLowercasedAndDeduplicated() {
        String a = "0x" + "Ab".repeat(20);
        String b = "0x" + "12".repeat(20);
        assertEquals(
                List.of(a.toLowerCase(), b),
                ConfiguredOwnerWallets.parse(" " + a + " ,," + b + "," + a.toLowerCase()));
        assertEquals(List.of(), ConfiguredOwnerWallets.parse(""));
    }

    @Test
    void aMalformedAddressIsRefusedByName() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ConfiguredOwnerWallets.parse("0x1234, 0x" + "1".repeat(40)));
        assertEquals("not a wallet address: 0x1234", e.getMessage());
    }
}
