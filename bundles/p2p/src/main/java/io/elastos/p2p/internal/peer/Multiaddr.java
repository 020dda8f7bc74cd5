// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.peer;

import io.elastos.api.p2p.PeerId;
import io.elastos.p2p.internal.wire.ByteReader;
import io.elastos.p2p.internal.wire.Varint;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * The one multiaddr shape the node speaks: {@code /ip4/<a.b.c.d>/tcp/<port>[/p2p/<peer id>]}, in
 * text and binary form. Everything else (DNS, IPv6, QUIC, circuit relay) is refused with a message
 * naming the part that is not supported, rather than half understood.
 *
 * @param ip4 the four address bytes
 * @param port the TCP port, 0 to 65535
 * @param peer the peer id, or {@code null} when the address does not name one
 */
public record Multiaddr(byte[] ip4, int port, PeerId peer) {

    private static final int CODE_IP4 = 4;
    private static final int CODE_TCP = 6;
    private static final int CODE_P2P = 421;

    /** The binary form of the supported shape is at most 1 + 4 + 1 + 2 + 2 + 1 + 44 bytes. */
    public static final int MAX_BINARY = 64;

    /**
     * Validates and copies the address.
     *
     * @throws IllegalArgumentException if the address is not 4 bytes or the port is out of range
     */
    public Multiaddr {
        Objects.requireNonNull(ip4, "ip4");
        if (ip4.length != 4) {
            throw new IllegalArgumentException("an IPv4 address has 4 bytes");
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("TCP port out of range: " + port);
        }
        ip4 = ip4.clone();
    }

    /**
     * Makes the multiaddr of a socket address.
     *
     * @param address an IPv4 socket address
     * @param peer the peer id, or {@code null}
     * @return the multiaddr
     * @throws IllegalArgumentException if the address is not IPv4
     */
    public static Multiaddr of(InetSocketAddress address, PeerId peer) {
        byte[] raw = address.getAddress().getAddress();
        if (raw.length != 4) {
            throw new IllegalArgumentException("only IPv4 multiaddrs are supported: " + address);
        }
        return new Multiaddr(raw, address.getPort(), peer);
    }

