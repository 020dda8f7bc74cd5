// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.bundles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elastos.api.superexe.VerificationException;
import io.elastos.api.superexe.VerificationException.Reason;
import io.elastos.api.superexe.VerifiedBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignedBundleVerifierTest {

    private static TestPki.Identity developer;
    private static TestPki.Identity ca;
    private static TestPki.Identity publisher;
    private static TestPki.Identity stranger;

    @TempDir Path dir;
    private BundleTrustStore trust;
    private Path work;
    private SignedBundleVerifier verifier;

    @BeforeAll
    static void keys() throws Exception {
        developer = TestPki.selfSigned("Dev");
        ca = TestPki.ca("Test Root CA");
        publisher = TestPki.issue(ca, "Publisher");
        stranger = TestPki.selfSigned("Stranger");
    }

    @BeforeEach
    void setUp() {
        trust = new BundleTrustStore(dir.resolve("trust"));
        trust.add(developer.cert());
        trust.add(ca.cert());
        work = dir.resolve("work");
        verifier = new SignedBundleVerifier(trust, work, Clock.systemUTC(), ArchiveLimits.DEFAULT);
    }

    private Path plain(String bsn, String version) throws Exception {
        return TestJars.bundle(dir.resolve(bsn + "-" + version + ".jar"), bsn, version);
    }

    private VerificationException refused(Path jar, Reason reason) {
        VerificationException e =
                assertThrows(VerificationException.class, () -> verifier.verify(jar));
        assertEquals(reason, e.reason(), e.getMessage());
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(0, left.count(), "a refused jar leaves no copy behind");
        } catch (java.io.IOException io) {
            throw new AssertionError(io);
        }
        return e;
    }

    @Test
    void acceptsSelfSignedPinnedDeveloperCertificate() throws Exception {
        Path jar = TestJars.sign(plain("org.example.dev", "1.2.3.qualifier"), developer);
        VerifiedBundle b = verifier.verify(jar);
        assertEquals("org.example.dev", b.symbolicName());
        assertEquals("1.2.3.qualifier", b.version());
        assertTrue(b.signer().contains("CN=Dev"), b.signer());
        assertEquals(SignerTrust.fingerprint(developer.cert()), b.signerFingerprint());
        assertEquals(64, b.signerFingerprint().length());
        assertNotEquals(jar, b.file());
        assertTrue(b.file().startsWith(work));
        assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(b.file()));
    }

    @Test
    void acceptsCertificateIssuedByTrustedCa() throws Exception {
        Path jar = TestJars.sign(plain("org.example.pub", "2.0.0"), publisher);
        VerifiedBundle b = verifier.verify(jar);
        assertTrue(b.signer().contains("CN=Publisher"), b.signer());
        assertEquals(SignerTrust.fingerprint(publisher.cert()), b.signerFingerprint());
    }

    @Test
    void acceptsSymbolicNameWithDirectives() throws Exception {
        Path jar =
                TestJars.sign(
                        TestJars.bundle(
                                dir.resolve("s.jar"),
                                "org.example.single; singleton:=true",
                                "1.0.0",
                                Map.of(),
                                Map.of("a.txt", "a")),
                        developer);
        assertEquals("org.example.single", verifier.verify(jar).symbolicName());
    }

    @Test
    void refusesUnsignedJar() throws Exception {
        refused(plain("org.example.unsigned", "1.0.0"), Reason.UNSIGNED);
    }

    @Test
    void refusesEntryAddedAfterSigning() throws Exception {
        Path jar = TestJars.sign(plain("org.example.partly", "1.0.0"), developer);
        Path partly = TestJars.withEntry(jar, "io/example/Backdoor.class", "evil");
        VerificationException e = refused(partly, Reason.BAD_SIGNATURE);
        assertTrue(e.getMessage().contains("io/example/Backdoor.class"), e.getMessage());
    }

    @Test
    void refusesTamperedEntry() throws Exception {
        Path jar = TestJars.sign(plain("org.example.tampered", "1.0.0"), developer);
        Path tampered = TestJars.withChangedEntry(jar, "io/example/info.txt", s -> s + " evil");
        VerificationException e = refused(tampered, Reason.HASH_MISMATCH);
        assertTrue(e.getMessage().contains("io/example/info.txt"), e.getMessage());
    }

    @Test
    void refusesTamperedManifestHeaders() throws Exception {
        Path jar = TestJars.sign(plain("org.example.manifest", "1.0.0"), developer);
        Path tampered =
                TestJars.withChangedEntry(
                        jar,
                        "META-INF/MANIFEST.MF",
                        s -> s.replace("Bundle-Version: 1.0.0", "Bundle-Version: 9.0.0"));
        VerificationException e =
                assertThrows(VerificationException.class, () -> verifier.verify(tampered));
        assertTrue(
                e.reason() == Reason.BAD_SIGNATURE || e.reason() == Reason.HASH_MISMATCH,
                e.reason() + ": " + e.getMessage());
    }

    @Test
    void refusesUntrustedSignerNamingItsFingerprint() throws Exception {
        Path jar = TestJars.sign(plain("org.example.stranger", "1.0.0"), stranger);
        VerificationException e = refused(jar, Reason.UNTRUSTED_PUBLISHER);
        assertTrue(e.getMessage().contains("CN=Stranger"), e.getMessage());
        assertTrue(
                e.getMessage().contains(SignerTrust.fingerprint(stranger.cert())), e.getMessage());
    }

    @Test
    void refusesCaIssuedSignerOnceTheCaIsNoLongerTrusted() throws Exception {
        Path jar = TestJars.sign(plain("org.example.pub", "2.0.0"), publisher);
        trust.remove(ca.cert());
        refused(jar, Reason.UNTRUSTED_PUBLISHER);
    }

    @Test
    void pinnedLeafCannotVouchForOtherCertificates() throws Exception {
        // The developer's key issues a "CA-less" child; only the exact pinned certificate counts.
        TestPki.Identity child = TestPki.issue(developer, "Child");
        refused(
                TestJars.sign(plain("org.example.child", "1.0.0"), child),
                Reason.UNTRUSTED_PUBLISHER);
    }

    @Test
    void refusesExpiredPinnedCertificate() throws Exception {
        Instant now = Instant.now();
        TestPki.Identity expired =
                TestPki.selfSigned(
                        "Expired", now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
        trust.add(expired.cert());
        VerificationException e =
                refused(TestJars.sign(plain("org.example.old", "1.0.0"), expired), Reason.REVOKED);
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    @Test
    void refusesExpiredCaIssuedCertificate() throws Exception {
        Instant now = Instant.now();
        TestPki.Identity expired =
                TestPki.issue(
                        ca,
                        "Old Publisher",
                        now.minus(Duration.ofDays(30)),
                        now.minus(Duration.ofDays(1)));
        refused(TestJars.sign(plain("org.example.old", "1.0.0"), expired), Reason.REVOKED);
    }

    @Test
    void refusesCertificateThatIsNotYetValidAtTheVerifierClock() throws Exception {
        Path jar = TestJars.sign(plain("org.example.dev", "1.0.0"), developer);
        SignedBundleVerifier past =
                new SignedBundleVerifier(
                        trust,
                        work,
                        Clock.fixed(
                                Instant.now().minus(Duration.ofDays(10)), java.time.ZoneOffset.UTC),
                        ArchiveLimits.DEFAULT);
        VerificationException e = assertThrows(VerificationException.class, () -> past.verify(jar));
        assertEquals(Reason.REVOKED, e.reason());
    }

    @Test
    void refusesTwoDifferentSigners() throws Exception {
        Path once = TestJars.sign(plain("org.example.two", "1.0.0"), developer, "DEV");
        Path twice = TestJars.sign(once, publisher, "PUB");
        refused(twice, Reason.BAD_SIGNATURE);
    }

    @Test
    void refusesEntrySignedByAnotherSignerThanTheRest() throws Exception {
        Path once = TestJars.sign(plain("org.example.mixed", "1.0.0"), developer, "DEV");
        Path added = TestJars.withEntry(once, "io/example/Extra.class", "extra");
        VerificationException e =
                refused(TestJars.sign(added, publisher, "PUB"), Reason.BAD_SIGNATURE);
        assertTrue(e.getMessage().contains("signer"), e.getMessage());
    }

    @Test
    void refusesSignedJarWithoutSymbolicName() throws Exception {
        Path jar =
                TestJars.sign(
                        TestJars.bundle(
                                dir.resolve("nobsn.jar"),
                                null,
                                "1.0.0",
                                Map.of(),
                                Map.of("a", "b")),
                        developer);
        VerificationException e = refused(jar, Reason.MALFORMED_ARCHIVE);
        assertTrue(e.getMessage().contains("Bundle-SymbolicName"), e.getMessage());
    }

    @Test
    void refusesPathTraversalEntries() throws Exception {
        for (String name :
                new String[] {"../evil.txt", "a/../../evil.txt", "/etc/passwd", "a\\..\\b"}) {
            Path jar =
                    TestJars.bundle(
                            Files.createTempFile(dir, "trav", ".jar"),
                            "org.example.trav",
                            "1.0.0",
                            Map.of(),
                            Map.of(name, "x"));
            refused(TestJars.sign(jar, developer), Reason.UNSAFE_ARCHIVE);
        }
    }

    @Test
    void refusesJarsOverTheLimits() throws Exception {
        Path jar = TestJars.sign(plain("org.example.big", "1.0.0"), developer);
        verifier =
                new SignedBundleVerifier(
                        trust, work, Clock.systemUTC(), new ArchiveLimits(100, 100, 1 << 20));
        refused(jar, Reason.UNSAFE_ARCHIVE);
        verifier =
                new SignedBundleVerifier(
                        trust, work, Clock.systemUTC(), new ArchiveLimits(1 << 20, 3, 1 << 20));
        refused(jar, Reason.UNSAFE_ARCHIVE);
        verifier =
                new SignedBundleVerifier(
                        trust, work, Clock.systemUTC(), new ArchiveLimits(1 << 20, 100, 10));
        refused(jar, Reason.UNSAFE_ARCHIVE);
    }

    @Test
    void refusesFilesThatAreNotJars() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.jar"), "not a zip at all");
        refused(junk, Reason.MALFORMED_ARCHIVE);
        assertThrows(
                VerificationException.class, () -> verifier.verify(dir.resolve("missing.jar")));
    }
}
