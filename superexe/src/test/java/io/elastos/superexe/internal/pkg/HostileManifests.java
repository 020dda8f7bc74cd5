// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import static io.elastos.api.superexe.VerificationException.Reason.INVALID_MANIFEST;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Hostile manifests, each correctly signed so that only the manifest rules can refuse them. */
final class HostileManifests {
    private HostileManifests() {}

    static void generate(Hostile.Collector c) {
        syntax(c);
        types(c);
        semantics(c);
    }

    /** A manifest from raw bytes, signed by the fixture key. */
    static void raw(Hostile.Collector c, String label, String cause, byte[] manifest) {
        c.add(
                label,
                INVALID_MANIFEST,
                cause,
                () -> {
                    HostileZip z = Fixtures.template(manifest, Fixtures.ED_KEY.sign(manifest));
                    // Stored, so that huge but repetitive manifests reach the parser, not the ratio
                    // check.
                    z.get("manifest.json").method = 0;
                    return z.build();
                });
    }

    /** A manifest from the valid tree after an edit. */
    static void tree(
            Hostile.Collector c, String label, String cause, Consumer<Map<String, Object>> edit) {
        Map<String, Object> t = TestJson.validTree(Fixtures.ED_KEY);
        edit.accept(t);
        raw(c, label, cause, TestJson.bytes(t));
    }

