// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal;

import io.elastos.api.identity.Did;
import io.elastos.api.identity.NodeIdentity;
import io.elastos.api.p2p.P2pException;
import io.elastos.api.p2p.P2pNode;
import io.elastos.api.p2p.PeerId;
import io.elastos.api.p2p.PeerInfo;
import io.elastos.api.storage.BlockStore;
import io.elastos.p2p.internal.bitswap.Bitswap;
import io.elastos.p2p.internal.host.Connection;
import io.elastos.p2p.internal.host.HostConfig;
import io.elastos.p2p.internal.host.Libp2pHost;
import io.elastos.p2p.internal.peer.Multiaddr;
import io.elastos.p2p.internal.protocol.IdentifyInfo;
import io.elastos.p2p.internal.yamux.YamuxSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The node's libp2p endpoint: a {@link Libp2pHost} under the node identity, serving ping, identify
 * and (when a {@link BlockStore} service exists) bitswap.
 *
 * <p>By default it listens on all IPv4 interfaces on TCP port 4001, the port IPFS peers expect; set
 * {@code listen_port} to another port when a Kubo daemon on the same machine already uses it, or
 * {@code listen_address} to {@code 127.0.0.1} to keep the node off the network.
 */
@Component(service = P2pNode.class, immediate = true, configurationPid = "io.elastos.p2p")
@Designate(ocd = P2pService.Config.class)
public class P2pService implements P2pNode {

    /** The P2P settings (Configuration Admin PID {@code io.elastos.p2p}). */
    @ObjectClassDefinition(
            name = "ElastOS P2P",
            description = "The node's libp2p host: TCP, Noise, Yamux, identify, ping, bitswap.")
    public @interface Config {
        @AttributeDefinition(description = "IPv4 address to listen on; 0.0.0.0 for all.")
        String listen_address() default "0.0.0.0";

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
    }

    @Reference NodeIdentity identity;

    /** Optional: without a block store the node does not speak bitswap. */
    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY)
    BlockStore blockStore;

    private Libp2pHost host;
    private Bitswap bitswap;
    private ExecutorService bitswapExecutor;
    private Duration identifyTimeout;

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
        host = new Libp2pHost(identity, hostConfig);
        if (blockStore != null) {
            bitswapExecutor =
                    Executors.newThreadPerTaskExecutor(
                            Thread.ofVirtual().name("p2p-bitswap-", 0).factory());
            bitswap = new Bitswap(blockStore, bitswapExecutor);
            host.handle(Bitswap.PROTOCOL, bitswap);
        }
        int port =
                config.listen_port() >= 0 && config.listen_port() <= 0xFFFF
                        ? config.listen_port()
                        : 4001;
        try {
            host.listen(
                    new InetSocketAddress(
                            Multiaddr.parse("/ip4/" + config.listen_address() + "/tcp/" + port)
                                    .socketAddress()
                                    .getAddress(),
                            port));
        } catch (IOException | IllegalArgumentException e) {
            deactivate();
            throw new IOException(
                    "cannot listen on "
                            + config.listen_address()
                            + ":"
                            + port
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    @Deactivate
    void deactivate() {
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

    /** Not yet: the {@code /elastos/msg/1.0.0} protocol and DID-to-peer lookup are not built. */
    @Override
    public void sendMessage(Did toDid, byte[] payload) throws P2pException {
        if (payload.length > MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("message larger than " + MAX_MESSAGE_SIZE);
        }
        throw new P2pException("/elastos/msg/1.0.0 is not implemented yet");
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

    /** The host, for other parts of this bundle and for tests. */
    Libp2pHost host() {
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

    private static Duration seconds(int value, int fallback) {
        return Duration.ofSeconds(value > 0 ? value : fallback);
    }
}
