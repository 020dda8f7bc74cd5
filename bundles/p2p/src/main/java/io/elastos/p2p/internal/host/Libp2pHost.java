// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.host;

import io.elastos.api.identity.NodeIdentity;
import io.elastos.api.p2p.PeerId;
import io.elastos.p2p.internal.multistream.Multistream;
import io.elastos.p2p.internal.noise.NoiseHandshake;
import io.elastos.p2p.internal.noise.SecureChannel;
import io.elastos.p2p.internal.peer.Multiaddr;
import io.elastos.p2p.internal.peer.PeerIds;
import io.elastos.p2p.internal.protocol.Identify;
import io.elastos.p2p.internal.protocol.Ping;
import io.elastos.p2p.internal.yamux.YamuxSession;
import io.elastos.p2p.internal.yamux.YamuxStream;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A libp2p host over TCP: listens, dials, upgrades every connection (multistream-select {@code
 * /noise}, Noise XX, multistream-select {@code /yamux/1.0.0}, Yamux), serves registered protocols
 * on inbound streams, and runs identify both ways after each connection. Ping and identify are
 * always served.
 *
 * <p>Every connection and stream runs on virtual threads. Input that breaks a protocol at any layer
 * closes that connection only. Limits: {@link HostConfig#maxConnections()}, a handshake deadline,
 * an idle timeout and Yamux's inbound stream limit per connection.
 */
public final class Libp2pHost implements Closeable {

    private static final System.Logger LOG = System.getLogger(Libp2pHost.class.getName());

    private final NodeIdentity identity;
    private final PeerId peerId;
    private final HostConfig config;
    private final Upgrader upgrader;
    private final Identify identify;
    private final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final List<ServerSocket> servers = new CopyOnWriteArrayList<>();
    private final List<Consumer<Connection>> connectionListeners = new CopyOnWriteArrayList<>();
    private final ExecutorService executor;
    private final ScheduledExecutorService timer;
    private final Object admission = new Object();
    private int pendingConnections;
    private volatile boolean closed;

    /**
     * Creates a host; it does nothing until {@link #listen} or {@link #dial}.
     *
     * @param identity the node's Ed25519 identity, which becomes the peer id
     * @param config the limits
     */
    public Libp2pHost(NodeIdentity identity, HostConfig config) {
        this.identity = identity;
        this.config = config;
        this.peerId = PeerIds.fromEd25519(identity.publicKey());
        this.identify =
                new Identify(
                        identity.publicKey(),
                        config.agentVersion(),
                        this::listenAddresses,
                        this::protocols);
        this.executor =
                Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("p2p-", 0).factory());
        this.timer =
                Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().name("p2p-timer").daemon().factory());
        this.upgrader =
                new Upgrader(
                        new NoiseHandshake(identity, NoiseHandshake.newStaticKey()),
                        config.handshakeTimeout(),
                        timer);
        long sweep = Math.max(50, config.idleTimeout().toMillis() / 4);
        timer.scheduleWithFixedDelay(this::closeIdle, sweep, sweep, TimeUnit.MILLISECONDS);
        handle(Ping.PROTOCOL, new Ping());
        handle(Identify.PROTOCOL, identify);
    }

    /**
     * Returns this host's peer id.
     *
     * @return the peer id of the node key
     */
    public PeerId peerId() {
        return peerId;
    }

    /**
     * Returns the identity the host authenticates with.
     *
     * @return the node identity
     */
    public NodeIdentity identity() {
        return identity;
    }

    /**
     * Serves a protocol on inbound streams, replacing any earlier handler for it.
     *
     * @param protocol the protocol id
     * @param handler the handler
     */
    public void handle(String protocol, StreamHandler handler) {
        handlers.put(protocol, handler);
    }

    /**
     * Stops serving a protocol.
     *
     * @param protocol the protocol id
     */
    public void unhandle(String protocol) {
        handlers.remove(protocol);
    }

    /**
     * Returns the protocols served.
     *
     * @return a snapshot of the protocol ids
     */
    public List<String> protocols() {
        return List.copyOf(handlers.keySet());
    }

    /**
     * Runs an action for every new connection, after identify has been started.
     *
     * @param listener the action, called on the connection's thread
     */
    public void onConnection(Consumer<Connection> listener) {
        connectionListeners.add(listener);
    }

    /**
     * Starts listening.
     *
     * @param address an IPv4 address and port; port 0 picks a free one
     * @return the bound address, with this host's peer id
     * @throws IOException if the port cannot be bound
     */
    public Multiaddr listen(InetSocketAddress address) throws IOException {
        ensureOpen();
        ServerSocket server = new ServerSocket();
        try {
            server.bind(address, 128);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        servers.add(server);
        executor.execute(() -> acceptLoop(server));
        return Multiaddr.of((InetSocketAddress) server.getLocalSocketAddress(), peerId);
    }

    /**
     * Returns the addresses the host listens on; a wildcard bind lists each IPv4 interface.
     *
     * @return the addresses, without peer id
     */
    public List<Multiaddr> listenAddresses() {
        List<Multiaddr> out = new ArrayList<>();
        for (ServerSocket s : servers) {
            if (s.isClosed()) {
                continue;
            }
            InetAddress bound = s.getInetAddress();
            if (!bound.isAnyLocalAddress()) {
                out.add(Multiaddr.of((InetSocketAddress) s.getLocalSocketAddress(), null));
                continue;
            }
            for (InetAddress a : interfaceAddresses()) {
                out.add(Multiaddr.of(new InetSocketAddress(a, s.getLocalPort()), null));
            }
        }
        return out;
    }

    /**
     * Dials a peer, or returns an open connection to it when the address names the peer.
     *
     * @param address where to dial; a {@code /p2p/} part must be proven by the handshake
     * @return the upgraded connection; identify runs in the background
     * @throws IOException if the connection, the handshake or the upgrade fails, or the host is at
     *     its connection limit
     */
    public Connection dial(Multiaddr address) throws IOException {
        ensureOpen();
        if (address.peer() != null) {
            Optional<Connection> existing = connection(address.peer());
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        admit();
        Socket socket = new Socket();
        try {
            socket.connect(address.socketAddress(), (int) config.handshakeTimeout().toMillis());
            return upgrade(socket, true, address.peer());
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        } finally {
            release();
        }
    }

    /**
     * Finds an open connection to a peer.
     *
     * @param peer the peer id
     * @return a connection, or empty
     */
    public Optional<Connection> connection(PeerId peer) {
        return connections.stream()
                .filter(c -> c.remotePeer().equals(peer) && !c.isClosed())
                .findFirst();
    }

    /**
     * Lists the open connections.
     *
     * @return a snapshot
     */
    public List<Connection> connections() {
        return connections.stream().filter(c -> !c.isClosed()).toList();
    }

    /**
     * Returns the identify protocol, to ask a connected peer for its record again.
     *
     * @return the identify protocol
     */
    public Identify identify() {
        return identify;
    }

    /** Stops listening, closes every connection and stops all threads. */
    @Override
    public void close() {
        closed = true;
        for (ServerSocket s : servers) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
        for (Connection c : connections) {
            c.close();
        }
        timer.shutdownNow();
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ connections

    private void acceptLoop(ServerSocket server) {
        while (!closed && !server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed && !server.isClosed()) {
                    LOG.log(Level.WARNING, "accept failed on " + server, e);
                }
                return;
            }
            executor.execute(() -> acceptOne(socket));
        }
    }

    private void acceptOne(Socket socket) {
        try {
            admit();
        } catch (IOException e) {
            Upgrader.closeQuietly(socket);
            return;
        }
        try {
            upgrade(socket, false, null);
        } catch (IOException | RuntimeException e) {
            // Hostile or broken peers end here: this connection only.
            LOG.log(Level.DEBUG, "inbound upgrade from " + socket.getRemoteSocketAddress(), e);
            Upgrader.closeQuietly(socket);
        } finally {
            release();
        }
    }

    private Connection upgrade(Socket socket, boolean outbound, PeerId expected)
            throws IOException {
        return register(socket, upgrader.upgrade(socket, outbound, expected), outbound);
    }

    private Connection register(Socket socket, SecureChannel channel, boolean outbound) {
        ConnectionHolder holder = new ConnectionHolder();
        YamuxSession session =
                new YamuxSession(
                        channel.input(),
                        channel.output(),
                        socket,
                        outbound,
                        config.yamux(),
                        executor,
                        stream -> serve(holder.connection, stream));
        Connection connection =
                new Connection(
                        session,
                        channel.remotePeer(),
                        Multiaddr.of(
                                (InetSocketAddress) socket.getRemoteSocketAddress(),
                                channel.remotePeer()),
                        Multiaddr.of((InetSocketAddress) socket.getLocalSocketAddress(), null),
                        outbound,
                        config.negotiationTimeout());
        holder.connection = connection;
        connections.add(connection);
        session.onClose(() -> connections.remove(connection));
        session.start();
        if (closed) {
            connection.close();
            return connection;
        }
        executor.execute(() -> identifyPeer(connection));
        return connection;
    }

    private void identifyPeer(Connection connection) {
        try {
            connection.identified().complete(identify.request(connection));
        } catch (IOException | RuntimeException e) {
            connection.identified().completeExceptionally(e);
        }
        for (Consumer<Connection> listener : connectionListeners) {
            try {
                listener.accept(connection);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "connection listener failed", e);
            }
        }
    }

    /** Negotiates the protocol of an inbound stream and hands it to its handler. */
    private void serve(Connection connection, YamuxStream stream) {
        try {
            stream.readTimeout(config.negotiationTimeout());
            String protocol =
                    Multistream.accept(stream.input(), stream.output(), handlers.keySet());
            stream.readTimeout(Duration.ZERO);
            stream.protocol(protocol);
            StreamHandler handler = handlers.get(protocol);
            if (handler == null) {
                stream.reset(); // unregistered between negotiation and now
                return;
            }
            handler.handle(connection, stream);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "stream " + stream + " on " + connection + " failed", e);
            stream.reset();
        }
    }

    private void closeIdle() {
        long now = System.nanoTime();
        long idle = config.idleTimeout().toNanos();
        for (Connection c : connections) {
            YamuxSession s = c.session();
            if (s.streamCount() == 0 && now - s.lastActivityNanos() > idle) {
                executor.execute(c::close);
            }
        }
    }

    private void admit() throws IOException {
        synchronized (admission) {
            if (connections.size() + pendingConnections >= config.maxConnections()) {
                throw new IOException(
                        "connection limit of " + config.maxConnections() + " reached");
            }
            pendingConnections++;
        }
    }

    private void release() {
        synchronized (admission) {
            pendingConnections--;
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("host is closed");
        }
    }

    private static List<InetAddress> interfaceAddresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : NetworkInterface.networkInterfaces().toList()) {
                if (!ni.isUp()) {
                    continue;
                }
                ni.inetAddresses().filter(a -> a.getAddress().length == 4).forEach(out::add);
            }
        } catch (SocketException e) {
            LOG.log(Level.WARNING, "cannot list network interfaces", e);
        }
        return out;
    }

    /** Lets the stream acceptor refer to the connection built around its session. */
    private static final class ConnectionHolder {
        private volatile Connection connection;
    }
}
