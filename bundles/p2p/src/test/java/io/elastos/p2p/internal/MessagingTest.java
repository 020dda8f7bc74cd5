// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.identity.Did;
import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.p2p.P2pException;
import io.elastos.api.p2p.P2pMessage;
import io.elastos.api.storage.Cid;
import io.elastos.metadata.internal.TestMetadata;
import io.elastos.p2p.internal.msg.ContactBook;
import io.elastos.p2p.internal.msg.MessageLog;
import io.elastos.p2p.testing.MemoryBlockStore;
import io.elastos.p2p.testing.TestIdentity;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contacts, messages, receipts, the queue, the port fallback and BlockExchange on real Derby. */
class MessagingTest {

    @TempDir Path tmp;
    private final List<P2pService> services = new ArrayList<>();
    private final List<MetadataStore> stores = new ArrayList<>();

    /** One node: its service, identity seed, DID, store and received messages. */
    private final class Node {
        final byte[] seed = new byte[32];
        final Did did;
        final Path dir;
        final List<P2pMessage> inbox = new CopyOnWriteArrayList<>();
        P2pService service;
        MetadataStore store;

        Node(String name) {
            new SecureRandom().nextBytes(seed);
            did = Did.of("did:key:z" + name);
            dir = tmp.resolve(name);
        }

        Node start(int port) throws Exception {
            return start(port, Map.of());
        }

        Node start(int port, Map<String, Object> extra) throws Exception {
            store = TestMetadata.open(dir);
            stores.add(store);
            service = new P2pService();
            service.identity = TestIdentity.fromSeed(seed);
            service.metadata = store;
            service.addListener(inbox::add);
            Map<String, Object> c = new HashMap<>();
            c.put("listen_address", "127.0.0.1");
            c.put("listen_port", port);
            c.put("owner_did", did.value());
            c.put("send_timeout_seconds", 3);
            c.putAll(extra);
            service.activate(P2pServiceTest.config(c));
            services.add(service);
            return this;
        }

        void stop() {
            service.deactivate();
            TestMetadata.close(store);
            services.remove(service);
            stores.remove(store);
        }

        void addContact(Node other) throws Exception {
            service.messaging()
                    .contacts()
                    .put(
                            new ContactBook.Contact(
                                    other.did,
                                    other.service.peerId(),
                                    "",
                                    other.service.listenAddresses(),
                                    Instant.now()));
        }

        MessageLog.Entry send(Node to, String text) throws P2pException {
            return service.messaging()
                    .send(to.did, text.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        }
    }

    @AfterEach
    void stopAll() {
        services.forEach(P2pService::deactivate);
        stores.forEach(TestMetadata::close);
    }

    @Test
    void contactsExchangeMessagesBothWaysWithReceipts() throws Exception {
        Node a = new Node("Alice").start(0);
        Node b = new Node("Bob").start(0);
        a.addContact(b);
        b.addContact(a);

        MessageLog.Entry sent = a.send(b, "hello bob");
        assertEquals(MessageLog.DELIVERED, sent.status(), String.valueOf(sent.detail()));
        assertEquals(1, b.inbox.size());
        assertEquals(a.did, b.inbox.get(0).from());
        assertEquals(a.service.peerId(), b.inbox.get(0).peer());
        assertEquals("hello bob", new String(b.inbox.get(0).payload(), StandardCharsets.UTF_8));

        assertEquals(MessageLog.DELIVERED, b.send(a, "hi alice").status());
        assertEquals("hi alice", new String(a.inbox.get(0).payload(), StandardCharsets.UTF_8));

        // Both logs hold both directions.
        List<MessageLog.Entry> log = b.service.messaging().log().recent(10);
        assertEquals(2, log.size());
        assertTrue(
                log.stream()
                        .anyMatch(e ->
                                e.direction().equals(MessageLog.IN)
                                        && e.status().equals(MessageLog.RECEIVED)
                                        && e.id().equals(sent.id())));

        // The P2pNode API: delivered means no exception.
        a.service.sendMessage(b.did, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, b.inbox.get(1).payload());
    }

    @Test
    void messagesGoOutFromTheOwnersDidOnceThereIsAnOwner() throws Exception {
        Node a = new Node("Alice");
        Map<String, Object> noOwnerSetting = new HashMap<>();
        noOwnerSetting.put("owner_did", "");
        a.start(0, noOwnerSetting);
        Did nodeDid = Did.of(TestIdentity.fromSeed(a.seed).did());
        assertEquals(nodeDid, a.service.messaging().self(), "before setup: the node's did:key");
        Did wallet = Did.of("did:pkh:eip155:1:0x0000000000000000000000000000000000000001");
        a.service.nodeOwner = () -> java.util.Optional.of(wallet);
        assertEquals(wallet, a.service.messaging().self(), "after setup: the owner's DID");
        a.service.nodeOwner = java.util.Optional::empty;
        assertEquals(nodeDid, a.service.messaging().self());
    }

    @Test
    void aReplayedMessageIsAcknowledgedButNotHandedOutTwice() throws Exception {
        Node a = new Node("Alice").start(0);
        Node b = new Node("Bob").start(0);
        a.addContact(b);
        b.addContact(a);
        MessageLog.Entry sent = a.send(b, "once");
        assertEquals(MessageLog.DELIVERED, sent.status());
        var again =
                a.service
                        .messaging()
                        .deliver(
                                a.service.host().connection(b.service.peerId()).orElseThrow(),
                                sent);
        assertEquals(io.elastos.p2p.internal.msg.MsgWire.Receipt.DELIVERED, again.status());
        assertEquals(1, b.inbox.size());
    }

