// SPDX-License-Identifier: Apache-2.0
package io.elastos.identity.internal.access;

import io.elastos.api.identity.Did;
import io.elastos.json.JsonException;
import io.elastos.json.JsonReader;
import io.elastos.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A grant shared with another node's owner as a W3C Verifiable Credential (data model 2.0), signed
 * by this node's owner's wallet with EIP-191 {@code personal_sign} over the credential's signing
 * input: the credential without its proof, written by {@link JsonWriter} with the members in the
 * order below. The verifier rebuilds that input from the parsed fields, so the presenter's JSON
 * formatting does not matter, and any changed field breaks the signature.
 *
 * @param id the grant id
 * @param issuer the owner who granted it
 * @param grantee the other node's owner
 * @param resource what may be used, such as {@code app:org.example.notes}
 * @param node this node's DID, so a credential for one node opens nothing on another
 * @param validFrom when it was issued
 * @param validUntil when it ends
 * @param proofValue the signature, {@code 0x} hex, or {@code null} while unsigned
 */
public record GrantCredential(
        String id,
        Did issuer,
        Did grantee,
        String resource,
        String node,
        Instant validFrom,
        Instant validUntil,
        String proofValue) {

    static final String TYPE = "ElastosAccessGrant";
    static final String PROOF_TYPE = "EthereumPersonalSignature2021";
    private static final JsonReader.Limits LIMITS = new JsonReader.Limits(8000, 4, 2048);

    /** The exact text the owner's wallet signs. */
    public String signingInput() {
        return JsonWriter.write(unsigned());
    }

    private Map<String, Object> unsigned() {
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("id", grantee.value());
        subject.put("resource", resource);
        subject.put("node", node);
        Map<String, Object> vc = new LinkedHashMap<>();
        vc.put("@context", List.of("https://www.w3.org/ns/credentials/v2"));
        vc.put("id", "urn:elastos:grant:" + id);
        vc.put("type", List.of("VerifiableCredential", TYPE));
        vc.put("issuer", issuer.value());
        vc.put("validFrom", validFrom.toString());
        vc.put("validUntil", validUntil.toString());
        vc.put("credentialSubject", subject);
        return vc;
    }

    /** The credential as JSON, with its proof when signed. */
    public String toJson() {
        Map<String, Object> vc = unsigned();
        if (proofValue != null) {
            Map<String, Object> proof = new LinkedHashMap<>();
            proof.put("type", PROOF_TYPE);
            proof.put("verificationMethod", issuer.value() + "#blockchainAccountId");
            proof.put("proofPurpose", "assertionMethod");
            proof.put("proofValue", proofValue);
            vc.put("proof", proof);
        }
        return JsonWriter.write(vc);
    }

    byte[] signature() {
        return HexFormat.of().parseHex(proofValue.substring(2));
    }

    GrantCredential withProof(String signature) {
        return new GrantCredential(
                id, issuer, grantee, resource, node, validFrom, validUntil, signature);
    }

    /**
     * Parses a presented credential strictly.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static GrantCredential parse(String json) {
        Object tree;
        try {
            tree = JsonReader.parse(json.getBytes(StandardCharsets.UTF_8), LIMITS);
        } catch (JsonException e) {
            throw new IllegalArgumentException("the credential is not valid JSON");
        }
        if (!(tree instanceof Map<?, ?> vc)
                || !(vc.get("credentialSubject") instanceof Map<?, ?> subject)
                || !(vc.get("proof") instanceof Map<?, ?> proof)) {
            throw new IllegalArgumentException("not a signed access-grant credential");
        }
        if (!List.of("VerifiableCredential", TYPE).equals(vc.get("type"))
                || !PROOF_TYPE.equals(proof.get("type"))) {
            throw new IllegalArgumentException("not an " + TYPE + " with a " + PROOF_TYPE);
        }
        String urn = text(vc, "id");
        if (!urn.matches("urn:elastos:grant:[0-9a-f]{32}")) {
            throw new IllegalArgumentException("malformed credential id");
        }
        String proofValue = text(proof, "proofValue");
        if (!proofValue.matches("0x[0-9a-fA-F]{130}")) {
            throw new IllegalArgumentException("malformed proof value");
        }
        try {
            return new GrantCredential(
                    urn.substring("urn:elastos:grant:".length()),
                    Did.of(text(vc, "issuer")),
                    Did.of(text(subject, "id")),
                    text(subject, "resource"),
                    text(subject, "node"),
                    Instant.parse(text(vc, "validFrom")),
                    Instant.parse(text(vc, "validUntil")),
                    proofValue);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("malformed validity dates");
        }
    }

    private static String text(Map<?, ?> m, String field) {
        if (!(m.get(field) instanceof String s)) {
            throw new IllegalArgumentException("credential field '" + field + "' missing");
        }
        return s;
    }
}
