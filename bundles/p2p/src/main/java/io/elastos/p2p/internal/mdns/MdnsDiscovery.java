// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.mdns;

import io.elastos.api.p2p.PeerId;
import io.elastos.p2p.internal.peer.Multiaddr;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * libp2p mDNS discovery on the LAN (the libp2p mDNS spec, as js-libp2p and go-libp2p speak it):
 * every {@code interval} the node asks {@code 224.0.0.251:5353} for PTR {@code _p2p._udp.local}; it
 * answers such questions with a PTR to a random peer name and one TXT record {@code
 * dnsaddr=<multiaddr>/p2p/<peer id>} per listen address; answers of other peers are handed to
 * {@code discovered}.
 */
public final class MdnsDiscovery implements AutoCloseable {

    /** The service name of libp2p peers. */
    public static final String SERVICE = "_p2p._udp.local";

    private static final System.Logger LOG = System.getLogger(MdnsDiscovery.class.getName());
    private static final int PORT = 5353;
    private static final long TTL = 120;

    private final PeerId self;
    private final Supplier<List<Multiaddr>> addresses;
    private final Consumer<Multiaddr> discovered;
    private final Duration interval;
    private final String peerName;
    private final InetSocketAddress group;
    private MulticastSocket socket;
    private Thread reader;
    private Thread querier;
    private volatile boolean closed;

    /**
     * Creates the discovery; {@link #start()} opens the socket.
     *
     * @param self this node's peer id
     * @param addresses the addresses to announce, without peer id
     * @param discovered called with each address (with peer id) another peer announces
     * @param interval how often to ask
     */
    public MdnsDiscovery(
            PeerId self,
            Supplier<List<Multiaddr>> addresses,
            Consumer<Multiaddr> discovered,
            Duration interval) {
        this.self = self;
        this.addresses = addresses;
        this.discovered = discovered;
        this.interval = interval;
        this.peerName = randomName();
        try {
            this.group = new InetSocketAddress(InetAddress.getByName("224.0.0.251"), PORT);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Joins the mDNS group on every multicast-capable IPv4 interface and starts asking.
     *
     * @throws IOException if the socket cannot be opened
     */
    public void start() throws IOException {
        socket = new MulticastSocket(null);
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(PORT));
        socket.setTimeToLive(255);
        socket.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
        int joined = 0;
        for (NetworkInterface ni : NetworkInterface.networkInterfaces().toList()) {
            try {
                if (ni.isUp()
                        && ni.supportsMulticast()
                        && ni.inetAddresses().anyMatch(a -> a instanceof Inet4Address)) {
                    socket.joinGroup(group, ni);
                    joined++;
                }
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "mDNS cannot join on " + ni.getName(), e);
            }
        }
        if (joined == 0) {
            socket.close();
            throw new SocketException("no multicast-capable IPv4 interface");
        }
        reader = Thread.ofVirtual().name("p2p-mdns").start(this::readLoop);
        querier = Thread.ofVirtual().name("p2p-mdns-query").start(this::queryLoop);
    }

    @Override
    public void close() {
        closed = true;
        if (socket != null) {
            socket.close();
        }
        if (querier != null) {
            querier.interrupt();
        }
    }

    private void queryLoop() {
        DnsMessage query =
                new DnsMessage(
                        false,
                        List.of(new DnsMessage.Question(SERVICE, DnsMessage.PTR)),
                        List.of());
        byte[] bytes = query.encode();
        while (!closed) {
            try {
                socket.send(new DatagramPacket(bytes, bytes.length, group));
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.DEBUG, "mDNS query failed", e);
                    try {
                        Thread.sleep(interval.toMillis());
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    private void readLoop() {
        byte[] buf = new byte[9000];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                handle(DnsMessage.decode(p.getData(), p.getLength()));
            } catch (ProtocolException | RuntimeException e) {
                LOG.log(Level.DEBUG, "mDNS: ignored a malformed packet", e);
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.DEBUG, "mDNS receive failed", e);
                }
                return;
            }
        }
    }

    private void handle(DnsMessage m) throws IOException {
        if (!m.response()) {
            if (m.questions().stream().anyMatch(q -> q.name().equalsIgnoreCase(SERVICE))) {
                answer();
            }
            return;
        }
        boolean forUs =
                m.records().stream()
                        .anyMatch(r ->
                                r.type() == DnsMessage.PTR
                                        && r.name().equalsIgnoreCase(SERVICE)
                                        && !r.text().startsWith(peerName));
        if (!forUs) {
            return;
        }
        for (DnsMessage.Record r : m.records()) {
            if (r.type() != DnsMessage.TXT) {
                continue;
            }
            for (String s : r.strings()) {
                if (!s.startsWith("dnsaddr=")) {
                    continue;
                }
                try {
                    Multiaddr a = Multiaddr.parse(s.substring("dnsaddr=".length()));
                    if (a.peer() != null && !a.peer().equals(self)) {
                        discovered.accept(a);
                    }
                } catch (IllegalArgumentException e) {
                    // Not an address this node can dial (IPv6, DNS, QUIC ...).
                }
            }
        }
    }

    private void answer() throws IOException {
        List<DnsMessage.Record> records = new ArrayList<>();
        records.add(
                new DnsMessage.Record(
                        SERVICE, DnsMessage.PTR, TTL, peerName + "." + SERVICE, List.of()));
        for (Multiaddr a : addresses.get()) {
            String data = "dnsaddr=" + a.withPeer(self);
            if (data.length() <= 255) {
                records.add(
                        new DnsMessage.Record(
                                peerName + "." + SERVICE,
                                DnsMessage.TXT,
                                TTL,
                                null,
                                List.of(data)));
            }
        }
        byte[] bytes = new DnsMessage(true, List.of(), records).encode();
        socket.send(new DatagramPacket(bytes, bytes.length, group));
    }

    private static String randomName() {
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 32; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
