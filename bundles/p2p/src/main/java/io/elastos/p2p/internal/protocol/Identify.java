// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.protocol;

import io.elastos.api.p2p.PeerId;
import io.elastos.p2p.internal.host.Connection;
import io.elastos.p2p.internal.host.StreamHandler;
import io.elastos.p2p.internal.peer.Ed25519Keys;
import io.elastos.p2p.internal.peer.Multiaddr;
import io.elastos.p2p.internal.peer.PeerIds;
import io.elastos.p2p.internal.wire.LengthPrefixed;
import io.elastos.p2p.internal.wire.ProtoReader;
import io.elastos.p2p.internal.wire.ProtoWriter;
import io.elastos.p2p.internal.yamux.YamuxStream;
import java.io.IOException;
import java.net.ProtocolException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The identify protocol {@code /ipfs/id/1.0.0}: the side that opens the stream reads one
 * length-prefixed {@code Identify} message, which the other side writes before closing.
 *
 * <pre>
 * message Identify {
 *   optional bytes publicKey = 1;  repeated bytes listenAddrs = 2;  repeated string protocols = 3;
 *   optional bytes observedAddr = 4;  optional string protocolVersion = 5;
 *   optional string agentVersion = 6;  optional bytes signedPeerRecord = 8;  // not sent, ignored
 * }
 * </pre>
 */
public final class Identify implements StreamHandler {

    /** The protocol id. */
    public static final String PROTOCOL = "/ipfs/id/1.0.0";

    /** The protocol version every IPFS peer sends. */
    public static final String PROTOCOL_VERSION = "ipfs/0.1.0";

    /** js-libp2p allows 8 KiB; a signed peer record with many addresses can exceed that. */
    public static final int MAX_MESSAGE = 64 * 1024;

    /** More protocols or addresses than this in one message is not a real peer. */
    private static final int MAX_ENTRIES = 1024;

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private final byte[] publicKey;
    private final String agentVersion;
    private final Supplier<List<Multiaddr>> listenAddrs;
    private final Supplier<Collection<String>> protocols;

    /**
     * Creates the protocol for one host.
     *
     * @param rawEd25519Key the host's public key
     * @param agentVersion the host's agent string
     * @param listenAddrs the host's current listen addresses
     * @param protocols the host's current protocol ids
     */
    public Identify(
            byte[] rawEd25519Key,
            String agentVersion,
            Supplier<List<Multiaddr>> listenAddrs,
            Supplier<Collection<String>> protocols) {
        this.publicKey = Ed25519Keys.toProtobuf(rawEd25519Key);
        this.agentVersion = agentVersion;
        this.listenAddrs = listenAddrs;
        this.protocols = protocols;
    }

    @Override
    public void handle(Connection connection, YamuxStream stream) throws IOException {
        LengthPrefixed.write(stream.output(), encode(connection.remoteAddress().withoutPeer()));
        stream.close();
    }

    /**
     * Asks a peer for its identify record.
     *
     * @param connection the connection to the peer
     * @return what the peer said
     * @throws ProtocolException if the message is malformed or names another key
     * @throws IOException if the stream fails or times out
     */
    public IdentifyInfo request(Connection connection) throws IOException {
        YamuxStream stream = connection.newStream(PROTOCOL);
        try {
            stream.readTimeout(READ_TIMEOUT);
            byte[] message = LengthPrefixed.readRequired(stream.input(), MAX_MESSAGE);
            stream.close();
            return decode(message, connection.remotePeer());
        } catch (IOException | RuntimeException e) {
            stream.reset();
            throw e;
        }
    }

    /** Encodes this host's record as seen from one connection. */
    byte[] encode(Multiaddr observed) {
        ProtoWriter w = new ProtoWriter().bytes(1, publicKey);
        for (Multiaddr a : listenAddrs.get()) {
            w.bytes(2, a.withoutPeer().toBytes());
        }
        for (String p : protocols.get()) {
            w.string(3, p);
        }
        w.bytes(4, observed.toBytes());
        w.string(5, PROTOCOL_VERSION);
        w.string(6, agentVersion);
        return w.toByteArray();
    }

    /**
     * Decodes a peer's record.
     *
     * @param message the {@code Identify} protobuf
     * @param peer the peer Noise authenticated
     * @return the record; addresses of unsupported shapes are left out
     * @throws ProtocolException if the message is malformed or its key is not the peer's
     */
    static IdentifyInfo decode(byte[] message, PeerId peer) throws ProtocolException {
        String protocolVersion = "";
        String agent = "";
        List<Multiaddr> addrs = new ArrayList<>();
        List<String> protos = new ArrayList<>();
        Multiaddr observed = null;
        int entries = 0;
        ProtoReader r = new ProtoReader(message);
        while (r.next()) {
            if (++entries > MAX_ENTRIES) {
                throw new ProtocolException("identify message with too many entries");
            }
            switch (r.field()) {
                case 1 -> {
                    PeerId claimed = PeerIds.fromEd25519(Ed25519Keys.fromProtobuf(r.bytes()));
                    if (!claimed.equals(peer)) {
                        throw new ProtocolException("identify key is " + claimed + ", not " + peer);
                    }
                }
                case 2 -> parseAddress(r.bytes(), addrs);
                case 3 -> protos.add(r.string());
                case 4 -> {
                    List<Multiaddr> one = new ArrayList<>(1);
                    parseAddress(r.bytes(), one);
                    observed = one.isEmpty() ? null : one.get(0);
                }
                case 5 -> protocolVersion = r.string();
                case 6 -> agent = r.string();
                default -> {} // signedPeerRecord and future fields
            }
        }
        return new IdentifyInfo(peer, protocolVersion, agent, addrs, protos, observed);
    }

    /** Keeps addresses we can dial; a peer may rightly announce others (IPv6, QUIC, relays). */
    private static void parseAddress(byte[] bytes, List<Multiaddr> into) {
        try {
            into.add(Multiaddr.fromBytes(bytes));
        } catch (ProtocolException | IllegalArgumentException e) {
            // Not an address this node can use.
        }
    }
}
