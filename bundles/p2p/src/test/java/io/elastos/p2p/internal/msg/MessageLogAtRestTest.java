// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.msg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.p2p.PeerId;
import io.elastos.metadata.internal.TestMetadata;
import io.elastos.p2p.testing.TestIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Message payloads are sealed in Derby under a key only the node key gives. */
class MessageLogAtRestTest {
    static final byte[] MARKER = "MSG-AT-REST-MARKER-7f3a".getBytes(StandardCharsets.UTF_8);

    // Message ids are 32 hex digits, as the node makes them.
    static final String M1 = "0123456789abcdef0123456789abcdef";
    static final String M2 = "fedcba9876543210fedcba9876543210";

    @TempDir Path dir;

    @Test
    void payloadsAreSealedInTheDatabaseAndReadBackWithTheNodeKey() throws Exception {
        MetadataStore db = TestMetadata.open(dir.resolve("db"));
        try {
            var identity = TestIdentity.random();
            MessageLog log = new MessageLog(new ContactBook(db), identity);
            PeerId peer =
                    io.elastos.p2p.internal.peer.PeerIds.fromEd25519(
                            TestIdentity.random().publicKey());
            log.queue(M1, peer, "did:key:z6MkTo", MARKER, Instant.now());
            log.received(M2, peer, "did:key:z6MkFrom", MARKER, Instant.now());
            assertArrayEquals(MARKER, log.outgoing(M1).orElseThrow().payload());
            try (Connection c = db.connection();
                    PreparedStatement q = c.prepareStatement("SELECT PAYLOAD FROM P2P_MESSAGE");
                    ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    assertFalse(contains(r.getBytes(1), MARKER), "a payload stored in clear");
                }
            }
            // Another node key cannot open them: the log shows them empty, not garbage.
            MessageLog other = new MessageLog(new ContactBook(db), TestIdentity.random());
            assertEquals(0, other.outgoing(M1).orElseThrow().payload().length);
        } finally {
            TestMetadata.close(db);
        }
        // Nor does the marker appear anywhere in the database files.
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(contains(Files.readAllBytes(f), MARKER), "plaintext in " + f);
            }
        }
    }

    @Test
    void aSealedPayloadIsBoundToItsMessageId() {
        AtRest atRest = new AtRest(TestIdentity.random());
        byte[] sealed = atRest.seal("id-1", MARKER);
        assertArrayEquals(MARKER, atRest.open("id-1", sealed));
        assertNull(atRest.open("id-2", sealed), "moved to another message");
        sealed[sealed.length - 1] ^= 1;
        assertNull(atRest.open("id-1", sealed), "altered");
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
