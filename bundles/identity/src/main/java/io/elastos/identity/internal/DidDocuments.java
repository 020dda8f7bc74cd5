// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal;

import io.elastos.api.identity.Did;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Resolves the node's two DID methods to W3C DID Core documents locally: both are generative, the
 * document follows from the identifier alone, so no network or registry is asked.
 *
 * <ul>
 *   <li>{@code did:key:z6Mk…} (Ed25519), per the did:key method: one {@code Multikey} verification
 *       method whose fragment and {@code publicKeyMultibase} are the identifier's multibase value;
 *   <li>{@code did:pkh:eip155:<chainId>:<address>}, per the did:pkh method: one {@code
 *       EcdsaSecp256k1RecoveryMethod2020} verification method, {@code #blockchainAccountId}, whose
 *       {@code blockchainAccountId} is the CAIP-10 account id. The document holds no key: a wallet
 *       proves control by a signature the verifier recovers the address from.
 * </ul>
 *
 * <p>Documents are unmodifiable maps of strings, lists and maps, in the order the specifications
 * show, ready for {@code io.elastos.json.JsonWriter}.
 */
public final class DidDocuments {

    static final String DID_CONTEXT = "https://www.w3.org/ns/did/v1";
    static final String MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1";
    static final String PKH_METHOD_TYPE = "EcdsaSecp256k1RecoveryMethod2020";

    /** The did:pkh specification's context: the W3C contexts define neither term. */
    private static final Map<String, Object> PKH_CONTEXT =
            ordered(
                    "blockchainAccountId",
                    "https://w3id.org/security#blockchainAccountId",
                    PKH_METHOD_TYPE,
                    "https://identity.foundation/EcdsaSecp256k1RecoverySignature2020"
                            + "#EcdsaSecp256k1RecoveryMethod2020");

    private static final String KEY_PREFIX = "did:key:";
    private static final String PKH_PREFIX = "did:pkh:";

    /** The multicodec code of {@code ed25519-pub}. */
    private static final int ED25519_PUB = 0xed;

    /** The same chain ids and addresses as {@link Did} accepts. */
    private static final Pattern EIP155 =
            Pattern.compile("eip155:([1-9][0-9]{0,17}):(0x[0-9A-Fa-f]{40})");

    private static final Pattern CAIP2_NAMESPACE = Pattern.compile("[-a-z0-9]{3,8}");

    private DidDocuments() {}

    /**
     * Resolves a DID to its document.
     *
     * @param did a {@code did:key} with an Ed25519 key or a {@code did:pkh:eip155} account; not a
     *     DID URL (no path, query or fragment)
     * @return the DID document
     * @throws IllegalArgumentException naming what is wrong: another method, a malformed DID, a
     *     multibase other than base58btc, a key type other than Ed25519, a key of the wrong length
     *     or not on the curve, a did:pkh namespace other than eip155
     */
    public static Map<String, Object> resolve(String did) {
        if (did == null) {
            throw new IllegalArgumentException("no DID given");
        }
        if (did.length() > Did.MAX_LENGTH) {
            // Base58 decoding is quadratic: refuse hostile lengths before it.
            throw new IllegalArgumentException(
                    "cannot resolve a DID longer than " + Did.MAX_LENGTH + " characters");
        }
        if (did.startsWith(KEY_PREFIX)) {
            return didKey(did);
        }
        if (did.startsWith(PKH_PREFIX)) {
            return didPkh(did);
        }
        throw new IllegalArgumentException(
                "cannot resolve " + quote(did) + ": only did:key and did:pkh are resolved locally");
    }

    private static Map<String, Object> didKey(String did) {
        String multibase = did.substring(KEY_PREFIX.length());
        if (multibase.isEmpty() || !multibase.startsWith("z")) {
            throw new IllegalArgumentException(
                    "malformed did:key "
                            + quote(did)
                            + ": the key must be multibase base58btc, starting with 'z'");
        }
        byte[] bytes;
        try {
            bytes = Base58.decode(multibase.substring(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "malformed did:key " + quote(did) + ": " + e.getMessage(), e);
        }
        int[] header = varint(bytes, did);
        if (header[0] != ED25519_PUB) {
            throw new IllegalArgumentException(
                    "unsupported did:key "
                            + quote(did)
                            + ": multicodec 0x"
                            + Integer.toHexString(header[0])
                            + " is not ed25519-pub (0xed); only Ed25519 keys are resolved");
        }
        int keyLength = bytes.length - header[1];
        if (keyLength != 32) {
            throw new IllegalArgumentException(
                    "malformed did:key "
                            + quote(did)
                            + ": an Ed25519 public key is 32 bytes, not "
                            + keyLength);
        }
        if (!Ed25519.validatePublicKeyFull(bytes, header[1])) {
            throw new IllegalArgumentException(
                    "malformed did:key " + quote(did) + ": not a valid Ed25519 public key");
        }
        // One spelling per key: the canonical encoding must give back the DID as written.
        byte[] key = Arrays.copyOfRange(bytes, header[1], bytes.length);
        if (!DidKey.fromEd25519(key).equals(did)) {
            throw new IllegalArgumentException(
                    "malformed did:key " + quote(did) + ": not the canonical encoding of its key");
        }
        String method = did + "#" + multibase;
        return document(
                List.of(DID_CONTEXT, MULTIKEY_CONTEXT),
                did,
                ordered(
                        "id", method,
                        "type", "Multikey",
                        "controller", did,
                        "publicKeyMultibase", multibase),
                // The did:key method gives its one key every verification relationship but
                // keyAgreement (which would need a derived X25519 key the node does not use).
                List.of(
                        "authentication",
                        "assertionMethod",
                        "capabilityInvocation",
                        "capabilityDelegation"));
    }

    private static Map<String, Object> didPkh(String did) {
        String account = did.substring(PKH_PREFIX.length());
        Matcher m = EIP155.matcher(account);
        if (!m.matches()) {
            int colon = account.indexOf(':');
            String namespace = colon < 0 ? account : account.substring(0, colon);
            if (!namespace.equals("eip155") && CAIP2_NAMESPACE.matcher(namespace).matches()) {
                throw new IllegalArgumentException(
                        "unsupported did:pkh "
                                + quote(did)
                                + ": namespace "
                                + namespace
                                + " is not eip155; only Ethereum-style accounts are resolved");
            }
            throw new IllegalArgumentException(
                    "malformed did:pkh "
                            + quote(did)
                            + ": expected did:pkh:eip155:<chain id>:0x<40 hex digits>");
        }
        String method = did + "#blockchainAccountId";
        return document(
                List.of(DID_CONTEXT, PKH_CONTEXT),
                did,
                ordered(
                        "id", method,
                        "type", PKH_METHOD_TYPE,
                        "controller", did,
                        "blockchainAccountId", account),
                List.of("authentication", "assertionMethod"));
    }

    private static Map<String, Object> document(
            List<Object> context,
            String did,
            Map<String, Object> method,
            List<String> relationships) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("@context", context);
        doc.put("id", did);
        doc.put("verificationMethod", List.of(method));
        for (String relationship : relationships) {
            doc.put(relationship, List.of(method.get("id")));
        }
        return Collections.unmodifiableMap(doc);
    }

    /**
     * Reads the unsigned varint multicodec header.
     *
     * @return the code and the header's length in bytes
     */
    private static int[] varint(byte[] bytes, String did) {
        int code = 0;
        // Multicodec codes are at most 9 bytes; 4 bytes (28 bits) cover every key type there is.
        for (int i = 0; i < Math.min(bytes.length, 4); i++) {
            code |= (bytes[i] & 0x7f) << (7 * i);
            if ((bytes[i] & 0x80) == 0) {
                if (i > 0 && bytes[i] == 0) {
                    break; // a trailing zero byte: not the minimal encoding varints require
                }
                return new int[] {code, i + 1};
            }
        }
        throw new IllegalArgumentException(
                "malformed did:key " + quote(did) + ": no valid multicodec header");
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** The DID for a message, shortened: it may be long or hostile input from a request. */
    private static String quote(String did) {
        String shown = did.length() > 120 ? did.substring(0, 120) + "…" : did;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
