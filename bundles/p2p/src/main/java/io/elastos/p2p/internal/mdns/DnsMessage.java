// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.mdns;

import java.io.ByteArrayOutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The slice of DNS (RFC 1035) that libp2p mDNS needs: questions, and PTR and TXT records, with name
 * compression on reading. Other record types are read and kept as raw data.
 *
 * @param response whether it is a response (QR bit)
 * @param questions the questions: names with their type
 * @param records the answer, authority and additional records together
 */
public record DnsMessage(boolean response, List<Question> questions, List<Record> records) {

    /** PTR. */
    public static final int PTR = 12;

    /** TXT. */
    public static final int TXT = 16;

    private static final int CLASS_IN = 1;
    private static final int MAX_POINTERS = 32;

    /** A question. */
    public record Question(String name, int type) {}

    /**
     * A record: for PTR the target name is in {@code text}; for TXT the strings are in {@code
     * strings}.
     */
    public record Record(String name, int type, long ttl, String text, List<String> strings) {}

    /**
     * Encodes the message, without name compression.
     *
     * @return the datagram
     */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        short16(out, 0); // id: 0 in mDNS
        short16(out, response ? 0x8400 : 0); // QR + AA for responses
        short16(out, questions.size());
        short16(out, response ? records.size() : 0);
        short16(out, 0);
        short16(out, 0);
        for (Question q : questions) {
            name(out, q.name());
            short16(out, q.type());
            short16(out, CLASS_IN);
        }
        if (response) {
            for (Record r : records) {
                name(out, r.name());
                short16(out, r.type());
                short16(out, CLASS_IN);
                short16(out, (int) (r.ttl() >>> 16));
                short16(out, (int) r.ttl());
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                if (r.type() == PTR) {
                    name(data, r.text());
                } else {
                    for (String s : r.strings()) {
                        byte[] b = s.getBytes(StandardCharsets.UTF_8);
                        data.write(Math.min(255, b.length));
                        data.write(b, 0, Math.min(255, b.length));
                    }
                }
                short16(out, data.size());
                out.writeBytes(data.toByteArray());
            }
        }
        return out.toByteArray();
    }

    /**
     * Decodes a datagram.
     *
     * @param packet the bytes
     * @param length how many of them
     * @return the message
     * @throws ProtocolException if it is not a well-formed DNS message
     */
    public static DnsMessage decode(byte[] packet, int length) throws ProtocolException {
        Reader r = new Reader(packet, length);
        r.u16();
        boolean response = (r.u16() & 0x8000) != 0;
        int qd = r.u16();
        int records = r.u16() + r.u16() + r.u16();
        List<Question> questions = new ArrayList<>();
        for (int i = 0; i < qd; i++) {
            String name = r.name();
            int type = r.u16();
            r.u16();
            questions.add(new Question(name, type));
        }
        List<Record> out = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            String name = r.name();
            int type = r.u16();
            r.u16();
            long ttl = ((long) r.u16() << 16) | r.u16();
            int len = r.u16();
            int end = r.pos + len;
            if (end > length) {
                throw new ProtocolException("DNS record overruns the packet");
            }
            String text = null;
            List<String> strings = new ArrayList<>();
            if (type == PTR) {
                text = r.name();
            } else if (type == TXT) {
                while (r.pos < end) {
                    int n = r.u8();
                    if (r.pos + n > end) {
                        throw new ProtocolException("TXT string overruns its record");
                    }
                    strings.add(new String(packet, r.pos, n, StandardCharsets.UTF_8));
                    r.pos += n;
                }
            }
            r.pos = end;
            out.add(new Record(name, type, ttl, text, strings));
        }
        return new DnsMessage(response, questions, out);
    }

    private static void short16(ByteArrayOutputStream out, int v) {
        out.write((v >>> 8) & 0xFF);
        out.write(v & 0xFF);
    }

    private static void name(ByteArrayOutputStream out, String name) {
        for (String label : name.split("\\.")) {
            if (label.isEmpty()) {
                continue;
            }
            byte[] b = label.getBytes(StandardCharsets.UTF_8);
            out.write(Math.min(63, b.length));
            out.write(b, 0, Math.min(63, b.length));
        }
        out.write(0);
    }

    private static final class Reader {
        final byte[] b;
        final int length;
        int pos;

        Reader(byte[] b, int length) {
            this.b = b;
            this.length = length;
        }

        int u8() throws ProtocolException {
            if (pos >= length) {
                throw new ProtocolException("DNS message ends early");
            }
            return b[pos++] & 0xFF;
        }

        int u16() throws ProtocolException {
            return (u8() << 8) | u8();
        }

        String name() throws ProtocolException {
            StringBuilder sb = new StringBuilder();
            int p = pos;
            int jumps = 0;
            boolean jumped = false;
            while (true) {
                if (p >= length) {
                    throw new ProtocolException("DNS name ends early");
                }
                int n = b[p] & 0xFF;
                if ((n & 0xC0) == 0xC0) {
                    if (p + 1 >= length || ++jumps > MAX_POINTERS) {
                        throw new ProtocolException("bad DNS name pointer");
                    }
                    int target = ((n & 0x3F) << 8) | (b[p + 1] & 0xFF);
                    if (!jumped) {
                        pos = p + 2;
                        jumped = true;
                    }
                    p = target;
                    continue;
                }
                if (n > 63) {
                    throw new ProtocolException("bad DNS label length");
                }
                p++;
                if (n == 0) {
                    break;
                }
                if (p + n > length || sb.length() > 255) {
                    throw new ProtocolException("DNS label overruns the packet");
                }
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(new String(b, p, n, StandardCharsets.UTF_8));
                p += n;
            }
            if (!jumped) {
                pos = p;
            }
            return sb.toString();
        }
    }
}
