// SPDX-License-Identifier: Apache-2.0
package io.elastos.chain.internal;

import io.elastos.api.chain.LicenseReceipt;
import io.elastos.api.chain.LicenseTerms;
import io.elastos.api.chain.LicenseVerdict;
import io.elastos.json.JsonWriter;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;

/**
 * Verifies offline license receipts: EIP-712 typed data hashed by web3j's {@link
 * StructuredDataEncoder}, signer recovered with {@link Sign}. No network access.
 */
final class ReceiptCheck {

    /** Half the secp256k1 group order: larger {@code s} values are malleable copies. */
    private static final BigInteger HALF_N =
            new BigInteger("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0", 16);

    private final Clock clock;

    ReceiptCheck(Clock clock) {
        this.clock = clock;
    }

    LicenseVerdict check(
            LicenseTerms terms, String appId, LicenseReceipt receipt, List<String> wallets) {
        Instant now = clock.instant();
        if (terms.issuer() == null) {
            return invalid(now, "the license names no receipt issuer, so it accepts no receipts");
        }
        String signer;
        try {
            signer = signer(receipt);
        } catch (RuntimeException | java.security.SignatureException e) {
            return invalid(now, "the receipt signature is malformed");
        }
        if (!signer.equals(terms.issuer())) {
            return invalid(
                    now,
                    "the receipt is signed by "
                            + signer
                            + ", not by the license issuer "
                            + terms.issuer());
        }
        BigInteger token = terms.tokenId() == null ? BigInteger.ZERO : terms.tokenId();
        if (!receipt.appId().equals(appId)) {
            return invalid(now, "the receipt is for app " + receipt.appId() + ", not " + appId);
        }
        if (receipt.chainId() != terms.chainId()
                || !receipt.contract().equals(terms.contract())
                || !receipt.tokenId().equals(token)) {
            return invalid(now, "the receipt is for another license (chain, contract or token)");
        }
        if (!wallets.contains(receipt.holder())) {
            return invalid(
                    now, "the receipt is for wallet " + receipt.holder() + ", not the owner's");
        }
        if (!receipt.expiresAt().isAfter(now)) {
            return invalid(now, "the receipt expired at " + receipt.expiresAt());
        }
        return new LicenseVerdict(
                true,
                "receipt by issuer "
                        + signer
                        + " for "
                        + receipt.holder()
                        + ", valid until "
                        + receipt.expiresAt(),
                receipt.expiresAt(),
                now,
                receipt.holder());
    }

    /** The address that signed the receipt's typed data, lowercase. */
    static String signer(LicenseReceipt receipt) throws java.security.SignatureException {
        return recover(hash(receipt), receipt.signature())
                .orElseThrow(() -> new java.security.SignatureException("malformed signature"));
    }

    /**
     * Recovers the signer of a 32-byte hash from a 65-byte {@code r || s || v} signature; empty if
     * the signature is malformed, malleable (high s) or recovers no key.
     */
    static java.util.Optional<String> recover(byte[] hash, byte[] sig) {
        if (sig == null || sig.length != 65) {
            return java.util.Optional.empty();
        }
        byte v = sig[64];
        if (v < 27) {
            v += 27;
        }
        byte[] r = Arrays.copyOfRange(sig, 0, 32);
        byte[] s = Arrays.copyOfRange(sig, 32, 64);
        if (new BigInteger(1, s).compareTo(HALF_N) > 0 || (v != 27 && v != 28)) {
            return java.util.Optional.empty();
        }
        try {
            BigInteger key = Sign.signedMessageHashToKey(hash, new Sign.SignatureData(v, r, s));
            return java.util.Optional.of("0x" + Keys.getAddress(key).toLowerCase(Locale.ROOT));
        } catch (java.security.SignatureException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** The EIP-712 hash of the receipt, as a wallet's {@code eth_signTypedData_v4} signs it. */
    static byte[] hash(LicenseReceipt receipt) {
        try {
            return new StructuredDataEncoder(typedData(receipt)).hashStructuredData();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("typed data the node built is invalid", e);
        }
    }

    /** The typed-data document of a receipt; documented in docs/licenses.md. */
    static String typedData(LicenseReceipt receipt) {
        Map<String, Object> types = new LinkedHashMap<>();
        types.put(
                "EIP712Domain",
                List.of(
                        field("name", "string"),
                        field("version", "string"),
                        field("chainId", "uint256"),
                        field("verifyingContract", "address")));
        types.put(
                "LicenseReceipt",
                List.of(
                        field("appId", "string"),
                        field("holder", "address"),
                        field("chainId", "uint256"),
                        field("contract", "address"),
                        field("tokenId", "uint256"),
                        field("expiresAt", "uint64")));
        Map<String, Object> domain = new LinkedHashMap<>();
        domain.put("name", LicenseReceipt.DOMAIN_NAME);
        domain.put("version", LicenseReceipt.DOMAIN_VERSION);
        domain.put("chainId", receipt.chainId());
        domain.put("verifyingContract", receipt.contract());
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("appId", receipt.appId());
        message.put("holder", receipt.holder());
        message.put("chainId", receipt.chainId());
        message.put("contract", receipt.contract());
        // Decimal strings: web3j reads uint256 values of any size from them.
        message.put("tokenId", receipt.tokenId().toString());
        message.put("expiresAt", receipt.expiresAt().getEpochSecond());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("types", types);
        doc.put("primaryType", "LicenseReceipt");
        doc.put("domain", domain);
        doc.put("message", message);
        return JsonWriter.write(doc);
    }

    private static Map<String, Object> field(String name, String type) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", name);
        f.put("type", type);
        return f;
    }

    private static LicenseVerdict invalid(Instant now, String reason) {
        return new LicenseVerdict(false, reason, null, now, null);
    }
}