    /**
     * Parses the text form.
     *
     * @param text such as {@code /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...}
     * @return the multiaddr
     * @throws IllegalArgumentException if the text is malformed or not the supported shape
     */
    public static Multiaddr parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length < 5 || !parts[0].isEmpty()) {
            throw new IllegalArgumentException(
                    "expected /ip4/<address>/tcp/<port>[/p2p/<peer id>], got: " + text);
        }
        if (!parts[1].equals("ip4")) {
            throw unsupported(parts[1], text);
        }
        byte[] ip = parseIp4(parts[2], text);
        if (!parts[3].equals("tcp")) {
            throw unsupported(parts[3], text);
        }
        int port = parsePort(parts[4], text);
        if (parts.length == 5) {
            return new Multiaddr(ip, port, null);
        }
        // "/ipfs/" is the older name of the same component.
        if (parts.length == 7 && (parts[5].equals("p2p") || parts[5].equals("ipfs"))) {
            return new Multiaddr(ip, port, PeerIds.parse(parts[6]));
        }
        throw unsupported(parts[5], text);
    }

    /**
     * Parses the binary form, as sent in identify messages.
     *
     * @param bytes the binary multiaddr
     * @return the multiaddr
     * @throws ProtocolException if the bytes are malformed or not the supported shape
     */
    public static Multiaddr fromBytes(byte[] bytes) throws ProtocolException {
        if (bytes.length > MAX_BINARY) {
            throw new ProtocolException("multiaddr longer than " + MAX_BINARY + " bytes");
        }
        ByteReader r = new ByteReader(bytes);
        expectCode(r, CODE_IP4);
        byte[] ip = r.readBytes(4);
        expectCode(r, CODE_TCP);
        int port = (r.readByte() << 8) | r.readByte();
        PeerId peer = null;
        if (r.hasRemaining()) {
            expectCode(r, CODE_P2P);
            peer = PeerIds.fromMultihash(r.readBytes(r.readLength(r.remaining())));
        }
        if (r.hasRemaining()) {
            throw new ProtocolException("unsupported multiaddr: trailing components");
        }
        return new Multiaddr(ip, port, peer);
    }

    /**
     * Encodes the binary form.
     *
     * @return the binary multiaddr
     */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Varint.encode(CODE_IP4));
        out.writeBytes(ip4);
        out.writeBytes(Varint.encode(CODE_TCP));
        out.write(port >>> 8);
        out.write(port & 0xFF);
        if (peer != null) {
            byte[] multihash = PeerIds.toMultihash(peer);
            out.writeBytes(Varint.encode(CODE_P2P));
            out.writeBytes(Varint.encode(multihash.length));
            out.writeBytes(multihash);
        }
        return out.toByteArray();
    }

    /**
     * Returns the same address with a peer id.
     *
     * @param id the peer id
     * @return a new multiaddr ending in {@code /p2p/<id>}
     */
    public Multiaddr withPeer(PeerId id) {
        return new Multiaddr(ip4, port, id);
    }

    /**
     * Returns the same address without a peer id.
     *
     * @return a multiaddr with only the IP and TCP parts
     */
    public Multiaddr withoutPeer() {
        return new Multiaddr(ip4, port, null);
    }

    /**
     * Returns the socket address to connect to.
     *
     * @return the IPv4 address and port
     */
    public InetSocketAddress socketAddress() {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip4), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an address", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multiaddr m
                && java.util.Arrays.equals(ip4, m.ip4)
                && port == m.port
                && Objects.equals(peer, m.peer);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(ip4) * 31 + port * 17 + Objects.hashCode(peer);
    }

    /**
     * Returns the text form.
     *
     * @return such as {@code /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW...}
     */
    @Override
    public String toString() {
        String base =
                "/ip4/"
                        + (ip4[0] & 0xFF)
                        + "."
                        + (ip4[1] & 0xFF)
                        + "."
                        + (ip4[2] & 0xFF)
                        + "."
                        + (ip4[3] & 0xFF)
                        + "/tcp/"
                        + port;
        return peer == null ? base : base + "/p2p/" + peer;
    }

    private static void expectCode(ByteReader r, int code) throws ProtocolException {
        long actual = r.readVarint();
        if (actual != code) {
            throw new ProtocolException(
                    "unsupported multiaddr protocol code "
                            + actual
                            + " where "
                            + code
                            + " expected");
        }
    }

    /** Dotted quad only: no host names (which would mean a DNS lookup) and no leading zeros. */
    private static byte[] parseIp4(String s, String text) {
        String[] octets = s.split("\\.", -1);
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + s + "' in " + text);
        }
        byte[] ip = new byte[4];
        for (int i = 0; i < 4; i++) {
            String o = octets[i];
            if (o.isEmpty()
                    || o.length() > 3
                    || !o.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (o.length() > 1 && o.charAt(0) == '0')
                    || Integer.parseInt(o) > 255) {
                throw new IllegalArgumentException("not an IPv4 address: '" + s + "' in " + text);
            }
            ip[i] = (byte) Integer.parseInt(o);
        }
        return ip;
    }

    private static int parsePort(String s, String text) {
        if (s.isEmpty()
                || s.length() > 5
                || !s.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(s) > 0xFFFF) {
            throw new IllegalArgumentException("not a TCP port: '" + s + "' in " + text);
        }
        return Integer.parseInt(s);
    }

    private static IllegalArgumentException unsupported(String component, String text) {
        return new IllegalArgumentException(
                "unsupported multiaddr component '"
                        + component
                        + "' in "
                        + text
                        + "; only /ip4/<address>/tcp/<port>[/p2p/<peer id>] is supported");
    }
}
