// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.ipfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Varints, base32, CIDs, dag-pb and UnixFS encodings against the specifications' rules. */
class CodecTest {

    private static final String EMPTY_RAW =
            "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

    @Test
    void varints() throws IOException {
        assertArrayEquals(new byte[] {0}, Varint.encode(0));
        assertArrayEquals(new byte[] {(byte) 0xac, 0x02}, Varint.encode(300));
        assertEquals(300, Varint.readOrEnd(new ByteArrayInputStream(new byte[] {(byte) 0xac, 2})));
        assertEquals(-1, Varint.readOrEnd(new ByteArrayInputStream(new byte[0])));
        assertThrows(
                EOFException.class,
                () -> Varint.readOrEnd(new ByteArrayInputStream(new byte[] {(byte) 0x80})));
        assertThrows(
                Varint.MalformedException.class,
                () -> Varint.readOrEnd(new ByteArrayInputStream(new byte[] {(byte) 0x81, 0})));
        assertEquals(9, Varint.size(Long.MAX_VALUE));
    }

    @Test
    void base32MatchesRfc4648Vectors() {
        String[][] vectors = {
            {"", ""},
            {"f", "my"},
            {"fo", "mzxq"},
            {"foo", "mzxw6"},
            {"foob", "mzxw6yq"},
            {"fooba", "mzxw6ytb"},
            {"foobar", "mzxw6ytboi"}
        };
        for (String[] v : vectors) {
            assertEquals(v[1], Base32.encode(v[0].getBytes(StandardCharsets.US_ASCII)));
            assertEquals(v[0], new String(Base32.decode(v[1]), StandardCharsets.US_ASCII));
        }
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("MY"));
        assertThrows(IllegalArgumentException.class, () -> Base32.decode("mz")); // stray bits
    }

    @Test
    void cidRoundTripsAndExposesTheDigest() {
        ContentId cid = ContentId.parse(EMPTY_RAW);
        assertEquals(ContentId.RAW, cid.codec());
        assertEquals(
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                cid.digestHex());
        assertEquals(EMPTY_RAW, cid.toString());
        assertEquals(cid, ContentId.fromBytes(cid.bytes()));
        assertEquals(cid, ContentId.forBlock(ContentId.RAW, new byte[0]));
        assertEquals(EMPTY_RAW, cid.toApi().value());
    }

    @Test
    void unsupportedCidsAreRefused() {
        for (String bad :
                List.of(
                        "",
                        EMPTY_RAW.toUpperCase(), // multibase 'B'
                        "zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA", // base58btc
                        "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH", // CIDv0
                        "bafkrmidogqfzz75tpkmjzjke425xqcrmpcib2p5tg44hnbirumdbpl5adu", // not
                        // sha-256
                        "bafyreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", // dag-cbor
                        EMPTY_RAW.substring(0, 40))) {
            assertThrows(IllegalArgumentException.class, () -> ContentId.parse(bad), bad);
        }
        byte[] v2 = ContentId.parse(EMPTY_RAW).bytes();
        v2[0] = 2;
        assertThrows(IllegalArgumentException.class, () -> ContentId.fromBytes(v2));
        byte[] trailing = java.util.Arrays.copyOf(ContentId.parse(EMPTY_RAW).bytes(), 37);
        assertThrows(IllegalArgumentException.class, () -> ContentId.fromBytes(trailing));
    }

    @Test
    void dagPbEncodesLinksBeforeDataAndRoundTrips() throws IOException {
        ContentId leaf = ContentId.parse(EMPTY_RAW);
        PbNode node =
                new PbNode(
                        List.of(new PbLink(leaf, "", 0L), new PbLink(leaf, "x", null)),
                        UnixFsData.DIRECTORY.encode());
        byte[] block = node.encode();
        assertEquals(0x12, block[0]); // field 2 (Links), length-delimited
        assertEquals("0a020801", HexFormat.of().formatHex(block, block.length - 4, block.length));
        assertEquals(node, PbNode.decode(block));
        assertArrayEquals(block, PbNode.decode(block).encode());
    }

    @Test
    void dagPbDecodingIsStrict() {
        ContentId leaf = ContentId.parse(EMPTY_RAW);
        byte[] link = new PbNode(List.of(new PbLink(leaf, "a", 1L)), null).encode();
        HexFormat hex = HexFormat.of();
        List<byte[]> bad =
                List.of(
                        hex.parseHex("0a0108" + hex.formatHex(link)), // Data before Links
                        hex.parseHex("0a01080a0108"), // duplicate Data
                        hex.parseHex("1a00"), // unknown field 3
                        hex.parseHex("0801"), // wrong wire type
                        hex.parseHex("12021a01"), // link without Hash (Tsize only)
                        hex.parseHex("12040a020155"), // truncated CID in Hash
                        hex.parseHex("0a05")); // length past the end
        for (byte[] b : bad) {
            assertThrows(IOException.class, () -> PbNode.decode(b), hex.formatHex(b));
        }
        // Link fields out of order: Name before Hash.
        byte[] cid = leaf.bytes();
        byte[] swapped = new byte[2 + 3 + 2 + cid.length];
        swapped[0] = 0x12;
        swapped[1] = (byte) (3 + 2 + cid.length);
        swapped[2] = 0x12;
        swapped[3] = 1;
        swapped[4] = 'a';
        swapped[5] = 0x0a;
        swapped[6] = (byte) cid.length;
        System.arraycopy(cid, 0, swapped, 7, cid.length);
        assertThrows(IOException.class, () -> PbNode.decode(swapped));
    }

    @Test
    void unixFsRoundTrips() throws IOException {
        UnixFsData file = new UnixFsData(UnixFsData.Type.FILE, null, 300L, List.of(200L, 100L));
        assertEquals(
                "0802" + "18ac02" + "20c801" + "2064", HexFormat.of().formatHex(file.encode()));
        assertEquals(file, UnixFsData.decode(file.encode()));
        assertThrows(IOException.class, () -> UnixFsData.decode(HexFormat.of().parseHex("0809")));
        assertThrows(IOException.class, () -> UnixFsData.decode(HexFormat.of().parseHex("1801")));
        // mode (field 7) from another implementation is accepted and ignored.
        assertEquals(
                UnixFsData.DIRECTORY, UnixFsData.decode(HexFormat.of().parseHex("080138ed03")));
    }
}
