// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import io.elastos.api.chain.LicenseTerms;
import io.elastos.api.runtime.Capability;
import io.elastos.api.runtime.ResourceLimits;
import io.elastos.api.superexe.AppManifest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Writes an {@link AppManifest} as canonical {@code manifest.json} bytes: fixed key order, sorted
 * capabilities and files, two-space indent, LF line ends, UTF-8, a final newline.
 */
final class ManifestWriter {
    private final StringBuilder out = new StringBuilder();

    private ManifestWriter() {}

    /**
     * Serializes a manifest.
     *
     * @throws IllegalArgumentException if the memory limit is not a whole number of MiB or the wall
     *     clock not a whole number of milliseconds, which the format cannot express
     */
    static byte[] write(AppManifest m) {
        ResourceLimits limits = m.limits();
        if (limits.memoryBytes() % (1 << 20) != 0) {
            throw new IllegalArgumentException("memory limit must be a whole number of MiB");
        }
        if (limits.wallClock().toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException("wall clock must be a whole number of ms");
        }
        ManifestWriter w = new ManifestWriter();
        w.out.append("{\n");
        List<String> members = new ArrayList<>();
        members.add(member(1, "format", Integer.toString(ManifestCodec.FORMAT)));
        members.add(member(1, "id", quote(m.id())));
        members.add(member(1, "name", quote(m.name())));
        members.add(member(1, "version", quote(m.version())));
        members.add(member(1, "publisher", quote(m.publisherDid().value())));
        members.add(member(1, "abi", quote(m.abi())));
        members.add(member(1, "entry", quote(m.entry())));
        members.add(member(1, "ui", m.ui() == null ? "null" : quote(m.ui())));
        List<String> caps = new ArrayList<>();
        m.capabilities().stream().sorted().map(Capability::name).forEach(c -> caps.add(quote(c)));
        members.add(
                member(
                        1,
                        "capabilities",
                        caps.isEmpty() ? "[]" : "[" + String.join(", ", caps) + "]"));
        List<String> limitMembers = new ArrayList<>();
        limitMembers.add(member(2, "memoryMiB", Long.toString(limits.memoryBytes() >> 20)));
        limitMembers.add(member(2, "timeoutMillis", Long.toString(limits.wallClock().toMillis())));
        limitMembers.add(member(2, "maxOutputBytes", Long.toString(limits.maxOutputBytes())));
        if (m.storageMiB() > 0) {
            // Written only when asked for, so other manifests stay byte for byte as they were.
            limitMembers.add(member(2, "storageMiB", Long.toString(m.storageMiB())));
        }
        members.add(member(1, "limits", object(1, limitMembers)));
        members.add(member(1, "license", license(m.license())));
        if (!m.publicApi().isEmpty()) {
            List<String> prefixes = new ArrayList<>();
            m.publicApi().forEach(p -> prefixes.add(quote(p)));
            members.add(member(1, "publicApi", "[" + String.join(", ", prefixes) + "]"));
        }
        List<String> files = new ArrayList<>();
        new TreeMap<>(m.files()).forEach((path, hash) -> files.add(member(2, path, quote(hash))));
        members.add(member(1, "files", object(1, files)));
        w.out.append(String.join(",\n", members)).append("\n}\n");
        return w.out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String license(LicenseTerms t) {
        if (t == null) {
            return "null";
        }
        List<String> members = new ArrayList<>();
        members.add(member(2, "chainId", Long.toString(t.chainId())));
        members.add(member(2, "contract", quote(t.contract())));
        members.add(member(2, "standard", quote(t.standard().name())));
        members.add(
                member(2, "tokenId", t.tokenId() == null ? "null" : quote(t.tokenId().toString())));
        // Written only when set, so manifests of licenses without them stay as they were.
        if (t.issuer() != null) {
            members.add(member(2, "issuer", quote(t.issuer())));
        }
        if (t.ownerMayRunWhileRented()) {
            members.add(member(2, "ownerMayRunWhileRented", "true"));
        }
        return object(1, members);
    }

    private static String object(int indent, List<String> members) {
        if (members.isEmpty()) {
            return "{}";
        }
        return "{\n" + String.join(",\n", members) + "\n" + "  ".repeat(indent) + "}";
    }

    private static String member(int indent, String key, String value) {
        return "  ".repeat(indent) + quote(key) + ": " + value;
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
