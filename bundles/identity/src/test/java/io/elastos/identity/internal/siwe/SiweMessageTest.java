// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.siwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.identity.AuthenticationException;
import io.elastos.api.identity.AuthenticationException.Reason;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The strict EIP-4361 parser: what it reads, and every way a message is refused. */
class SiweMessageTest {

    /** The EIP's own example, with every optional field. */
    static final String FULL =
            """
            https://example.com wants you to sign in with your Ethereum account:
            0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2

            I accept the ExampleOrg Terms of Service: https://example.com/tos

            URI: https://example.com/login
            Version: 1
            Chain ID: 1
            Nonce: 32891756
            Issued At: 2021-09-30T16:25:24Z
            Expiration Time: 2021-09-30T17:25:24.123+01:00
            Not Before: 2021-09-30T16:00:00Z
            Request ID: req-1:@x
            Resources:
            - ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/
            - https://example.com/my-web2-claim.json\
            """
                    .stripIndent();

    /** The smallest message: no scheme, no statement, no optional field. */
    static final String MINIMAL =
            """
            example.com wants you to sign in with your Ethereum account:
            0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2


            URI: https://example.com/login
            Version: 1
            Chain ID: 1
            Nonce: 32891756
            Issued At: 2021-09-30T16:25:24Z\
            """
                    .stripIndent();

    @Test
    void readsEveryFieldAndKeepsTheExactText() throws Exception {
        SiweMessage m = SiweMessage.parse(FULL);
        assertSame(FULL, m.text());
        assertEquals("https", m.scheme());
        assertEquals("example.com", m.domain());
        assertEquals("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", m.address());
        assertEquals(
                "I accept the ExampleOrg Terms of Service: https://example.com/tos", m.statement());
        assertEquals("https://example.com/login", m.uri());
        assertEquals(1, m.chainId());
        assertEquals("32891756", m.nonce());
        assertEquals(Instant.parse("2021-09-30T16:25:24Z"), m.issuedAt());
        assertEquals(Instant.parse("2021-09-30T16:25:24.123Z"), m.expirationTime());
        assertEquals(Instant.parse("2021-09-30T16:00:00Z"), m.notBefore());
        assertEquals("req-1:@x", m.requestId());
        assertEquals(
                List.of(
                        "ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/",
                        "https://example.com/my-web2-claim.json"),
                m.resources());
    }

    @Test
    void optionalPartsMayBeLeftOut() throws Exception {
        SiweMessage m = SiweMessage.parse(MINIMAL);
        assertNull(m.scheme());
        assertNull(m.statement());
        assertNull(m.expirationTime());
        assertNull(m.notBefore());
        assertNull(m.requestId());
        assertEquals(List.of(), m.resources());
    }

    @Test
    void anEmptyStatementIsTwoBlankLines() throws Exception {
        String text = MINIMAL.replace("\n\n\nURI:", "\n\n\n\nURI:");
        assertEquals("", SiweMessage.parse(text).statement());
    }

    @Test
    void emptyRequestIdAndResourceListAreAllowedByTheAbnf() throws Exception {
        SiweMessage m = SiweMessage.parse(MINIMAL + "\nRequest ID: \nResources:");
        assertEquals("", m.requestId());
        assertEquals(List.of(), m.resources());
    }

    @Test
    void addressesInOneCaseCarryNoChecksum() throws Exception {
        String lower =
                MINIMAL.replace(
                        "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2",
                        "0x" + "c02aaa39b223fe8d0a0e5c4f27ead9083c756cc2");
        String upper =
                MINIMAL.replace(
                        "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2",
                        "0x" + "C02AAA39B223FE8D0A0E5C4F27EAD9083C756CC2");
        assertEquals(
                "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2", SiweMessage.parse(lower).address());
        assertEquals(
                "0xC02AAA39B223FE8D0A0E5C4F27EAD9083C756CC2", SiweMessage.parse(upper).address());
    }

    @Test
    void domainsMayHavePortsAndIpAddresses() throws Exception {
        for (String domain :
                List.of(
                        "localhost:8443",
                        "192.168.1.20:8080",
                        "[::1]:8443",
                        "[fe80::1:2]",
                        "NAS.local")) {
            assertEquals(
                    domain,
                    SiweMessage.parse(MINIMAL.replaceFirst("example\\.com", domain)).domain());
        }
    }

