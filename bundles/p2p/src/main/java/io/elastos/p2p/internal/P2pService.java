// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal;

import io.elastos.api.events.NodeEvents;
import io.elastos.api.identity.Did;
import io.elastos.api.identity.NodeIdentity;
import io.elastos.api.identity.NodeOwner;
import io.elastos.api.metadata.MetadataException;
import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.p2p.BlockExchange;
import io.elastos.api.p2p.MessageListener;
import io.elastos.api.p2p.P2pException;
import io.elastos.api.p2p.P2pNode;
import io.elastos.api.p2p.PeerId;
import io.elastos.api.p2p.PeerInfo;
import io.elastos.api.storage.BlockStore;
import io.elastos.api.storage.Cid;
import io.elastos.p2p.internal.bitswap.Bitswap;
import io.elastos.p2p.internal.host.Connection;
import io.elastos.p2p.internal.host.HostConfig;
import io.elastos.p2p.internal.host.Libp2pHost;
import io.elastos.p2p.internal.mdns.MdnsDiscovery;
import io.elastos.p2p.internal.msg.ContactBook;
import io.elastos.p2p.internal.msg.MessageLog;
import io.elastos.p2p.internal.msg.Messaging;
import io.elastos.p2p.internal.msg.RateLimiter;
import io.elastos.p2p.internal.peer.Multiaddr;
import io.elastos.p2p.internal.protocol.IdentifyInfo;
import io.elastos.p2p.internal.yamux.YamuxSession;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The node's libp2p endpoint: a {@link Libp2pHost} under the node identity, serving ping, identify,
 * bitswap (blocks of the {@link BlockStore} service, the shared partition, and {@link
 * BlockExchange} fetches) and, with the metadata store, {@code /elastos/msg/1.0.0} messages.
 *
 * <p>By default it listens on all IPv4 interfaces on TCP port 4001, the port IPFS peers expect; if
 * that port is taken it listens on a free one and says so in the log and {@link
 * #listenAddresses()}. Set {@code listen_address} to {@code 127.0.0.1} to keep the node off the
 * network.
 */
@Component(
        service = {P2pNode.class, BlockExchange.class, P2pService.class},
        immediate = true,
        configurationPid = "io.elastos.p2p")
@Designate(ocd = P2pService.Config.class)
public class P2pService implements P2pNode, BlockExchange {

    private static final System.Logger LOG = System.getLogger(P2pService.class.getName());

    /** The P2P settings (Configuration Admin PID {@code io.elastos.p2p}). */
    @ObjectClassDefinition(
            name = "ElastOS P2P",
            description = "The node's libp2p host: TCP, Noise, Yamux, identify, ping, bitswap.")
    public @interface Config {
        @AttributeDefinition(
                description =
                        "IPv4 address to listen on: loopback until the owner opens the node;"
                                + " 0.0.0.0 for every interface.")
        String listen_address() default "127.0.0.1";

        @AttributeDefinition(description = "TCP port to listen on; 0 picks a free port.")
        int listen_port() default 4001;

        @AttributeDefinition(description = "Connections kept at once, inbound and outbound.")
        int max_connections() default 256;

        @AttributeDefinition(description = "Streams one peer may have open at once.")
        int max_streams_per_connection() default 256;

        @AttributeDefinition(description = "Seconds a new connection may take to handshake.")
        int handshake_timeout_seconds() default 10;

        @AttributeDefinition(description = "Seconds a connection without streams is kept.")
        int idle_timeout_seconds() default 300;

        @AttributeDefinition(description = "Seconds connect() waits for the peer's identify.")
        int identify_timeout_seconds() default 10;

        @AttributeDefinition(
                description =
                        "Multiaddrs (with /p2p/<peer id>) dialled at start and redialled when the"
                                + " connection drops.")
        String[] bootstrap() default {};

        @AttributeDefinition(
                description =
                        "Find libp2p peers on the LAN with mDNS (_p2p._udp.local) and dial them"
                                + " (only when listening beyond loopback).")
        boolean mdns() default true;

        @AttributeDefinition(description = "Seconds between mDNS questions.")
        int mdns_interval_seconds() default 10;

        @AttributeDefinition(
                description =
                        "The DID messages are sent from; empty: the owner's DID (the node's"
                                + " own did:key before the first-run setup).")
        String owner_did() default "";

        @AttributeDefinition(description = "Seconds sendMessage waits for the recipient's receipt.")
        int send_timeout_seconds() default 10;

        @AttributeDefinition(description = "Inbound messages one peer may send per minute.")
        int messages_per_peer_per_minute() default 120;

        @AttributeDefinition(
                description = "Inbound messages all peers together may send per minute.")
        int messages_per_minute() default 1200;

        @AttributeDefinition(description = "Bitswap wants one peer may send per second.")
        int wants_per_peer_per_second() default 2000;

        @AttributeDefinition(description = "Bitswap wants all peers together may send per second.")
        int wants_per_second() default 10000;
    }

    @Reference NodeIdentity identity;

    /** Where new peer connections are announced (NodeEvents.PEER_CONNECTED). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile EventAdmin events;

    /** The node's owner, whose DID messages are sent from; optional (tests run without it). */
    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    volatile NodeOwner nodeOwner;

    /**
     * The shared partition's blocks, served over bitswap. Dynamic: the storage bundle both provides
     * it and uses {@link BlockExchange}, so neither may wait for the other.
     */
    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile BlockStore blockStore;

    /** Optional: without it there are no contacts and no messages. */
    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY)
    MetadataStore metadata;

    private final List<MessageListener> listeners = new CopyOnWriteArrayList<>();

    private Libp2pHost host;
    private Bitswap bitswap;
    private Messaging messaging;
    private ExecutorService bitswapExecutor;
    private ScheduledExecutorService bootstrapTimer;
    private MdnsDiscovery mdns;
    private final java.util.Set<PeerId> mdnsDialing =
            java.util.concurrent.ConcurrentHashMap.newKeySet();
    private Duration identifyTimeout;
    private Duration sendTimeout;

    /** Every registered listener gets every message (the whiteboard pattern). */
    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            unbind = "removeListener")
    void addListener(MessageListener listener) {
        listeners.add(listener);
    }

    void removeListener(MessageListener listener) {
        listeners.remove(listener);
    }

    @Activate
    void activate(Config config) throws IOException {
        HostConfig hostConfig =
                HostConfig.defaults()
                        .withMaxConnections(Math.max(1, config.max_connections()))
                        .withHandshakeTimeout(seconds(config.handshake_timeout_seconds(), 10))
                        .withIdleTimeout(seconds(config.idle_timeout_seconds(), 300))
                        .withYamux(
                                new YamuxSession.Options(
                                        Math.max(1, config.max_streams_per_connection()),
                                        YamuxSession.Options.DEFAULTS.maxQueuedWriteBytes(),
                                        YamuxSession.Options.DEFAULTS.closeLinger()));
        identifyTimeout = seconds(config.identify_timeout_seconds(), 10);
        sendTimeout = seconds(config.send_timeout_seconds(), 10);
        host = new Libp2pHost(identity, hostConfig);
        host.onConnection(c -> {
            EventAdmin a = events;
            if (a != null) {
                a.postEvent(
                        new Event(
                                NodeEvents.PEER_CONNECTED,
                                Map.of(
                                        NodeEvents.PEER_ID,
                                        c.remotePeer().value(),
                                        NodeEvents.DIRECTION,
                                        c.isOutbound() ? "outbound" : "inbound")));
            }
        });
        bitswapExecutor =
                Executors.newThreadPerTaskExecutor(
                        Thread.ofVirtual().name("p2p-bitswap-", 0).factory());
        bitswap = new Bitswap(() -> blockStore, bitswapExecutor);
        RateLimiter wants =
                new RateLimiter(
                        positive(config.wants_per_peer_per_second(), 2000),
                        2.0 * positive(config.wants_per_peer_per_second(), 2000),
                        positive(config.wants_per_second(), 10000),
                        2.0 * positive(config.wants_per_second(), 10000));
        bitswap.limitWants((peer, n) -> wants.tryAcquire(peer.value(), n));
        host.handle(Bitswap.PROTOCOL, bitswap);
        int port =
                config.listen_port() >= 0 && config.listen_port() <= 0xFFFF
                        ? config.listen_port()
                        : 4001;
        try {
            listen(config.listen_address(), port);
            if (metadata != null) {
                startMessaging(config);
            }
        } catch (IOException | IllegalArgumentException | MetadataException e) {
            deactivate();
            throw new IOException("cannot start P2P: " + e.getMessage(), e);
        }
        // A node kept on loopback does not announce itself on the LAN: there is nobody to reach it.
        if (config.mdns() && !loopback(config.listen_address())) {
            startMdns(seconds(config.mdns_interval_seconds(), 10));
        }
        List<String> bootstrap =
                Arrays.stream(config.bootstrap())
                        // A .cfg file gives one string: commas separate the addresses.
                        .flatMap(b -> Arrays.stream(b.split(",")))
                        .map(String::strip)
                        .filter(b -> !b.isEmpty())
                        .toList();
        if (!bootstrap.isEmpty()) {
            bootstrapTimer =
                    Executors.newSingleThreadScheduledExecutor(
                            Thread.ofPlatform().name("p2p-bootstrap").daemon().factory());
            bootstrapTimer.scheduleWithFixedDelay(
                    () -> dialBootstrap(bootstrap), 0, 60, TimeUnit.SECONDS);
        }
    }

    /** Listens on the port, or on a free one when it is taken. */
    private void listen(String address, int port) throws IOException {
        var ip = Multiaddr.parse("/ip4/" + address + "/tcp/" + port).socketAddress().getAddress();
        try {
            host.listen(new InetSocketAddress(ip, port));
        } catch (BindException e) {
            if (port == 0) {
                throw e;
            }
            Multiaddr bound = host.listen(new InetSocketAddress(ip, 0));
            LOG.log(
                    Level.WARNING,
                    "P2P port "
                            + port
                            + " is taken ("
                            + e.getMessage()
                            + "); listening on "
                            + bound.socketAddress().getPort()
                            + " instead");
        }
    }

    /** mDNS is a convenience: without multicast the node runs on, and says why not. */
    private void startMdns(Duration interval) {
        mdns = new MdnsDiscovery(host.peerId(), host::listenAddresses, this::discovered, interval);
        try {
            mdns.start();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "mDNS discovery is off: " + e.getMessage());
            mdns = null;
        }
    }

    private void discovered(Multiaddr address) {
        PeerId peer = address.peer();
        if (host.connection(peer).isPresent() || !mdnsDialing.add(peer)) {
            return;
        }
        bitswapExecutor.execute(() -> {
            try {
                host.dial(address);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "mDNS peer " + address + " not reachable", e);
            } finally {
                mdnsDialing.remove(peer);
            }
        });
    }

    private void startMessaging(Config config) throws MetadataException {
        String owner = config.owner_did().strip();
        ContactBook contacts = new ContactBook(metadata);
        messaging =
                new Messaging(
                        host,
                        () -> sender(owner),
                        contacts,
                        new MessageLog(contacts, identity),
                        () -> listeners,
                        new RateLimiter(
                                positive(config.messages_per_peer_per_minute(), 120) / 60.0,
                                positive(config.messages_per_peer_per_minute(), 120) / 4.0,
                                positive(config.messages_per_minute(), 1200) / 60.0,
                                positive(config.messages_per_minute(), 1200) / 4.0),
                        Clock.systemUTC());
        messaging.start();
    }

    private void dialBootstrap(List<String> addresses) {
        for (String a : addresses) {
            try {
                Multiaddr m = Multiaddr.parse(a);
                if (m.peer() == null || host.connection(m.peer()).isEmpty()) {
                    host.dial(m);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "bootstrap peer " + a + " not reachable", e);
            }
        }
    }

    @Deactivate
    void deactivate() {
        if (mdns != null) {
            mdns.close();
        }
        if (bootstrapTimer != null) {
            bootstrapTimer.shutdownNow();
        }
        if (messaging != null) {
            messaging.close();
        }
        if (host != null) {
            host.close();
        }
        if (bitswapExecutor != null) {
            bitswapExecutor.shutdownNow();
        }
    }

    @Override
    public PeerId peerId() {
        return host.peerId();
    }

    @Override
    public List<String> listenAddresses() {
        return host.listenAddresses().stream().map(Multiaddr::toString).toList();
    }

    @Override
    public PeerInfo connect(String multiaddr) throws P2pException {
        Multiaddr address;
        try {
            address = Multiaddr.parse(multiaddr);
        } catch (IllegalArgumentException e) {
            throw new P2pException(e.getMessage(), e);
        }
        try {
            Connection c = host.dial(address);
            return toPeerInfo(
                    c, c.identified().get(identifyTimeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (IOException e) {
            throw new P2pException("cannot connect to " + multiaddr + ": " + e.getMessage(), e);
        } catch (ExecutionException e) {
            throw new P2pException("identify with " + multiaddr + " failed: " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new P2pException("identify with " + multiaddr + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new P2pException("interrupted while connecting to " + multiaddr, e);
        }
    }

    @Override
    public List<PeerInfo> peers() {
        return host.connections().stream()
                .map(c -> toPeerInfo(c, c.identified().getNow(null)))
                .toList();
    }

    /**
     * Sends to a contact over {@code /elastos/msg/1.0.0}. A message not acknowledged within {@code
     * send_timeout_seconds} stays queued and is retried; the exception then says so, and the caller
     * must not send it again (the HTTP API shows its status instead).
     */
    @Override
    public void sendMessage(Did toDid, byte[] payload) throws P2pException {
        if (payload.length > MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("message larger than " + MAX_MESSAGE_SIZE);
        }
        MessageLog.Entry e = messaging().send(toDid, payload, sendTimeout);
        switch (e.status()) {
            case MessageLog.DELIVERED -> {}
            case MessageLog.REFUSED ->
                    throw new P2pException(toDid + "'s node refused the message: " + e.detail());
            default ->
                    throw new P2pException(
                            "not acknowledged yet; message "
                                    + e.id()
                                    + " stays queued and is retried"
                                    + (e.detail() == null ? "" : " (" + e.detail() + ")"));
        }
    }

    @Override
    public byte[] fetch(Cid cid, Duration timeout) throws P2pException {
        try {
            return bitswap.fetchAny(host.connections(), cid, timeout);
        } catch (IOException | IllegalArgumentException e) {
            throw new P2pException("cannot fetch " + cid + ": " + e.getMessage(), e);
        }
    }

    /**
     * The message protocol, for the servlets and commands of this bundle.
     *
     * @return the messaging
     * @throws P2pException if the node has no metadata store to keep contacts in
     */
    public Messaging messaging() throws P2pException {
        Messaging m = messaging;
        if (m == null) {
            throw new P2pException("messages need the metadata store, which is not running");
        }
        return m;
    }

    @Override
    public Duration ping(PeerId peer) throws P2pException {
        Connection c =
                host.connection(peer)
                        .orElseThrow(() -> new P2pException("not connected to " + peer));
        try {
            return io.elastos.p2p.internal.protocol.Ping.ping(c);
        } catch (IOException e) {
            throw new P2pException("ping to " + peer + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The host, for other parts of this bundle and for tests.
     *
     * @return the host
     */
    public Libp2pHost host() {
        return host;
    }

    /** Bitswap, or null without a block store; fetches land in that store. */
    Bitswap bitswap() {
        return bitswap;
    }

    private static PeerInfo toPeerInfo(Connection c, IdentifyInfo info) {
        if (info == null) {
            return new PeerInfo(
                    c.remotePeer(),
                    List.of(c.remoteAddress().withoutPeer().toString()),
                    List.of(),
                    "");
        }
        return new PeerInfo(
                c.remotePeer(),
                info.listenAddrs().stream().map(Multiaddr::toString).toList(),
                info.protocols(),
                info.agentVersion());
    }

    private static int positive(int value, int fallback) {
        return value > 0 ? value : fallback;
    }

    /**
     * The DID messages go out from: the configured one, else the owner's (once there is one), else
     * the node's own did:key.
     */
    private Did sender(String configured) {
        if (!configured.isEmpty()) {
            return Did.of(configured);
        }
        NodeOwner o = nodeOwner;
        return o == null ? Did.of(identity.did()) : o.ownerDid().orElse(Did.of(identity.did()));
    }

    static boolean loopback(String address) {
        String a = address.strip();
        return a.startsWith("127.") || a.equals("localhost");
    }

    private static Duration seconds(int value, int fallback) {
        return Duration.ofSeconds(value > 0 ? value : fallback);
    }
}
