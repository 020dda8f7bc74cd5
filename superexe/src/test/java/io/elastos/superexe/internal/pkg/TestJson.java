// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tiny JSON writer for building hostile manifests; {@link Raw} injects verbatim text. */
final class TestJson {
    /** Text written as is, such as {@code 1.0} or {@code 1e0}. */
    record Raw(String text) {}

    private TestJson() {}

    /** The valid manifest of {@link Fixtures#builder} as a mutable tree. */
    static Map<String, Object> validTree(PublisherKey key) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", 1);
        m.put("id", "org.example.notes");
        m.put("name", "Notes");
        m.put("version", "1.2.0");
        m.put("publisher", key.did().value());
        m.put("abi", "extism/1");
        m.put("entry", "plugin.wasm");
        m.put("ui", "ui");
        m.put("capabilities", List.of("storage.kv"));
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("memoryMiB", 64);
        limits.put("timeoutMillis", 5000);
        limits.put("maxOutputBytes", 4194304);
        m.put("limits", limits);
        m.put("license", null);
        Map<String, Object> files = new LinkedHashMap<>();
        Fixtures.content().forEach((k, v) -> files.put(k, Hex.sha256Hex(v)));
        m.put("files", files);
        return m;
    }

    static byte[] bytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    static String write(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Raw r) {
            return r.text();
        }
        if (v instanceof String s) {
            return ManifestWriter.quote(s);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        StringBuilder b = new StringBuilder();
        if (v instanceof Map<?, ?> map) {
            b.append('{');
            map.forEach((k, x) ->
                    b.append(b.length() > 1 ? "," : "")
                            .append(ManifestWriter.quote((String) k))
                            .append(':')
                            .append(write(x)));
            return b.append('}').toString();
        }
        if (v instanceof List<?> list) {
            b.append('[');
            list.forEach(x -> b.append(b.length() > 1 ? "," : "").append(write(x)));
            return b.append(']').toString();
        }
        throw new IllegalArgumentException(v.getClass().toString());
    }
}