    @Test
    void parsesWhatTheSiwePackageBuilds() throws Exception {
        String key = "0x4f3edf983ac636a65a842ce7c78d9aa706d3b113bce9c46f30d7d21715b23b1d";
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("scheme", "https");
        fields.put("domain", "nas.local:8443");
        fields.put("statement", "Sign in to my NAS.");
        fields.put("uri", "https://nas.local:8443/api/auth/siwe");
        fields.put("chainId", 1337);
        fields.put("nonce", "Abc123Def456");
        fields.put("issuedAt", "2026-01-01T00:00:00.000Z");
        fields.put("expirationTime", "2026-01-01T00:10:00.000Z");
        fields.put("notBefore", "2025-12-31T23:59:00.000Z");
        fields.put("requestId", "42");
        fields.put("resources", List.of("https://nas.local:8443/apps", "ipfs://bafy"));
        SiweSigner.Signed full = SiweSigner.sign(key, fields);
        SiweMessage m = SiweMessage.parse(full.message());
        assertEquals(full.signer(), m.address().toLowerCase());
        assertEquals("nas.local:8443", m.domain());
        assertEquals("Sign in to my NAS.", m.statement());
        assertEquals(1337, m.chainId());
        assertEquals(Instant.parse("2026-01-01T00:10:00Z"), m.expirationTime());
        assertEquals(List.of("https://nas.local:8443/apps", "ipfs://bafy"), m.resources());

        for (String optional :
                List.of(
                        "scheme",
                        "statement",
                        "expirationTime",
                        "notBefore",
                        "requestId",
                        "resources")) {
            fields.remove(optional);
            SiweMessage.parse(SiweSigner.sign(key, fields).message());
        }
        fields.put("statement", "");
        assertEquals("", SiweMessage.parse(SiweSigner.sign(key, fields).message()).statement());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            textBlock =
                    """
                    missing URI              | URI: https://example.com/login\\n                  |                                    | missing the 'URI' field
                    missing Issued At        | \\nIssued At: 2021-09-30T16:25:24Z                 |                                    | missing the 'Issued At' field
                    duplicate Version        | Version: 1\\n                                      | Version: 1\\nVersion: 1\\n            | duplicate 'Version' field
                    duplicate Nonce at end   | Issued At: 2021-09-30T16:25:24Z                   | Issued At: 2021-09-30T16:25:24Z\\nNonce: 12345678 | duplicate 'Nonce' field
                    out of order fields      | Version: 1\\nChain ID: 1\\n                         | Chain ID: 1\\nVersion: 1\\n           | 'Version' field is out of order
                    unknown field            | Version: 1\\n                                      | Version: 1\\nFoo: bar\\n              | expected the 'Chain ID' field, found 'Foo: bar'
                    lowercase label          | URI: https                                        | uri: https                         | expected the 'URI' field
                    version 2                | Version: 1                                        | Version: 2                         | EIP-4361 defines only 1
                    short address            | 0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2        | 0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc | 0x and 40 hex digits
                    0X prefix                | 0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2        | 0XC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2 | 0x and 40 hex digits
                    bad checksum             | 0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2        | 0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756cc2 | expected 0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2
                    nonce too short          | Nonce: 32891756                                   | Nonce: 3289175                     | shorter than 8
                    nonce not alphanumeric   | Nonce: 32891756                                   | Nonce: 3289-1756                   | only have letters and digits
                    chain id zero            | Chain ID: 1                                       | Chain ID: 0                        | chain id '0'
                    chain id leading zero    | Chain ID: 1                                       | Chain ID: 01                       | without leading zeros
                    chain id not a number    | Chain ID: 1                                       | Chain ID: one                      | chain id 'one'
                    issued at with a space   | 2021-09-30T16:25:24Z                              | 2021-09-30 16:25:24Z               | not an RFC 3339 date-time
                    issued at without secs   | 2021-09-30T16:25:24Z                              | 2021-09-30T16:25Z                  | not an RFC 3339 date-time
                    issued at no offset      | 2021-09-30T16:25:24Z                              | 2021-09-30T16:25:24                | not an RFC 3339 date-time
                    February 30              | 2021-09-30T16:25:24Z                              | 2021-02-30T16:25:24Z               | not a valid date and time
                    statement of two lines   | I accept the ExampleOrg                           | I accept\\nthe ExampleOrg           | a statement is a single line
                    statement with a quote   | I accept the ExampleOrg                           | I accept the \\"ExampleOrg\\"        | character RFC 3986 does not allow
                    no blank after address   | Cc2\\n\\nI accept                                   | Cc2\\nI accept                       | expected a blank line after the address
                    domain with a space      | https://example.com wants                         | https://example .com wants         | not an RFC 3986 authority
                    domain with a path       | https://example.com wants                         | https://example.com/x wants        | not an RFC 3986 authority
                    bad scheme               | https://example.com wants                         | 1https://example.com wants         | malformed scheme
                    wrong header             | sign in with your Ethereum account:               | sign in with your account:         | the first line must end with
                    relative URI             | URI: https://example.com/login                    | URI: /login                        | not an RFC 3986 URI
                    URI with a space         | URI: https://example.com/login                    | URI: https://example.com/log in    | not an RFC 3986 URI
                    URI with bad escape      | URI: https://example.com/login                    | URI: https://example.com/%zz       | not an RFC 3986 URI
                    optional out of order    | Expiration Time: 2021-09-30T17:25:24.123+01:00\\nNot Before: 2021-09-30T16:00:00Z | Not Before: 2021-09-30T16:00:00Z\\nExpiration Time: 2021-09-30T17:25:24.123+01:00 | 'Expiration Time' field must come before 'Not Before'
                    duplicate optional       | Request ID: req-1:@x                              | Request ID: a\\nRequest ID: b        | duplicate 'Request ID' field
                    field after resources    | - https://example.com/my-web2-claim.json          | - https://example.com/my-web2-claim.json\\nRequest ID: x | expected '- <URI>'
                    resource not a URI       | - https://example.com/my-web2-claim.json          | - my-web2-claim.json               | resource is not an RFC 3986 URI
                    text after Resources:    | Resources:                                        | Resources: many                    | must be alone on its line
                    request id with a space  | Request ID: req-1:@x                              | Request ID: req 1                  | request id has a character
                    trailing garbage         | - https://example.com/my-web2-claim.json          | - https://example.com/my-web2-claim.json\\n\\nP.S. hi | unexpected blank line
                    trailing line break      | - https://example.com/my-web2-claim.json          | - https://example.com/my-web2-claim.json\\n | ends with a line break
                    carriage returns         | \\n                                                | \\r\\n                               | carriage return
                    non-ASCII statement      | Terms of Service                                  | Terms of Sérvice                   | character U+00E9
                    tab                      | Terms of Service                                  | Terms of\\tService                  | character U+0009
                    """)
    void refusesMalformedMessages(String name, String from, String to, String reason) {
        String text = FULL.replace(unescape(from), unescape(to == null ? "" : to));
        assertTrue(!text.equals(FULL), "the case must change the message: " + name);
        assertMalformed(text, reason);
    }

