// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.bundles;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Generates test keys and certificates at run time, so no key material is checked in. */
final class TestPki {

    /** A private key with its certificate chain, leaf first. */
    record Identity(PrivateKey key, List<X509Certificate> chain) {
        X509Certificate cert() {
            return chain.get(0);
        }
    }

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private TestPki() {}

    /** A developer's self-signed certificate, valid from yesterday for a year. */
    static Identity selfSigned(String cn) throws Exception {
        Instant now = Instant.now();
        return selfSigned(cn, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
    }

    static Identity selfSigned(String cn, Instant notBefore, Instant notAfter) throws Exception {
        KeyPair keys = keyPair();
        X500Name name = name(cn);
        X509Certificate cert =
                build(name, keys.getPrivate(), name, keys.getPublic(), notBefore, notAfter, false);
        return new Identity(keys.getPrivate(), List.of(cert));
    }

    /** A certificate authority valid for ten years. */
    static Identity ca(String cn) throws Exception {
        KeyPair keys = keyPair();
        X500Name name = name(cn);
        Instant now = Instant.now();
        X509Certificate cert =
                build(
                        name,
                        keys.getPrivate(),
                        name,
                        keys.getPublic(),
                        now.minus(Duration.ofDays(1)),
                        now.plus(Duration.ofDays(3650)),
                        true);
        return new Identity(keys.getPrivate(), List.of(cert));
    }

    /** A code-signing certificate issued by a CA, valid from yesterday for a year. */
    static Identity issue(Identity ca, String cn) throws Exception {
        Instant now = Instant.now();
        return issue(ca, cn, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
    }

    static Identity issue(Identity ca, String cn, Instant notBefore, Instant notAfter)
            throws Exception {
        KeyPair keys = keyPair();
        X500Name issuer = X500Name.getInstance(ca.cert().getSubjectX500Principal().getEncoded());
        X509Certificate cert =
                build(issuer, ca.key(), name(cn), keys.getPublic(), notBefore, notAfter, false);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(ca.chain());
        return new Identity(keys.getPrivate(), chain);
    }

    static String pem(X509Certificate cert) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X500Name name(String cn) {
        return new X500Name("CN=" + cn + ",O=ElastOS Test");
    }

    private static X509Certificate build(
            X500Name issuer,
            PrivateKey issuerKey,
            X500Name subject,
            PublicKey key,
            Instant notBefore,
            Instant notAfter,
            boolean ca)
            throws Exception {
        X509v3CertificateBuilder builder =
                new JcaX509v3CertificateBuilder(
                        issuer,
                        BigInteger.valueOf(SERIAL.incrementAndGet()),
                        Date.from(notBefore),
                        Date.from(notAfter),
                        subject,
                        key);
        if (ca) {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(
                    Extension.extendedKeyUsage,
                    false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
        }
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(
                                    new JcaContentSignerBuilder("SHA256withECDSA")
                                            .build(issuerKey)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
