// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.siwe;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * RFC 3339 {@code date-time} values, such as {@code 2021-09-30T16:25:24.000Z}.
 *
 * <p>The shape is checked with a pattern first, because Java's ISO parser also accepts forms RFC
 * 3339 does not (no seconds, offsets with seconds); the calendar is then checked by Java. Leap
 * seconds and more than nine fraction digits are refused, as {@link Instant} cannot hold them.
 */
final class Rfc3339 {

    private static final Pattern DATE_TIME =
            Pattern.compile(
                    "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]{1,9})?"
                            + "(?:[Zz]|[+-][0-9]{2}:[0-9]{2})");

    private Rfc3339() {}

    /**
     * Parses a date-time.
     *
     * @throws IllegalArgumentException if it is not an RFC 3339 date-time of a real instant
     */
    static Instant parse(String s) {
        if (!DATE_TIME.matcher(s).matches()) {
            throw new IllegalArgumentException("'" + s + "' is not an RFC 3339 date-time");
        }
        try {
            // RFC 3339 allows a lowercase t and z; Java's parser does not.
            return OffsetDateTime.parse(
                            s.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + s + "' is not a valid date and time", e);
        }
    }
}