    private static void syntax(Hostile.Collector c) {
        String valid = TestJson.write(TestJson.validTree(Fixtures.ED_KEY));
        c.zip(
                "no manifest",
                INVALID_MANIFEST,
                "manifest.json: missing",
                z -> z.entries.remove(z.get("manifest.json")));
        byte[] latin1 = valid.replace("Notes", "N\u00f6tes").getBytes(StandardCharsets.ISO_8859_1);
        raw(c, "latin-1 manifest", "UTF-8", latin1);
        byte[] overlong = valid.replace("Notes", "N#tes").getBytes(StandardCharsets.UTF_8);
        int hash = new String(overlong, StandardCharsets.ISO_8859_1).indexOf('#');
        byte[] withOverlong = new byte[overlong.length + 1];
        System.arraycopy(overlong, 0, withOverlong, 0, hash);
        withOverlong[hash] = (byte) 0xc0;
        withOverlong[hash + 1] = (byte) 0xaf;
        System.arraycopy(overlong, hash + 1, withOverlong, hash + 2, overlong.length - hash - 1);
        raw(c, "overlong UTF-8", "UTF-8", withOverlong);
        raw(
                c,
                "byte order mark",
                "unexpected character",
                ("\ufeff" + valid).getBytes(StandardCharsets.UTF_8));
        raw(c, "trailing data", "trailing data", (valid + "x").getBytes(StandardCharsets.UTF_8));
        raw(c, "two documents", "trailing data", (valid + "{}").getBytes(StandardCharsets.UTF_8));
        raw(
                c,
                "duplicate top key",
                "duplicate key 'name'",
                valid.replace("\"name\":\"Notes\"", "\"name\":\"Notes\",\"name\":\"Evil\"")
                        .getBytes(StandardCharsets.UTF_8));
        raw(
                c,
                "duplicate file key",
                "duplicate key 'files.plugin.wasm'",
                valid.replace(
                                "\"files\":{",
                                "\"files\":{\"plugin.wasm\":\"" + "0".repeat(64) + "\",")
                        .getBytes(StandardCharsets.UTF_8));
        raw(
                c,
                "duplicate limits key",
                "duplicate key 'limits.memoryMiB'",
                valid.replace("\"limits\":{", "\"limits\":{\"memoryMiB\":1,")
                        .getBytes(StandardCharsets.UTF_8));
        raw(
                c,
                "deep nesting",
                "nesting deeper than 8",
                valid.replace(
                                "{\"format\"",
                                "{\"x\":" + "[".repeat(20) + "]".repeat(20) + ",\"format\"")
                        .getBytes(StandardCharsets.UTF_8));
        raw(
                c,
                "deep nesting in capabilities",
                "nesting deeper than 8",
                valid.replace("[\"storage.kv\"]", "[[[[[[[[[[1]]]]]]]]]]")
                        .getBytes(StandardCharsets.UTF_8));
        tree(c, "huge string", "longer than 65536", t -> t.put("name", "a".repeat(70_000)));
        raw(
                c,
                "huge document",
                "larger than 262144",
                (valid + " ".repeat(300_000)).getBytes(StandardCharsets.UTF_8));
        String[][] notJson = {
            {"array", "[]", "must be a JSON object"},
            {"string", "\"x\"", "must be a JSON object"},
            {"number", "1", "must be a JSON object"},
            {"null", "null", "must be a JSON object"},
            {"empty", "", "unexpected end"},
            {"unterminated object", "{", "expected a key"},
            {"single quotes", "{'format':1}", "expected a key"},
            {"trailing comma", valid.replace("}}", "},}"), "expected a key"},
            {"comment", "/* hi */" + valid, "unexpected character"},
            {
                "NaN",
                valid.replace("\"format\":1", "\"format\":NaN"),
                "unexpected literal|unexpected character"
            },
            {"leading zero", valid.replace("\"format\":1", "\"format\":01"), "expected ','"},
            {"plus sign", valid.replace("\"format\":1", "\"format\":+1"), "unexpected character"},
            {
                "bare fraction",
                valid.replace("\"format\":1", "\"format\":.5"),
                "unexpected character"
            },
            {"control char in string", valid.replace("Notes", "No\ttes"), "control character"},
            {"bad escape", valid.replace("Notes", "No\\xtes"), "bad escape"},
            {"lone surrogate", valid.replace("Notes", "No\\ud800tes"), "lone surrogate"},
            {"unterminated string", "{\"format", "unterminated string"},
            {"bad literal", valid.replace("null", "nul"), "unexpected literal"},
        };
        for (String[] n : notJson) {
            raw(c, "not JSON: " + n[0], n[2], n[1].getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void types(Hostile.Collector c) {
        Object[][] wrong = {
            {"format", "1", "'format'"},
            {"format", new TestJson.Raw("1.0"), "'format'"},
            {"format", new TestJson.Raw("1e0"), "'format'"},
            {"format", 2, "'format' must be 1"},
            {"format", 0, "'format'"},
            {"format", new TestJson.Raw("99999999999999999999"), "'format'"},
            {"id", 5, "'id' must be a string"},
            {"id", "Org.Example", "'id'"},
            {"id", "notes", "'id'"},
            {"id", "org.example.a".repeat(20), "'id'"},
            {"name", List.of(), "'name' must be a string"},
            {"name", "  ", "'name'"},
            {"name", "a\u0007b", "'name'"},
            {"version", 1, "'version' must be a string"},
            {"version", "1.2", "'version' must be a string like 1.2.3"},
            {"version", "v1.2.3", "'version'"},
            {"version", "01.2.3", "'version'"},
            {"publisher", 5, "'publisher' must be a string"},
            {"publisher", "notadid", "'publisher'"},
            {"publisher", "did:web:example.com", "'publisher' must be a did:key"},
            {"publisher", "did:key:z0OIl", "'publisher'"},
            {
                "publisher",
                "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",
                "'publisher'"
            },
            {"publisher", "did:pkh:eip155:1:0x1234", "'publisher'"},
            {"publisher", "did:key:" + "z6Mk", "'publisher'"},
            {"abi", 7, "'abi' must be a string"},
            {"abi", "", "'abi'"},
            {"abi", "extism", "'abi'"},
            {"entry", 3, "'entry' must be a string"},
            {"entry", "missing.wasm", "'entry' must name a file"},
            {"ui", 5, "'ui' must be a string"},
            {"ui", "nowhere", "'ui' must be a folder"},
            {"capabilities", "storage.kv", "'capabilities' must be an array"},
            {"capabilities", List.of(1), "'capabilities'"},
            {"capabilities", List.of("BAD"), "'capabilities'"},
            {"capabilities", List.of("a.b", "a.b"), "twice"},
            {"limits", "x", "'limits' must be an object"},
            {"limits", Map.of("memoryMiB", "64"), "'limits.memoryMiB'"},
            {"limits", Map.of("memoryMiB", new TestJson.Raw("1.5")), "'limits.memoryMiB'"},
            {"limits", Map.of("memoryMiB", 0), "'limits.memoryMiB'"},
            {"limits", Map.of("memoryMiB", 99999), "'limits.memoryMiB'"},
            {"limits", Map.of("timeoutMillis", -1), "'limits.timeoutMillis'"},
            {"limits", Map.of("maxOutputBytes", 0), "'limits.maxOutputBytes'"},
            {"limits", Map.of("cpu", 1), "unknown field 'limits.cpu'"},
            {"license", 5, "'license' must be null or an object"},
            {"license", Map.of("chainId", 1, "x", 1), "unknown field 'license.x'"},
            {"license", license(0, "0x" + "ab".repeat(20), "ERC721", "1"), "'license.chainId'"},
            {"license", license(1, "0x12", "ERC721", "1"), "'license'"},
            {"license", license(1, "0x" + "ab".repeat(20), "ERC999", "1"), "'license.standard'"},
            {
                "license",
                license(1, "0x" + "ab".repeat(20), "ERC1155", new TestJson.Raw("1.5")),
                "'license.tokenId'"
            },
            {"license", license(1, "0x" + "ab".repeat(20), "ERC1155", null), "needs a token id"},
            {"license", license(1, "0x" + "ab".repeat(20), "ERC721", "-1"), "'license.tokenId'"},
            {
                "license",
                with(license(1, "0x" + "ab".repeat(20), "ERC721", "1"), "issuer", "0x1"),
                "issuer"
            },
            {
                "license",
                with(license(1, "0x" + "ab".repeat(20), "ERC721", "1"), "issuer", 7),
                "'license.issuer'"
            },
            {
                "license",
                with(
                        license(1, "0x" + "ab".repeat(20), "ERC4907", "1"),
                        "ownerMayRunWhileRented",
                        "yes"),
                "'license.ownerMayRunWhileRented'"
            },
            {
                "license",
                with(
                        license(1, "0x" + "ab".repeat(20), "ERC721", "1"),
                        "ownerMayRunWhileRented",
                        true),
                "applies to ERC4907 only"
            },
            {"files", List.of(), "'files' must be an object"},
            {"files", Map.of(), "'files' must list"},
            {"files", Map.of("plugin.wasm", 5), "'files.plugin.wasm'"},
            {"files", Map.of("plugin.wasm", "AB".repeat(32)), "'files.plugin.wasm'"},
            {"files", Map.of("plugin.wasm", "ab"), "'files.plugin.wasm'"},
            {"files", Map.of("../x", "ab".repeat(32)), "'files' has an unsafe path"},
            {"files", Map.of("manifest.json", "ab".repeat(32)), "'files' has an unsafe path"},
        };
        for (Object[] w : wrong) {
            tree(
                    c,
                    w[0] + " = " + TestJson.write(w[1]),
                    (String) w[2],
                    t -> t.put((String) w[0], w[1]));
        }
    }

    private static void semantics(Hostile.Collector c) {
        for (String field :
                List.of(
                        "format",
                        "id",
                        "name",
                        "version",
                        "publisher",
                        "abi",
                        "entry",
                        "capabilities",
                        "files")) {
            tree(c, "missing " + field, "missing field '" + field + "'", t -> t.remove(field));
        }
        for (String field : List.of("extra", "Format", "__proto__", "signature")) {
            tree(
                    c,
                    "unknown field " + field,
                    "unknown field '" + field + "'",
                    t -> t.put(field, 1));
        }
    }

    private static Map<String, Object> with(Map<String, Object> m, String key, Object value) {
        m.put(key, value);
        return m;
    }

    private static Map<String, Object> license(
            long chain, String contract, String standard, Object tokenId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chainId", chain);
        m.put("contract", contract);
        m.put("standard", standard);
        m.put("tokenId", tokenId);
        return m;
    }
}
