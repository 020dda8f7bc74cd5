// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.bitswap;

import io.elastos.p2p.internal.wire.ProtoReader;
import io.elastos.p2p.internal.wire.ProtoWriter;
import java.net.ProtocolException;
import java.util.ArrayList;
import java.util.List;

/**
 * A bitswap 1.2 message (the {@code Message} protobuf of the bitswap spec):
 *
 * <pre>
 * message Message {
 *   Wantlist wantlist = 1;                 // entries = 1, full = 2
 *   repeated bytes blocks = 2;             // bitswap 1.0 only; ignored
 *   repeated Block payload = 3;            // prefix = 1, data = 2
 *   repeated BlockPresence blockPresences = 4;  // cid = 1, type = 2 (Have 0, DontHave 1)
 *   int32 pendingBytes = 5;
 * }
 * Entry { bytes block = 1; int32 priority = 2; bool cancel = 3; WantType wantType = 4 (Block 0,
 *         Have 1); bool sendDontHave = 5; }
 * </pre>
 *
 * @param wants the wantlist entries
 * @param fullWantlist whether the wantlist replaces the previous one
 * @param blocks the blocks carried
 * @param presences the have / don't-have answers
 */
public record BitswapMessage(
        List<Want> wants, boolean fullWantlist, List<Block> blocks, List<Presence> presences) {

    /** Messages larger than this are refused; go-bitswap and Helia use the same 4 MiB. */
    public static final int MAX_SIZE = 4 << 20;

    /** A wantlist larger than this is not a real peer's. */
    public static final int MAX_ENTRIES = 8192;

    /**
     * One wantlist entry.
     *
     * @param cid the binary CID wanted
     * @param priority higher first
     * @param cancel whether this removes an earlier want
     * @param wantBlock {@code true} for want-block, {@code false} for want-have
     * @param sendDontHave whether to answer DontHave when the block is missing
     */
    public record Want(
            byte[] cid, int priority, boolean cancel, boolean wantBlock, boolean sendDontHave) {}

    /**
     * One block with its CID prefix.
     *
     * @param prefix the CID prefix bytes
     * @param data the block
     */
    public record Block(byte[] prefix, byte[] data) {}

    /**
     * One presence answer.
     *
     * @param cid the binary CID
     * @param have {@code true} for Have, {@code false} for DontHave
     */
    public record Presence(byte[] cid, boolean have) {}

    /** Copies the lists. */
    public BitswapMessage {
        wants = List.copyOf(wants);
        blocks = List.copyOf(blocks);
        presences = List.copyOf(presences);
    }

    /**
     * Encodes the message.
     *
     * @return the protobuf bytes
     */
    public byte[] encode() {
        ProtoWriter w = new ProtoWriter();
        if (!wants.isEmpty() || fullWantlist) {
            ProtoWriter list = new ProtoWriter();
            for (Want want : wants) {
                list.bytes(
                        1,
                        new ProtoWriter()
                                .bytes(1, want.cid())
                                .varint(2, want.priority())
                                .bool(3, want.cancel())
                                .varint(4, want.wantBlock() ? 0 : 1)
                                .bool(5, want.sendDontHave())
                                .toByteArray());
            }
            list.bool(2, fullWantlist);
            w.bytes(1, list.toByteArray());
        }
        for (Block b : blocks) {
            w.bytes(3, new ProtoWriter().bytes(1, b.prefix()).bytes(2, b.data()).toByteArray());
        }
        for (Presence p : presences) {
            w.bytes(
                    4,
                    new ProtoWriter().bytes(1, p.cid()).varint(2, p.have() ? 0 : 1).toByteArray());
        }
        return w.toByteArray();
    }

    /**
     * Decodes a message.
     *
     * @param bytes the protobuf bytes, at most {@link #MAX_SIZE}
     * @return the message
     * @throws ProtocolException if it is malformed or has too many entries
     */
    public static BitswapMessage decode(byte[] bytes) throws ProtocolException {
        List<Want> wants = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        List<Presence> presences = new ArrayList<>();
        boolean full = false;
        ProtoReader r = new ProtoReader(bytes);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> full = decodeWantlist(r.bytes(), wants);
                case 3 -> blocks.add(decodeBlock(r.bytes()));
                case 4 -> presences.add(decodePresence(r.bytes()));
                default -> {} // bitswap 1.0 blocks, pendingBytes
            }
            if (wants.size() + blocks.size() + presences.size() > MAX_ENTRIES) {
                throw new ProtocolException("bitswap message with too many entries");
            }
        }
        return new BitswapMessage(wants, full, blocks, presences);
    }

    private static boolean decodeWantlist(byte[] bytes, List<Want> into) throws ProtocolException {
        boolean full = false;
        ProtoReader r = new ProtoReader(bytes);
        while (r.next()) {
            if (r.field() == 1) {
                if (into.size() >= MAX_ENTRIES) {
                    throw new ProtocolException("bitswap wantlist too long");
                }
                into.add(decodeWant(r.bytes()));
            } else if (r.field() == 2) {
                full = r.varint() != 0;
            }
        }
        return full;
    }

    private static Want decodeWant(byte[] bytes) throws ProtocolException {
        byte[] cid = null;
        long priority = 0;
        boolean cancel = false;
        long type = 0;
        boolean sendDontHave = false;
        ProtoReader r = new ProtoReader(bytes);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> cid = r.bytes();
                case 2 -> priority = r.varint();
                case 3 -> cancel = r.varint() != 0;
                case 4 -> type = r.varint();
                case 5 -> sendDontHave = r.varint() != 0;
                default -> {}
            }
        }
        if (cid == null) {
            throw new ProtocolException("bitswap want without a CID");
        }
        return new Want(cid, (int) priority, cancel, type == 0, sendDontHave);
    }

    private static Block decodeBlock(byte[] bytes) throws ProtocolException {
        byte[] prefix = null;
        byte[] data = null;
        ProtoReader r = new ProtoReader(bytes);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> prefix = r.bytes();
                case 2 -> data = r.bytes();
                default -> {}
            }
        }
        if (prefix == null || data == null) {
            throw new ProtocolException("bitswap block without prefix or data");
        }
        return new Block(prefix, data);
    }

    private static Presence decodePresence(byte[] bytes) throws ProtocolException {
        byte[] cid = null;
        long type = 0;
        ProtoReader r = new ProtoReader(bytes);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> cid = r.bytes();
                case 2 -> type = r.varint();
                default -> {}
            }
        }
        if (cid == null) {
            throw new ProtocolException("bitswap presence without a CID");
        }
        return new Presence(cid, type == 0);
    }
}
