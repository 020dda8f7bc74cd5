// SPDX-License-Identifier: Apache-2.0
package io.elastos.json;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A JSON number kept as its exact source text, so nothing is rounded and callers decide how strict
 * to be (a manifest field may insist on a plain integer, for example).
 *
 * @param text the number as written, in RFC 8259 number syntax
 */
public record JsonNumber(String text) {
    private static final Pattern NUMBER =
            Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");

    /**
     * Creates a number token.
     *
     * @param text the number as written
     * @throws IllegalArgumentException if the text is not RFC 8259 number syntax, since the writer
     *     copies it into documents verbatim
     */
    public JsonNumber {
        Objects.requireNonNull(text, "text");
        if (!NUMBER.matcher(text).matches()) {
            throw new IllegalArgumentException("not a JSON number: " + text);
        }
    }

    /**
     * Tells whether the number is a plain integer: no fraction, no exponent.
     *
     * @return {@code true} for text such as {@code 42} or {@code -7}, {@code false} for {@code 1.0}
     *     or {@code 1e0}
     */
    public boolean isInteger() {
        return INTEGER.matcher(text).matches();
    }

    /**
     * Returns the value of a plain integer.
     *
     * @return the value
     * @throws NumberFormatException if the number is not {@linkplain #isInteger() a plain integer}
     *     or does not fit in a {@code long}
     */
    public long longValue() {
        if (!isInteger()) {
            throw new NumberFormatException("not an integer: " + text);
        }
        return Long.parseLong(text);
    }

    /**
     * Returns the exact value.
     *
     * @return the value as a {@link BigDecimal}
     * @throws NumberFormatException if the exponent is beyond what {@link BigDecimal} can hold
     */
    public BigDecimal bigDecimalValue() {
        return new BigDecimal(text);
    }

    /**
     * Returns the source text.
     *
     * @return the number as written
     */
    @Override
    public String toString() {
        return text;
    }
}
