// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.siwe;

import io.elastos.api.identity.AuthenticationException;
import io.elastos.api.identity.AuthenticationException.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the EIP-4361 text format line by line, in the order the ABNF fixes. Every refusal names the
 * line and what is wrong with it, for the node's log.
 */
final class SiweParser {

    static final String HEADER_SUFFIX = " wants you to sign in with your Ethereum account:";

    private static final String URI = "URI: ";
    private static final String VERSION = "Version: ";
    private static final String CHAIN_ID = "Chain ID: ";
    private static final String NONCE = "Nonce: ";
    private static final String ISSUED_AT = "Issued At: ";
    private static final String EXPIRATION_TIME = "Expiration Time: ";
    private static final String NOT_BEFORE = "Not Before: ";
    private static final String REQUEST_ID = "Request ID: ";
    private static final String RESOURCES = "Resources:";
    private static final String RESOURCE = "- ";

    private static final List<String> REQUIRED = List.of(URI, VERSION, CHAIN_ID, NONCE, ISSUED_AT);
    private static final List<String> OPTIONAL =
            List.of(EXPIRATION_TIME, NOT_BEFORE, REQUEST_ID, RESOURCES);

    private static final Pattern ADDRESS = Pattern.compile("0x[0-9A-Fa-f]{40}");

    /** {@code *( reserved / unreserved / " " )} of RFC 3986: printable ASCII but a few. */
    private static final Pattern STATEMENT =
            Pattern.compile("[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;= ]*+");

    /** Positive and without leading zeros, so that one chain has one spelling (did:pkh's form). */
    private static final Pattern CHAIN = Pattern.compile("[1-9][0-9]{0,17}");

    private static final Pattern NONCE_CHARS = Pattern.compile("[A-Za-z0-9]*+");
    private static final int MIN_NONCE = 8;

    private final String[] lines;
    private final Set<String> seen = new HashSet<>();
    private int next;

    private SiweParser(String text) {
        this.lines = text.split("\n", -1);
    }

    /** Parses a message; see {@link SiweMessage#parse(String)}. */
    static SiweMessage parse(String text) throws AuthenticationException {
        Objects.requireNonNull(text, "text");
        checkCharacters(text);
        return new SiweParser(text).message(text);
    }