    @Test
    void inboundMessagesAreRateLimitedPerPeer() throws Exception {
        Node a = new Node("Alice").start(0);
        Node b = new Node("Bob").start(0);
        a.addContact(b);
        b.addContact(a);
        // The default allows a burst of 30 per peer (120 a minute).
        int refused = 0;
        for (int i = 0; i < 40; i++) {
            MessageLog.Entry e = a.send(b, "m" + i);
            if (e.status().equals(MessageLog.QUEUED)) {
                refused++;
            }
        }
        assertTrue(refused >= 5, "refused " + refused);
        assertTrue(b.inbox.size() >= 28 && b.inbox.size() <= 35, "got " + b.inbox.size());
    }

    @Test
    void strangersAndUnknownDidsAreRefused() throws Exception {
        Node a = new Node("Alice").start(0);
        Node b = new Node("Bob").start(0);
        Node mallory = new Node("Mallory").start(0);
        a.addContact(b);
        mallory.addContact(b);
        // B knows A, not Mallory.
        b.addContact(a);

        MessageLog.Entry e = mallory.send(b, "let me in");
        assertEquals(MessageLog.REFUSED, e.status());
        assertTrue(e.detail().contains("not a contact"), e.detail());
        assertTrue(b.inbox.isEmpty());
        P2pException ex =
                assertThrows(
                        P2pException.class, () -> mallory.service.sendMessage(b.did, new byte[1]));
        assertTrue(ex.getMessage().contains("refused"), ex.getMessage());

        // Not a contact on the sending side: nothing is queued.
        assertThrows(P2pException.class, () -> b.send(mallory, "hi"));
        // B lists A's DID under a different peer: A's messages claim a DID B does not map to A.
        b.service
                .messaging()
                .contacts()
                .put(
                        new ContactBook.Contact(
                                a.did, mallory.service.peerId(), "", List.of(), Instant.now()));
        b.service
                .messaging()
                .contacts()
                .put(
                        new ContactBook.Contact(
                                Did.of("did:key:zOther"),
                                a.service.peerId(),
                                "",
                                List.of(),
                                Instant.now()));
        e = a.send(b, "who am I");
        assertEquals(MessageLog.REFUSED, e.status());
        assertTrue(e.detail().contains("is not a contact at this peer"), e.detail());
    }

    @Test
    void aMessageToAnOfflineContactIsQueuedAndDeliveredWhenItComesBack() throws Exception {
        Node a = new Node("Alice").start(0);
        Node b = new Node("Bob").start(0);
        a.addContact(b);
        b.addContact(a);
        assertEquals(MessageLog.DELIVERED, a.send(b, "first").status());
        b.stop();

        MessageLog.Entry e = a.send(b, "while you were out");
        assertEquals(MessageLog.QUEUED, e.status());
        assertFalse(e.detail() == null || e.detail().isBlank());

        // B comes back on another port; it dials its contacts at start, and A flushes its queue.
        b.inbox.clear();
        b.start(0);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (b.inbox.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(1, b.inbox.size());
        assertEquals(
                "while you were out", new String(b.inbox.get(0).payload(), StandardCharsets.UTF_8));
        deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!a.service
                        .messaging()
                        .log()
                        .outgoing(e.id())
                        .orElseThrow()
                        .status()
                        .equals(MessageLog.DELIVERED)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(
                MessageLog.DELIVERED,
                a.service.messaging().log().outgoing(e.id()).orElseThrow().status());
        // A learnt B's new address from identify.
        assertTrue(
                a.service
                        .messaging()
                        .contacts()
                        .get(b.did)
                        .orElseThrow()
                        .addresses()
                        .contains(b.service.listenAddresses().get(0)));
    }

    @Test
    void bootstrapPeersAreDialledAtStart() throws Exception {
        Node b = new Node("Bob").start(0);
        String address = b.service.listenAddresses().get(0) + "/p2p/" + b.service.peerId();
        Node a =
                new Node("Alice")
                        .start(
                                0,
                                Map.of(
                                        "bootstrap",
                                        new String[] {address, "/ip4/127.0.0.1/tcp/1"}));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (a.service.peers().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(b.service.peerId(), a.service.peers().get(0).id());
    }

    @Test
    void aTakenPortFallsBackToAFreeOne() throws Exception {
        try (ServerSocket taken =
                new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Node a = new Node("Alice").start(taken.getLocalPort());
            String address = a.service.listenAddresses().get(0);
            assertTrue(address.startsWith("/ip4/127.0.0.1/tcp/"), address);
            assertFalse(address.endsWith("/" + taken.getLocalPort()), address);
        }
    }

    @Test
    void blockExchangeFetchesAVerifiedBlockFromAnyConnectedPeer() throws Exception {
        Node a = new Node("Alice").start(0);
        Node b = new Node("Bob").start(0);
        Node c = new Node("Carol").start(0);
        MemoryBlockStore store = new MemoryBlockStore();
        Cid hello = Cid.of("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq");
        store.put(hello, "hello".getBytes(StandardCharsets.UTF_8));
        c.service.blockStore = store;
        a.service.connect(b.service.listenAddresses().get(0) + "/p2p/" + b.service.peerId());
        a.service.connect(c.service.listenAddresses().get(0) + "/p2p/" + c.service.peerId());

        assertEquals("hello", new String(a.service.fetch(hello, Duration.ofSeconds(5))));
        // Nothing stored on the fetching side: A has no store at all.
        Cid missing = Cid.of("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
        P2pException e =
                assertThrows(
                        P2pException.class, () -> a.service.fetch(missing, Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("no connected peer has the block"), e.getMessage());
    }
}
