// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.bundles;

import io.elastos.api.superexe.VerificationException;
import io.elastos.api.superexe.VerificationException.Reason;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/** Decides whether a jar signer is trusted: a pinned certificate or a valid chain to a CA. */
final class SignerTrust {

    private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    private static final String ANY_USAGE = "2.5.29.37.0";

    private SignerTrust() {}

    /**
     * Checks the signer against the trust store at a given time.
     *
     * @return the signer's leaf certificate
     * @throws VerificationException with UNTRUSTED_PUBLISHER, or REVOKED for an expired chain
     */
    static X509Certificate check(CodeSigner signer, BundleTrustStore trust, Instant now)
            throws VerificationException {
        List<X509Certificate> path = new ArrayList<>();
        for (var c : signer.getSignerCertPath().getCertificates()) {
            path.add((X509Certificate) c);
        }
        X509Certificate leaf = path.get(0);
        if (trust.isTrusted(leaf)) {
            checkValidity(leaf, now);
        } else {
            checkChain(path, trust.anchors(), now);
        }
        checkUsage(leaf);
        return leaf;
    }

    private static void checkValidity(X509Certificate leaf, Instant now)
            throws VerificationException {
        try {
            leaf.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new VerificationException(
                    Reason.REVOKED,
                    "the signer certificate "
                            + describe(leaf)
                            + " expired on "
                            + leaf.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new VerificationException(
                    Reason.REVOKED,
                    "the signer certificate "
                            + describe(leaf)
                            + " is not valid before "
                            + leaf.getNotBefore().toInstant());
        }
    }

    /** PKIX from the signer up to a trusted CA, without revocation lists (the node is offline). */
    private static void checkChain(
            List<X509Certificate> path, Set<TrustAnchor> anchors, Instant now)
            throws VerificationException {
        X509Certificate leaf = path.get(0);
        if (anchors.isEmpty()) {
            throw untrusted(leaf, "no trusted certificate authority vouches for it");
        }
        // The signer may ship the root itself; PKIX wants the path to stop below the anchor.
        List<X509Certificate> chain = new ArrayList<>(path);
        chain.removeIf(
                c -> c != leaf && anchors.stream().anyMatch(a -> c.equals(a.getTrustedCert())));
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(chain);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
        } catch (CertPathValidatorException e) {
            if (e.getReason() == BasicReason.EXPIRED
                    || e.getReason() == BasicReason.NOT_YET_VALID) {
                throw new VerificationException(
                        Reason.REVOKED,
                        "the certificate chain of "
                                + describe(leaf)
                                + " is not valid now: "
                                + e.getMessage(),
                        e);
            }
            throw untrusted(leaf, e.getMessage());
        } catch (GeneralSecurityException e) {
            throw untrusted(leaf, e.toString());
        }
    }

    /** A certificate restricted to other purposes must not sign code. */
    private static void checkUsage(X509Certificate leaf) throws VerificationException {
        boolean[] keyUsage = leaf.getKeyUsage();
        if (keyUsage != null && !keyUsage[0]) {
            throw untrusted(leaf, "its key usage does not allow digital signatures");
        }
        try {
            List<String> extended = leaf.getExtendedKeyUsage();
            if (extended != null
                    && !extended.contains(CODE_SIGNING)
                    && !extended.contains(ANY_USAGE)) {
                throw untrusted(leaf, "its extended key usage does not allow code signing");
            }
        } catch (CertificateException e) {
            throw untrusted(leaf, "its extended key usage cannot be read");
        }
    }

    private static VerificationException untrusted(X509Certificate leaf, String why) {
        return new VerificationException(
                Reason.UNTRUSTED_PUBLISHER,
                "the signer "
                        + describe(leaf)
                        + " is not trusted: "
                        + why
                        + "; to trust it, put its PEM certificate in <data>/trust/bundles/");
    }

    static String describe(X509Certificate cert) {
        return "\""
                + cert.getSubjectX500Principal().getName()
                + "\" (SHA-256 "
                + fingerprint(cert)
                + ")";
    }

    /**
     * The SHA-256 fingerprint of a certificate as lowercase hex.
     *
     * @param cert the certificate
     * @return 64 hex digits
     */
    static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }
}
