// SPDX-License-Identifier: Apache-2.0
package io.elastos.chain.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Parses the {@code endpoints} setting: comma-separated {@code chainId=url} pairs. */
final class Endpoints {
    private Endpoints() {}

    /**
     * Parses the setting.
     *
     * @throws IllegalArgumentException naming the bad pair if one is malformed
     */
    static Map<Long, URI> parse(String setting) {
        Map<Long, URI> out = new TreeMap<>();
        if (setting == null || setting.isBlank()) {
            return out;
        }
        for (String pair : setting.split(",")) {
            String p = pair.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("endpoint must be chainId=url: " + p);
            }
            long chainId;
            try {
                chainId = Long.parseLong(p.substring(0, eq).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("chain id is not a number: " + p);
            }
            URI uri = URI.create(p.substring(eq + 1).strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (chainId < 1 || !(scheme.equals("http") || scheme.equals("https"))) {
                throw new IllegalArgumentException("endpoint must be chainId=http(s)://…: " + p);
            }
            if (out.put(chainId, uri) != null) {
                throw new IllegalArgumentException("chain " + chainId + " is configured twice");
            }
        }
        return out;
    }
}
