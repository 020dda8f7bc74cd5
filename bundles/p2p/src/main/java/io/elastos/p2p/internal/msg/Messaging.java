// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.msg;

import io.elastos.api.identity.Did;
import io.elastos.api.identity.NodeIdentity;
import io.elastos.api.p2p.MessageListener;
import io.elastos.api.p2p.P2pException;
import io.elastos.api.p2p.P2pMessage;
import io.elastos.api.p2p.PeerId;
import io.elastos.p2p.internal.host.Connection;
import io.elastos.p2p.internal.host.Libp2pHost;
import io.elastos.p2p.internal.host.StreamHandler;
import io.elastos.p2p.internal.msg.ContactBook.Contact;
import io.elastos.p2p.internal.msg.MsgWire.Envelope;
import io.elastos.p2p.internal.msg.MsgWire.Hello;
import io.elastos.p2p.internal.msg.MsgWire.Inner;
import io.elastos.p2p.internal.msg.MsgWire.Receipt;
import io.elastos.p2p.internal.peer.Ed25519Keys;
import io.elastos.p2p.internal.peer.Multiaddr;
import io.elastos.p2p.internal.peer.PeerIds;
import io.elastos.p2p.internal.wire.LengthPrefixed;
import io.elastos.p2p.internal.yamux.YamuxStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ProtocolException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The node protocol {@code /elastos/msg/1.0.0}: end-to-end encrypted, signed messages between owner
 * DIDs, with signed receipts, a queue with retries and replay protection. See {@code docs/p2p.md}
 * for the wire format.
 *
 * <p>The listener answers a stream only if the dialing peer is a contact's node. It sends its
 * X25519 message key signed by its node key; the dialer seals the message to that key and signs the
 * envelope with its own node key; the listener checks everything, stores the message once and
 * answers a signed receipt.
 */
public final class Messaging implements StreamHandler, AutoCloseable {

    /** The protocol id. */
    public static final String PROTOCOL = "/elastos/msg/1.0.0";

    /** Messages older than this (or this far in the future) are refused: ids are kept as long. */
    static final Duration MAX_AGE = Duration.ofDays(30);

