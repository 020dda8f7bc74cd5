// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.license;

import io.elastos.api.chain.LicenseReceipt;
import io.elastos.json.JsonException;
import io.elastos.json.JsonNumber;
import io.elastos.json.JsonReader;
import io.elastos.json.JsonWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The JSON file form of a license receipt (see docs/licenses.md): the typed-data message fields
 * plus the issuer's signature as {@code 0x} hex. Parsed strictly: unknown fields, wrong types and
 * anything over 4 KiB are refused.
 */
public final class ReceiptJson {

    /** The largest receipt accepted. */
    public static final int MAX_BYTES = 4096;

    private static final JsonReader.Limits LIMITS = new JsonReader.Limits(MAX_BYTES, 2, 512);
    private static final Set<String> FIELDS =
            Set.of("appId", "holder", "chainId", "contract", "tokenId", "expiresAt", "signature");
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,77}");
    private static final Pattern SIGNATURE = Pattern.compile("0x[0-9a-fA-F]{130}");

    /** 9999-12-31T23:59:59Z, the last second a receipt may run to. */
    private static final long LAST_SECOND = 253_402_300_799L;

    private ReceiptJson() {}

    /**
     * Parses a receipt.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static LicenseReceipt parse(byte[] json) {
        if (json.length > MAX_BYTES) {
            throw new IllegalArgumentException("a receipt is at most 4 KiB");
        }
        Object parsed;
        try {
            parsed = JsonReader.parse(json, LIMITS);
        } catch (JsonException e) {
            throw new IllegalArgumentException("the receipt is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("a receipt is a JSON object");
        }
        for (Object key : m.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new IllegalArgumentException("unknown receipt field '" + key + "'");
            }
        }
        String signature = text(m, "signature");
        if (!SIGNATURE.matcher(signature).matches()) {
            throw new IllegalArgumentException("receipt signature must be 0x and 130 hex digits");
        }
        Object token = m.get("tokenId");
        if (!(token instanceof String t) || !DECIMAL.matcher(t).matches()) {
            throw new IllegalArgumentException("receipt tokenId must be a decimal string");
        }
        return new LicenseReceipt(
                text(m, "appId"),
                text(m, "holder"),
                number(m, "chainId"),
                text(m, "contract"),
                new BigInteger((String) token),
                Instant.ofEpochSecond(expiry(number(m, "expiresAt"))),
                HexFormat.of().parseHex(signature.substring(2)));
    }

    /** Writes a receipt in the form {@link #parse} reads. */
    public static String write(LicenseReceipt r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("appId", r.appId());
        m.put("holder", r.holder());
        m.put("chainId", r.chainId());
        m.put("contract", r.contract());
        m.put("tokenId", r.tokenId().toString());
        m.put("expiresAt", r.expiresAt().getEpochSecond());
        m.put("signature", "0x" + HexFormat.of().formatHex(r.signature()));
        return JsonWriter.write(m);
    }

    /** Parses text that was written by {@link #write}. */
    public static LicenseReceipt parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Map<?, ?> m, String field) {
        if (!(m.get(field) instanceof String s)) {
            throw new IllegalArgumentException("receipt field '" + field + "' must be a string");
        }
        return s;
    }

    private static long expiry(long seconds) {
        if (seconds > LAST_SECOND) {
            throw new IllegalArgumentException("receipt expiresAt is after the year 9999");
        }
        return seconds;
    }

    private static long number(Map<?, ?> m, String field) {
        if (m.get(field) instanceof JsonNumber n && n.isInteger() && !n.text().startsWith("-")) {
            try {
                return n.longValue();
            } catch (RuntimeException e) {
                // too large: fall through
            }
        }
        throw new IllegalArgumentException(
                "receipt field '" + field + "' must be a non-negative integer");
    }
}