    @Test
    void refusesTruncatedMessages() {
        for (int cut :
                new int[] {0, 20, 70, 110, FULL.indexOf("Nonce"), FULL.indexOf("Issued At") + 15}) {
            String truncated = FULL.substring(0, cut);
            AuthenticationException e =
                    assertThrows(AuthenticationException.class, () -> SiweMessage.parse(truncated));
            assertEquals(Reason.MALFORMED_MESSAGE, e.reason(), truncated);
        }
        assertMalformed(
                MINIMAL.substring(0, MINIMAL.indexOf("Issued At")),
                "truncated: the message ends with a line break before the 'Issued At' field");
    }

    @Test
    void refusesEmptyAndOversizedMessages() {
        assertMalformed("", "empty message");
        String longStatement = "a".repeat(SiweMessage.MAX_BYTES);
        assertMalformed(
                FULL.replace(
                        "I accept the ExampleOrg Terms of Service: https://example.com/tos",
                        longStatement),
                "longer than 8192 bytes");
        // Up to the limit is fine.
        String fits =
                MINIMAL
                        + "\nResources:"
                        + "\n- a:b".repeat((SiweMessage.MAX_BYTES - MINIMAL.length() - 11) / 6);
        assertTrue(fits.length() <= SiweMessage.MAX_BYTES);
        assertTrue(fits.length() > SiweMessage.MAX_BYTES - 6);
        assertDoesNotThrowMalformed(fits);
    }

    @Test
    void namesTheLineOfTheProblem() {
        assertMalformed(
                FULL.replace("Nonce: 32891756", "Nonce: 1"), "line 9: the nonce is shorter");
    }

    private static void assertDoesNotThrowMalformed(String text) {
        try {
            SiweMessage.parse(text);
        } catch (AuthenticationException e) {
            throw new AssertionError("refused: " + e.getMessage(), e);
        }
    }

    static void assertMalformed(String text, String reason) {
        AuthenticationException e =
                assertThrows(AuthenticationException.class, () -> SiweMessage.parse(text));
        assertEquals(Reason.MALFORMED_MESSAGE, e.reason());
        assertTrue(
                e.getMessage().contains(reason),
                () -> "expected '" + reason + "' in: " + e.getMessage());
    }

    private static String unescape(String s) {
        return s.replace("\\n", "\n")
                .replace("\\r", "\r")
                .replace("\\t", "\t")
                .replace("\\\"", "\"");
    }
}
