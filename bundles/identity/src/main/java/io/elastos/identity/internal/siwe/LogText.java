// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.siwe;

/**
 * Quotes message text in refusals, which go to the node's log. By the time anything is quoted the
 * parser has made sure the text is printable ASCII without line breaks, so it cannot forge log
 * lines; it is only shortened, as a hostile message may be 8 KiB long.
 */
final class LogText {

    private static final int MAX = 80;

    private LogText() {}

    /** The text, cut to its first 80 characters with "..." if longer. */
    static String quote(String s) {
        return s.length() <= MAX ? s : s.substring(0, MAX) + "...";
    }
}