    private static final Duration FUTURE_SKEW = Duration.ofMinutes(10);
    private static final Duration STREAM_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    private static final Duration MAX_RETRY = Duration.ofMinutes(5);
    private static final System.Logger LOG = System.getLogger(Messaging.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Libp2pHost host;
    private final NodeIdentity identity;
    private final Supplier<Did> self;
    private final ContactBook contacts;
    private final MessageLog log;
    private final Supplier<List<MessageListener>> listeners;
    private final RateLimiter inbound;
    private final Clock clock;
    private final byte[] privateKey;
    private final byte[] publicKey;
    private final byte[] helloSignature;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("p2p-msg-", 0).factory());
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("p2p-msg-timer").daemon().factory());

    /**
     * Creates the protocol; {@link #start()} registers it and starts the queue.
     *
     * @param host the libp2p host
     * @param self the DID this node's messages are from (its owner's), asked at every use: the
     *     owner may sign up after the node started
     * @param contacts the contact book
     * @param log the message log and queue
     * @param listeners the current message listeners
     * @param inbound the rate limit on inbound messages, per peer and global
     * @param clock the clock
     */
    public Messaging(
            Libp2pHost host,
            Supplier<Did> self,
            ContactBook contacts,
            MessageLog log,
            Supplier<List<MessageListener>> listeners,
            RateLimiter inbound,
            Clock clock) {
        this.host = host;
        this.identity = host.identity();
        this.self = self;
        this.contacts = contacts;
        this.log = log;
        this.listeners = listeners;
        this.inbound = inbound;
        this.clock = clock;
        this.privateKey = MsgCrypto.staticPrivateKey(identity);
        this.publicKey = MsgCrypto.publicKey(privateKey);
        this.helloSignature = identity.sign(MsgCrypto.concat(MsgCrypto.HELLO_LABEL, publicKey));
    }

    /** Serves the protocol, retries the queue and dials the contacts once. */
    public void start() {
        host.handle(PROTOCOL, this);
        host.onConnection(this::connected);
        timer.scheduleWithFixedDelay(this::retryDue, 1, 1, TimeUnit.SECONDS);
        workers.execute(this::dialContacts);
    }

    /**
     * Returns the DID messages are sent from.
     *
     * @return the node owner's DID
     */
    public Did self() {
        return self.get();
    }

    /**
     * Returns the contact book.
     *
     * @return the contacts
     */
    public ContactBook contacts() {
        return contacts;
    }

    /**
     * Returns the message log.
     *
     * @return the log
     */
    public MessageLog log() {
        return log;
    }

    @Override
    public void close() {
        host.unhandle(PROTOCOL);
        timer.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ sending

    /**
     * Queues a message to a contact and tries to deliver it now.
     *
     * @param to the contact's DID
     * @param payload the bytes
     * @param wait how long to try now before leaving it to the queue
     * @return the message as it stands: delivered, refused or queued
     * @throws P2pException if the DID is not a contact, or the store fails
     */
    public MessageLog.Entry send(Did to, byte[] payload, Duration wait) throws P2pException {
        if (payload.length > io.elastos.api.p2p.P2pNode.MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException(
                    "message larger than " + io.elastos.api.p2p.P2pNode.MAX_MESSAGE_SIZE);
        }
        try {
            Contact contact =
                    contacts.get(to)
                            .orElseThrow(() ->
                                    new P2pException(
                                            to + " is not a contact; add it with its peer id"));
            byte[] raw = new byte[16];
            RANDOM.nextBytes(raw);
            String id = HexFormat.of().formatHex(raw);
            log.queue(id, contact.peer(), to.value(), payload, clock.instant());
            var attempt = workers.submit(() -> attempt(id));
            try {
                attempt.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // Still trying; the queue takes over.
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.log(Level.DEBUG, "first attempt of " + id + " failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return log.outgoing(id).orElseThrow();
        } catch (SQLException e) {
            throw new P2pException("cannot store the message: " + e.getMessage(), e);
        }
    }

    /** One delivery attempt of a queued message; the outcome goes to the log. */
    private void attempt(String id) {
        if (!inFlight.add(id)) {
            return;
        }
        try {
            Optional<MessageLog.Entry> found = log.outgoing(id);
            if (found.isEmpty() || !found.get().status().equals(MessageLog.QUEUED)) {
                return;
            }
            MessageLog.Entry e = found.get();
            Instant now = clock.instant();
            if (e.createdAt().plus(MAX_AGE).isBefore(now)) {
                log.update(id, MessageLog.REFUSED, "not delivered within 30 days", null, now);
                return;
            }
            Receipt receipt;
            try {
                receipt = deliver(connect(e.peer()), e);
            } catch (IOException | RuntimeException ex) {
                log.update(id, MessageLog.QUEUED, ex.getMessage(), nextAttempt(e, now), now);
                return;
            }
            switch (receipt.status()) {
                case Receipt.DELIVERED ->
                        log.update(id, MessageLog.DELIVERED, null, null, clock.instant());
                case Receipt.REFUSED ->
                        log.update(id, MessageLog.REFUSED, receipt.reason(), null, clock.instant());
                default ->
                        log.update(
                                id,
                                MessageLog.QUEUED,
                                receipt.reason(),
                                nextAttempt(e, now),
                                clock.instant());
            }
        } catch (SQLException ex) {
            LOG.log(Level.WARNING, "message log failed for " + id, ex);
        } finally {
            inFlight.remove(id);
        }
    }

    private static Instant nextAttempt(MessageLog.Entry e, Instant now) {
        long factor = 1L << Math.min(e.attempts(), 10);
        Duration wait = FIRST_RETRY.multipliedBy(factor);
        return now.plus(wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait);
    }

    /** An open connection to a peer, else a dial of each address its contact record knows. */
    private Connection connect(PeerId peer) throws IOException, SQLException {
        Optional<Connection> open = host.connection(peer);
        if (open.isPresent()) {
            return open.get();
        }
        IOException last = new IOException("no known address for " + peer);
        for (Contact c : contacts.byPeer(peer)) {
            for (String a : c.addresses()) {
                try {
                    return host.dial(Multiaddr.parse(a).withPeer(peer));
                } catch (IOException | IllegalArgumentException e) {
                    last =
                            new IOException(
                                    "cannot reach " + peer + " at " + a + ": " + e.getMessage());
                }
            }
        }
        throw last;
    }

    /**
     * Runs the protocol's dialer side once for a message; the queue calls it (and a test, to replay
     * one).
     *
     * @param connection the connection to the recipient's node
     * @param e the message
     * @return the recipient's verified receipt, or an unsigned refusal from its hello
     * @throws IOException if the stream fails or the peer breaks the protocol
     */
    public Receipt deliver(Connection connection, MessageLog.Entry e) throws IOException {
        YamuxStream stream = connection.newStream(PROTOCOL);
        try {
            stream.readTimeout(STREAM_TIMEOUT);
            Hello hello =
                    Hello.decode(LengthPrefixed.readRequired(stream.input(), MsgWire.MAX_FRAME));
            byte[] peerKey =
                    PeerIds.ed25519Key(connection.remotePeer())
                            .orElseThrow(() -> new ProtocolException("peer id has no Ed25519 key"));
            if (hello.refusal() != null) {
                stream.close();
                return new Receipt(
                        hello.retry() ? Receipt.RETRY : Receipt.REFUSED,
                        hello.refusal(),
                        new byte[0]);
            }
            if (!Ed25519Keys.verify(
                    peerKey,
                    MsgCrypto.concat(MsgCrypto.HELLO_LABEL, hello.key()),
                    hello.signature())) {
                throw new ProtocolException("the peer's message key is not signed by its node");
            }
            Inner inner =
                    new Inner(
                            e.id(),
                            self.get().value(),
                            e.did(),
                            e.createdAt().toEpochMilli(),
                            e.payload());
            byte[] recipient = PeerIds.toMultihash(connection.remotePeer());
            byte[] aad = MsgCrypto.concat(identity.publicKey(), recipient);
            MsgCrypto.Sealed sealed = MsgCrypto.seal(hello.key(), aad, inner.encode());
            byte[] signature = identity.sign(envelopeSigningInput(recipient, hello.key(), sealed));
            byte[] envelope =
                    new Envelope(
                                    identity.publicKey(),
                                    sealed.ephemeral(),
                                    sealed.nonce(),
                                    sealed.ciphertext(),
                                    signature)
                            .encode();
            LengthPrefixed.write(stream.output(), envelope);
            stream.output().flush();
            Receipt receipt =
                    Receipt.decode(LengthPrefixed.readRequired(stream.input(), MsgWire.MAX_FRAME));
            if (!Ed25519Keys.verify(
                    peerKey,
                    Receipt.signingInput(
                            receipt.status(), receipt.reason(), MsgCrypto.sha256(envelope)),
                    receipt.signature())) {
                throw new ProtocolException("the receipt is not signed by the recipient's node");
            }
            stream.close();
            return receipt;
        } catch (IOException | RuntimeException ex) {
            stream.reset();
            throw ex;
        }
    }

    private static byte[] envelopeSigningInput(
            byte[] recipientPeer, byte[] recipientKey, MsgCrypto.Sealed sealed) {
        return MsgCrypto.concat(
                MsgCrypto.ENVELOPE_LABEL,
                recipientPeer,
                recipientKey,
                sealed.ephemeral(),
                sealed.nonce(),
                sealed.ciphertext());
    }

    private void retryDue() {
        try {
            for (MessageLog.Entry e : log.due(clock.instant(), 100)) {
                if (!inFlight.contains(e.id())) {
                    workers.execute(() -> attempt(e.id()));
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot read the message queue", e);
        }
    }

    /** A contact's node connected: remember where it is and send what waits for it. */
    private void connected(Connection c) {
        try {
            if (contacts.byPeer(c.remotePeer()).isEmpty()) {
                return;
            }
            var info = c.identified().getNow(null);
            if (info != null) {
                contacts.seen(
                        c.remotePeer(),
                        info.listenAddrs().stream()
                                .map(a -> a.withoutPeer().toString())
                                .filter(a -> !a.startsWith("/ip4/0.0.0.0/"))
                                .toList());
            }
            for (MessageLog.Entry e : log.queuedFor(c.remotePeer(), 100)) {
                workers.execute(() -> attempt(e.id()));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot flush the queue for " + c.remotePeer(), e);
        }
    }

    /** At start, dials every contact with a known address, so queues on both sides move. */
    private void dialContacts() {
        try {
            for (Contact c : contacts.list()) {
                if (host.connection(c.peer()).isPresent()) {
                    continue;
                }
                for (String a : c.addresses()) {
                    try {
                        host.dial(Multiaddr.parse(a).withPeer(c.peer()));
                        break;
                    } catch (IOException | IllegalArgumentException e) {
                        LOG.log(Level.DEBUG, "contact " + c.did() + " not at " + a, e);
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot dial the contacts", e);
        }
    }

    // ------------------------------------------------------------------ receiving

    @Override
    public void handle(Connection connection, YamuxStream stream) throws IOException {
        stream.readTimeout(STREAM_TIMEOUT);
        PeerId peer = connection.remotePeer();
        List<Contact> known;
        try {
            known = contacts.byPeer(peer);
        } catch (SQLException e) {
            refuse(stream, "the recipient cannot read its contacts now", true);
            return;
        }
        if (known.isEmpty()) {
            refuse(stream, "not a contact of the recipient", false);
            return;
        }
        if (!inbound.tryAcquire(peer.value(), 1)) {
            refuse(stream, "rate limited; try later", true);
            return;
        }
        LengthPrefixed.write(
                stream.output(), new Hello(publicKey, helloSignature, null, false).encode());
        stream.output().flush();
        byte[] envelope = LengthPrefixed.readRequired(stream.input(), MsgWire.MAX_FRAME);
        Receipt answer = receive(peer, known, envelope);
        byte[] hash = MsgCrypto.sha256(envelope);
        byte[] sig = identity.sign(Receipt.signingInput(answer.status(), answer.reason(), hash));
        LengthPrefixed.write(
                stream.output(), new Receipt(answer.status(), answer.reason(), sig).encode());
        stream.close();
    }

    private static void refuse(YamuxStream stream, String why, boolean retry) throws IOException {
        LengthPrefixed.write(stream.output(), new Hello(null, null, why, retry).encode());
        stream.close();
    }

    /** Checks, opens and stores one envelope; the receipt says what became of it. */
    private Receipt receive(PeerId peer, List<Contact> known, byte[] bytes) {
        Inner inner;
        try {
            Envelope env = Envelope.decode(bytes);
            // Without relays, the sender's node is the peer the Noise handshake proved.
            if (!PeerIds.fromEd25519(env.senderKey()).equals(peer)) {
                return refused("the envelope is not from the connected peer");
            }
            byte[] me = PeerIds.toMultihash(host.peerId());
            MsgCrypto.Sealed sealed =
                    new MsgCrypto.Sealed(env.ephemeral(), env.nonce(), env.ciphertext());
            if (!Ed25519Keys.verify(
                    env.senderKey(),
                    envelopeSigningInput(me, publicKey, sealed),
                    env.signature())) {
                return refused("bad envelope signature");
            }
            inner =
                    Inner.decode(
                            MsgCrypto.open(
                                    privateKey, sealed, MsgCrypto.concat(env.senderKey(), me)));
        } catch (ProtocolException | RuntimeException e) {
            return refused("malformed message: " + e.getMessage());
        }
        if (!inner.to().equals(self.get().value())) {
            return refused("this node is not " + inner.to());
        }
        if (known.stream().noneMatch(c -> c.did().value().equals(inner.from()))) {
            return refused(inner.from() + " is not a contact at this peer");
        }
        Instant now = clock.instant();
        Instant sent = Instant.ofEpochMilli(inner.sentAtMillis());
        if (sent.isBefore(now.minus(MAX_AGE)) || sent.isAfter(now.plus(FUTURE_SKEW))) {
            return refused("message time out of range");
        }
        if (inner.payload().length > io.elastos.api.p2p.P2pNode.MAX_MESSAGE_SIZE) {
            return refused("message too large");
        }
        try {
            if (log.received(inner.id(), peer, inner.from(), inner.payload(), now)) {
                notifyListeners(new P2pMessage(Did.of(inner.from()), peer, inner.payload(), now));
            }
        } catch (SQLException e) {
            return new Receipt(Receipt.RETRY, "the recipient cannot store it now", null);
        }
        return new Receipt(Receipt.DELIVERED, "", null);
    }

    private void notifyListeners(P2pMessage m) {
        for (MessageListener l : listeners.get()) {
            try {
                l.onMessage(
                        new P2pMessage(m.from(), m.peer(), m.payload().clone(), m.receivedAt()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "message listener " + l + " failed", e);
            }
        }
    }

    private static Receipt refused(String why) {
        return new Receipt(Receipt.REFUSED, why, null);
    }
}
