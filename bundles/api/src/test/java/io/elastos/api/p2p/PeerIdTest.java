// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerIdTest {

    private static final String ED25519 = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";

    @Test
    void acceptsEd25519AndHashedPeerIds() {
        assertEquals(ED25519, PeerId.of(ED25519).toString());
        PeerId.of("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N");
    }

    @Test
    void refusesWhatIsNotBase58() {
        assertThrows(NullPointerException.class, () -> new PeerId(null));
        for (String bad :
                new String[] {
                    "", "12D3Koo", ED25519.replace('W', '0'), ED25519 + "l", "x".repeat(129)
                }) {
            assertThrows(IllegalArgumentException.class, () -> PeerId.of(bad), bad);
        }
    }

    @Test
    void peerInfoIsImmutable() {
        List<String> addresses = new ArrayList<>(List.of("/ip4/127.0.0.1/tcp/4001"));
        PeerInfo info = new PeerInfo(PeerId.of(ED25519), addresses, List.of("/ipfs/id/1.0.0"), "");
        addresses.clear();
        assertEquals(1, info.addresses().size());
        assertThrows(UnsupportedOperationException.class, () -> info.protocols().add("/x"));
    }
}
