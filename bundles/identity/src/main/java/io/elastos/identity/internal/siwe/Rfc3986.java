// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.siwe;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of RFC 3986 that EIP-4361 messages are made of: schemes, authorities, URIs and path
 * characters. Only the syntax is checked; nothing is resolved, decoded or normalised, because the
 * signature covers the text exactly as written.
 */
final class Rfc3986 {

    /**
     * An authority, {@code [userinfo "@"] host [":" port]}.
     *
     * @param userinfo the user information, or {@code null} if there is no {@code @}
     * @param host the host as written: a registered name, an IPv4 address or an IP literal in
     *     brackets; never empty
     * @param port the port, or -1 if none is given
     */
    record Authority(String userinfo, String host, int port) {

        /**
         * Tells whether this authority names the same host and port as another, ignoring the case
         * of the host and treating a missing port as the scheme's default one.
         */
        boolean sameHostAndPort(Authority other, String scheme) {
            return host.toLowerCase(Locale.ROOT).equals(other.host.toLowerCase(Locale.ROOT))
                    && effectivePort(scheme) == other.effectivePort(scheme);
        }

        private int effectivePort(String scheme) {
            return port >= 0 ? port : defaultPort(scheme);
        }
    }

    /**
     * A URI split into its five components.
     *
     * @param scheme the scheme, as written
     * @param authority the authority, or {@code null} if the URI has none
     * @param path the path, possibly empty
     * @param query the query without its {@code ?}, or {@code null}
     * @param fragment the fragment without its {@code #}, or {@code null}
     */
    record Uri(String scheme, Authority authority, String path, String query, String fragment) {}

    private static final String UNRESERVED = "A-Za-z0-9\\-._~";
    private static final String SUB_DELIMS = "!$&'()*+,;=";
    private static final String PCT_ENCODED = "%[0-9A-Fa-f]{2}";

    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*+");
    private static final Pattern USERINFO = chars(UNRESERVED + SUB_DELIMS + ":");
    private static final Pattern REG_NAME = chars(UNRESERVED + SUB_DELIMS);
    private static final Pattern PCHARS = chars(UNRESERVED + SUB_DELIMS + ":@");
    private static final Pattern PATH = chars(UNRESERVED + SUB_DELIMS + ":@/");
    private static final Pattern QUERY = chars(UNRESERVED + SUB_DELIMS + ":@/?");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final Pattern IPV4 =
            Pattern.compile(
                    "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
                            + "(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
    private static final Pattern H16 = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final Pattern IPV_FUTURE =
            Pattern.compile("v[0-9A-Fa-f]++\\.[" + UNRESERVED + SUB_DELIMS + ":]++");

    /** RFC 3986 appendix B, anchored on a scheme: every URI splits this way. */
    private static final Pattern URI_PARTS =
            Pattern.compile("([^:/?#]++):(?://([^/?#]*+))?([^?#]*+)(?:\\?([^#]*+))?(?:#(.*+))?");

    private Rfc3986() {}

    /** Tells whether a string is a URI scheme. */
    static boolean isScheme(String s) {
        return SCHEME.matcher(s).matches();
    }

    /** Tells whether a string is made only of path characters ({@code pchar}). */
    static boolean isPchars(String s) {
        return PCHARS.matcher(s).matches();
    }

    /**
     * Parses an authority.
     *
     * @throws IllegalArgumentException with the reason if it is not one, has an empty host or a
     *     port above 65535
     */
    static Authority authority(String s) {
        String userinfo = null;
        String hostPort = s;
        int at = s.indexOf('@');
        if (at >= 0) {
            userinfo = s.substring(0, at);
            hostPort = s.substring(at + 1);
            if (!USERINFO.matcher(userinfo).matches()) {
                throw new IllegalArgumentException(
                        "malformed user information in '" + LogText.quote(s) + "'");
            }
        }
        String host;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0 || !isIpLiteral(hostPort.substring(1, close))) {
                throw new IllegalArgumentException(
                        "malformed IP literal in '" + LogText.quote(s) + "'");
            }
            host = hostPort.substring(0, close + 1);
            String rest = hostPort.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException(
                            "garbage after the IP literal in '" + LogText.quote(s) + "'");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = hostPort.indexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? null : hostPort.substring(colon + 1);
            if (!REG_NAME.matcher(host).matches()) {
                throw new IllegalArgumentException("malformed host in '" + LogText.quote(s) + "'");
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host in '" + LogText.quote(s) + "'");
        }
        // RFC 3986 allows an empty or huge port; neither can name a service, so both are refused.
        if (port != null && (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65535)) {
            throw new IllegalArgumentException("malformed port in '" + LogText.quote(s) + "'");
        }
        return new Authority(userinfo, host, port == null ? -1 : Integer.parseInt(port));
    }

    /**
     * Parses an absolute URI ({@code URI} of RFC 3986: a scheme, a hierarchical part, an optional
     * query and fragment).
     *
     * @throws IllegalArgumentException with the reason if it is not one
     */
    static Uri uri(String s) {
        Matcher m = URI_PARTS.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + LogText.quote(s) + "' has no scheme");
        }
        if (!isScheme(m.group(1))) {
            throw new IllegalArgumentException("malformed scheme in '" + LogText.quote(s) + "'");
        }
        Authority authority = m.group(2) == null ? null : authority(m.group(2));
        String path = m.group(3);
        if (!PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("malformed path in '" + LogText.quote(s) + "'");
        }
        if (m.group(4) != null && !QUERY.matcher(m.group(4)).matches()) {
            throw new IllegalArgumentException("malformed query in '" + LogText.quote(s) + "'");
        }
        if (m.group(5) != null && !QUERY.matcher(m.group(5)).matches()) {
            throw new IllegalArgumentException("malformed fragment in '" + LogText.quote(s) + "'");
        }
        return new Uri(m.group(1), authority, path, m.group(4), m.group(5));
    }

    /** The default port of the web schemes, or -1 for any other scheme. */
    static int defaultPort(String scheme) {
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
    }

    private static Pattern chars(String allowed) {
        return Pattern.compile("(?:[" + allowed + "]|" + PCT_ENCODED + ")*+");
    }

    private static boolean isIpLiteral(String s) {
        return IPV_FUTURE.matcher(s).matches() || isIpv6(s);
    }

    private static boolean isIpv6(String s) {
        int gap = s.indexOf("::");
        if (gap < 0) {
            return groups(s, true) == 8;
        }
        if (s.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        int head = groups(s.substring(0, gap), false);
        int tail = groups(s.substring(gap + 2), true);
        // "::" stands for at least one group of zeros.
        return head >= 0 && tail >= 0 && head + tail <= 7;
    }

    /** Counts the 16-bit groups of one side of an IPv6 address, or -1 if it is malformed. */
    private static int groups(String part, boolean mayEndInIpv4) {
        if (part.isEmpty()) {
            return 0;
        }
        String[] groups = part.split(":", -1);
        int count = 0;
        for (int i = 0; i < groups.length; i++) {
            if (mayEndInIpv4 && i == groups.length - 1 && IPV4.matcher(groups[i]).matches()) {
                count += 2;
            } else if (H16.matcher(groups[i]).matches()) {
                count++;
            } else {
                return -1;
            }
        }
        return count;
    }
}