    /**
     * The ABNF produces only printable ASCII and LF, so anything else is refused before parsing;
     * this also makes the character count the byte count the signature covers.
     */
    private static void checkCharacters(String text) throws AuthenticationException {
        if (text.isEmpty()) {
            throw malformed("empty message");
        }
        if (text.length() > SiweMessage.MAX_BYTES) {
            throw malformed("message longer than " + SiweMessage.MAX_BYTES + " bytes");
        }
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            } else if (c == '\r') {
                throw malformed("line " + line + ": carriage return (lines end with LF only)");
            } else if (c < 0x20 || c > 0x7e) {
                throw malformed(
                        String.format(
                                "line %d: character U+%04X (messages are printable ASCII)",
                                line, (int) c));
            }
        }
    }

    private SiweMessage message(String text) throws AuthenticationException {
        String header = nextLine("the header");
        if (!header.endsWith(HEADER_SUFFIX)) {
            throw malformedHere("the first line must end with '" + HEADER_SUFFIX.strip() + "'");
        }
        String origin = header.substring(0, header.length() - HEADER_SUFFIX.length());
        String scheme = null;
        String domain = origin;
        int separator = origin.indexOf("://");
        if (separator >= 0) {
            scheme = origin.substring(0, separator);
            domain = origin.substring(separator + 3);
            if (!Rfc3986.isScheme(scheme)) {
                throw malformedHere("malformed scheme '" + LogText.quote(scheme) + "'");
            }
        }
        try {
            Rfc3986.authority(domain);
        } catch (IllegalArgumentException e) {
            throw malformedHere("the domain is not an RFC 3986 authority: " + e.getMessage());
        }

        String address = nextLine("the address");
        if (!ADDRESS.matcher(address).matches()) {
            throw malformedHere(
                    "the address must be 0x and 40 hex digits: '" + LogText.quote(address) + "'");
        }
        if (!Eip55.isValid(address.substring(2))) {
            throw malformedHere(
                    "wrong EIP-55 checksum in "
                            + address
                            + " (expected 0x"
                            + Eip55.checksum(address.substring(2))
                            + ")");
        }

        expectBlank("the address");
        String statement = statement();

        String uri = requiredField(URI);
        try {
            Rfc3986.uri(uri);
        } catch (IllegalArgumentException e) {
            throw malformedHere("the URI is not an RFC 3986 URI: " + e.getMessage());
        }
        String version = requiredField(VERSION);
        if (!version.equals("1")) {
            throw malformedHere(
                    "version '" + LogText.quote(version) + "'; EIP-4361 defines only 1");
        }
        long chainId = chainId(requiredField(CHAIN_ID));
        String nonce = nonce(requiredField(NONCE));
        Instant issuedAt = timestamp(requiredField(ISSUED_AT));

        Instant expirationTime = null;
        Instant notBefore = null;
        String requestId = null;
        List<String> resources = List.of();
        String field;
        while ((field = optionalField()) != null) {
            String value = lines[next - 1].substring(field.length());
            switch (field) {
                case EXPIRATION_TIME -> expirationTime = timestamp(value);
                case NOT_BEFORE -> notBefore = timestamp(value);
                case REQUEST_ID -> requestId = requestId(value);
                default -> resources = resources(value);
            }
        }
        return new SiweMessage(
                text,
                scheme,
                domain,
                address,
                statement,
                uri,
                chainId,
                nonce,
                issuedAt,
                expirationTime,
                notBefore,
                requestId,
                resources);
    }

    /**
     * After the address and a blank line come either a statement and a blank line, an empty
     * statement and a blank line (two blank lines), or no statement (one blank line).
     */
    private String statement() throws AuthenticationException {
        String line = nextLine("the statement or the URI");
        if (line.isEmpty()) {
            if (next < lines.length && lines[next].isEmpty()) {
                next++;
                return "";
            }
            return null;
        }
        if (!STATEMENT.matcher(line).matches()) {
            throw malformedHere("the statement has a character RFC 3986 does not allow");
        }
        expectBlank("the statement (a statement is a single line)");
        return line;
    }

    private long chainId(String value) throws AuthenticationException {
        if (!CHAIN.matcher(value).matches()) {
            throw malformedHere(
                    "chain id '"
                            + LogText.quote(value)
                            + "' is not a positive decimal of at most 18 digits without leading"
                            + " zeros");
        }
        return Long.parseLong(value);
    }

    private String nonce(String value) throws AuthenticationException {
        if (!NONCE_CHARS.matcher(value).matches()) {
            throw malformedHere("the nonce may only have letters and digits");
        }
        if (value.length() < MIN_NONCE) {
            throw malformedHere("the nonce is shorter than " + MIN_NONCE + " characters");
        }
        return value;
    }

    private Instant timestamp(String value) throws AuthenticationException {
        try {
            return Rfc3339.parse(value);
        } catch (IllegalArgumentException e) {
            throw malformedHere(e.getMessage());
        }
    }

    private String requestId(String value) throws AuthenticationException {
        if (!Rfc3986.isPchars(value)) {
            throw malformedHere("the request id has a character RFC 3986 pchar does not allow");
        }
        return value;
    }

    /** The resources run to the end of the message, one {@code "- " URI} a line. */
    private List<String> resources(String rest) throws AuthenticationException {
        if (!rest.isEmpty()) {
            throw malformedHere("'" + RESOURCES + "' must be alone on its line");
        }
        List<String> resources = new ArrayList<>();
        while (next < lines.length) {
            String line = nextLine("a resource");
            if (!line.startsWith(RESOURCE)) {
                throw malformedHere(
                        line.isEmpty()
                                ? endsWithBlank()
                                : "expected '- <URI>' or the end of the message after the"
                                        + " resources, found '"
                                        + LogText.quote(line)
                                        + "'");
            }
            String resource = line.substring(RESOURCE.length());
            try {
                Rfc3986.uri(resource);
            } catch (IllegalArgumentException e) {
                throw malformedHere("the resource is not an RFC 3986 URI: " + e.getMessage());
            }
            resources.add(resource);
        }
        return resources;
    }

    // ---------------------------------------------------------------------------- lines

    private String nextLine(String what) throws AuthenticationException {
        if (next >= lines.length) {
            throw malformed("truncated: the message ends before " + what);
        }
        return lines[next++];
    }

    private void expectBlank(String after) throws AuthenticationException {
        String line = nextLine("the blank line after " + after);
        if (!line.isEmpty()) {
            throw malformedHere(
                    "expected a blank line after "
                            + after
                            + ", found '"
                            + LogText.quote(line)
                            + "'");
        }
    }

    /** Reads a required field, telling a missing one from a misplaced or repeated one. */
    private String requiredField(String label) throws AuthenticationException {
        String line = nextLine("the '" + name(label) + "' field");
        if (line.startsWith(label)) {
            seen.add(label);
            return line.substring(label.length());
        }
        if (line.isEmpty() && next == lines.length) {
            throw malformed(
                    "truncated: the message ends with a line break before the '"
                            + name(label)
                            + "' field");
        }
        String found = labelOf(line);
        if (found == null) {
            throw malformedHere(
                    "expected the '"
                            + name(label)
                            + "' field, found '"
                            + LogText.quote(line)
                            + "'");
        }
        if (seen.contains(found)) {
            throw malformedHere("duplicate '" + name(found) + "' field");
        }
        for (int i = next; i < lines.length; i++) {
            if (lines[i].startsWith(label)) {
                throw malformedHere(
                        "the '"
                                + name(label)
                                + "' field is out of order (it is on line "
                                + (i + 1)
                                + ")");
            }
        }
        throw malformedHere(
                "missing the '"
                        + name(label)
                        + "' field; found '"
                        + LogText.quote(line)
                        + "' in its place");
    }

    /**
     * Moves past the next optional field and returns its label, or returns {@code null} at the end
     * of the message. Optional fields come in ABNF order, each at most once.
     */
    private String optionalField() throws AuthenticationException {
        if (next >= lines.length) {
            return null;
        }
        String line = lines[next++];
        String label = labelOf(line);
        if (label == null) {
            throw malformedHere(
                    line.isEmpty()
                            ? endsWithBlank()
                            : "unexpected text after the last field: '"
                                    + LogText.quote(line)
                                    + "'");
        }
        if (seen.contains(label)) {
            throw malformedHere("duplicate '" + name(label) + "' field");
        }
        if (!OPTIONAL.contains(label)) {
            throw malformedHere("the '" + name(label) + "' field is out of order");
        }
        for (String later : OPTIONAL.subList(OPTIONAL.indexOf(label) + 1, OPTIONAL.size())) {
            if (seen.contains(later)) {
                throw malformedHere(
                        "the '" + name(label) + "' field must come before '" + name(later) + "'");
            }
        }
        seen.add(label);
        return label;
    }

    private String endsWithBlank() {
        return next == lines.length
                ? "the message ends with a line break"
                : "unexpected blank line";
    }

    private static String labelOf(String line) {
        for (String label : REQUIRED) {
            if (line.startsWith(label)) {
                return label;
            }
        }
        for (String label : OPTIONAL) {
            if (line.startsWith(label)) {
                return label;
            }
        }
        return null;
    }

    private static String name(String label) {
        return label.substring(0, label.indexOf(':'));
    }

    private AuthenticationException malformedHere(String reason) {
        return malformed("line " + next + ": " + reason);
    }

    private static AuthenticationException malformed(String reason) {
        return new AuthenticationException(
                Reason.MALFORMED_MESSAGE, "malformed SIWE message: " + reason);
    }
}
