// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.msg;

import io.elastos.p2p.internal.wire.ProtoReader;
import io.elastos.p2p.internal.wire.ProtoWriter;
import java.net.ProtocolException;

/**
 * The frames of {@code /elastos/msg/1.0.0}, protobuf-encoded and varint-length-prefixed on the
 * stream: the listener's {@link Hello}, the dialer's {@link Envelope} (whose ciphertext holds an
 * {@link Inner}), the listener's {@link Receipt}.
 */
public final class MsgWire {

    /** The largest frame a peer may send: a full payload plus the envelope around it. */
    public static final int MAX_FRAME = io.elastos.api.p2p.P2pNode.MAX_MESSAGE_SIZE + 16 * 1024;

    private MsgWire() {}

    /**
     * The listener's first frame: its X25519 message key signed by its node key, or why it will not
     * take messages from this peer.
     */
    public record Hello(byte[] key, byte[] signature, String refusal, boolean retry) {
        byte[] encode() {
            ProtoWriter w = new ProtoWriter();
            if (refusal != null) {
                return w.string(3, refusal).bool(4, retry).toByteArray();
            }
            return w.bytes(1, key).bytes(2, signature).toByteArray();
        }

        static Hello decode(byte[] bytes) throws ProtocolException {
            ProtoReader r = new ProtoReader(bytes);
            byte[] key = null;
            byte[] sig = null;
            String refusal = null;
            boolean retry = false;
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> key = r.bytes();
                    case 2 -> sig = r.bytes();
                    case 3 -> refusal = r.string();
                    case 4 -> retry = r.varint() != 0;
                    default -> {}
                }
            }
            if (refusal == null && (key == null || key.length != 32 || sig == null)) {
                throw new ProtocolException("malformed hello");
            }
            return new Hello(key, sig, refusal, retry);
        }
    }

    /** The sealed, signed message. */
    public record Envelope(
            byte[] senderKey, byte[] ephemeral, byte[] nonce, byte[] ciphertext, byte[] signature) {
        byte[] encode() {
            return new ProtoWriter()
                    .varint(1, 1)
                    .bytes(2, senderKey)
                    .bytes(3, ephemeral)
                    .bytes(4, nonce)
                    .bytes(5, ciphertext)
                    .bytes(6, signature)
                    .toByteArray();
        }

        static Envelope decode(byte[] bytes) throws ProtocolException {
            ProtoReader r = new ProtoReader(bytes);
            long version = 0;
            byte[][] f = new byte[7][];
            while (r.next()) {
                int field = r.field();
                if (field == 1) {
                    version = r.varint();
                } else if (field >= 2 && field <= 6) {
                    f[field] = r.bytes();
                }
            }
            if (version != 1) {
                throw new ProtocolException("unknown envelope version " + version);
            }
            for (int i = 2; i <= 6; i++) {
                if (f[i] == null) {
                    throw new ProtocolException("envelope without field " + i);
                }
            }
            return new Envelope(f[2], f[3], f[4], f[5], f[6]);
        }
    }

    /** The plaintext inside an envelope. */
    public record Inner(String id, String from, String to, long sentAtMillis, byte[] payload) {
        byte[] encode() {
            return new ProtoWriter()
                    .string(1, id)
                    .string(2, from)
                    .string(3, to)
                    .varint(4, sentAtMillis)
                    .bytes(5, payload)
                    .toByteArray();
        }

        static Inner decode(byte[] bytes) throws ProtocolException {
            ProtoReader r = new ProtoReader(bytes);
            String id = null;
            String from = null;
            String to = null;
            long at = -1;
            byte[] payload = null;
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> id = r.string();
                    case 2 -> from = r.string();
                    case 3 -> to = r.string();
                    case 4 -> at = r.varint();
                    case 5 -> payload = r.bytes();
                    default -> {}
                }
            }
            if (id == null
                    || !id.matches("[0-9a-f]{32}")
                    || from == null
                    || to == null
                    || at < 0
                    || payload == null) {
                throw new ProtocolException("malformed message");
            }
            return new Inner(id, from, to, at, payload);
        }
    }

    /** The listener's answer: delivered or refused, signed by the listener's node key. */
    public record Receipt(int status, String reason, byte[] signature) {
        /** The message is stored and handed to the listeners (or was, the first time). */
        public static final int DELIVERED = 0;

        /** The recipient will not take it; do not retry. */
        public static final int REFUSED = 1;

        /** The recipient could not take it now; retry later. */
        public static final int RETRY = 2;

        byte[] encode() {
            return new ProtoWriter()
                    .varint(1, status)
                    .string(2, reason)
                    .bytes(3, signature)
                    .toByteArray();
        }

        static Receipt decode(byte[] bytes) throws ProtocolException {
            ProtoReader r = new ProtoReader(bytes);
            int status = -1;
            String reason = "";
            byte[] sig = null;
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> status = (int) r.varint();
                    case 2 -> reason = r.string();
                    case 3 -> sig = r.bytes();
                    default -> {}
                }
            }
            if (status < 0 || status > 2 || sig == null) {
                throw new ProtocolException("malformed receipt");
            }
            return new Receipt(status, reason, sig);
        }

        /** What the signature covers: the status, the reason and the envelope's hash. */
        static byte[] signingInput(int status, String reason, byte[] envelopeHash) {
            return MsgCrypto.concat(
                    MsgCrypto.RECEIPT_LABEL,
                    new byte[] {(byte) status},
                    envelopeHash,
                    reason.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
