// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.pkg;

import io.elastos.api.identity.Did;
import io.elastos.api.superexe.VerificationException;
import io.elastos.api.superexe.VerificationException.Reason;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Checks the publisher's signature over the exact manifest bytes against the publisher DID. */
final class SignatureVerifier {
    private SignatureVerifier() {}

    /**
     * Verifies a signature file.
     *
     * @throws VerificationException {@code UNSIGNED} if the signature is absent or empty, {@code
     *     BAD_SIGNATURE} if it does not verify, {@code INVALID_MANIFEST} if the DID cannot sign
     */
    static void verify(Did publisher, byte[] manifest, byte[] signature)
            throws VerificationException {
        if (signature == null || signature.length == 0) {
            throw new VerificationException(
                    Reason.UNSIGNED, "package has no signature (file '" + "signature" + "')");
        }
        Optional<String> address = publisher.evmAddress();
        if (address.isPresent()) {
            verifyEip191(publisher, address.get(), manifest, signature);
        } else if (publisher.method().equals(Did.METHOD_KEY)) {
            verifyEd25519(publisher, manifest, signature);
        } else {
            throw new VerificationException(
                    Reason.INVALID_MANIFEST, "publisher DID method cannot sign: " + publisher);
        }
    }

    private static void verifyEd25519(Did publisher, byte[] manifest, byte[] signature)
            throws VerificationException {
        if (signature.length != 64) {
            throw bad("Ed25519 signature must be 64 bytes, found " + signature.length);
        }
        byte[] key;
        try {
            key = DidKeys.ed25519PublicKey(publisher);
        } catch (IllegalArgumentException e) {
            throw new VerificationException(
                    Reason.INVALID_MANIFEST, "publisher is not an Ed25519 did:key: " + publisher);
        }
        boolean ok;
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(key, 0));
            verifier.update(manifest, 0, manifest.length);
            ok = verifier.verifySignature(signature);
        } catch (RuntimeException e) {
            // An off-curve public key is the publisher's fault, but still no valid signature.
            ok = false;
        }
        if (!ok) {
            throw bad("Ed25519 signature does not verify against " + publisher);
        }
    }

    private static void verifyEip191(Did publisher, String address, byte[] manifest, byte[] sig)
            throws VerificationException {
        if (sig.length != 65) {
            throw bad("wallet signature must be 65 bytes r||s||v, found " + sig.length);
        }
        int v = sig[64] & 0xff;
        if (v != 0 && v != 1 && v != 27 && v != 28) {
            throw bad("wallet signature has v=" + v + ", expected 27 or 28 (or 0 or 1)");
        }
        if (new BigInteger(1, Arrays.copyOfRange(sig, 32, 64)).compareTo(Secp256k1.HALF_N) > 0) {
            throw bad("wallet signature has a high-s value, the malleated form EIP-2 forbids");
        }
        Optional<String> recovered = Eip191.recoverAddress(manifest, sig);
        if (recovered.isEmpty()) {
            throw bad("wallet signature is malformed: r or s out of range, or no key recovers");
        }
        if (!recovered.get().equals(address.toLowerCase(Locale.ROOT))) {
            throw bad(
                    "wallet signature recovers to "
                            + recovered.get()
                            + ", not the publisher "
                            + publisher);
        }
    }

    private static VerificationException bad(String message) {
        return new VerificationException(Reason.BAD_SIGNATURE, "signature: " + message);
    }
}
