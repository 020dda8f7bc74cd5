// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.bundles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleTrustStoreTest {

    @TempDir Path dir;

    @Test
    void readsPemFilesAndFollowsChanges() throws Exception {
        TestPki.Identity dev = TestPki.selfSigned("Dev");
        TestPki.Identity other = TestPki.selfSigned("Other");
        TestPki.Identity ca = TestPki.ca("Root");
        Path trustDir = dir.resolve("trust/bundles");
        BundleTrustStore store = new BundleTrustStore(trustDir);
        assertTrue(store.certificates().isEmpty(), "a missing directory trusts nobody");

        Files.createDirectories(trustDir);
        Path devPem = Files.writeString(trustDir.resolve("dev.pem"), TestPki.pem(dev.cert()));
        Files.writeString(trustDir.resolve("garbage.pem"), "not a certificate");
        Files.writeString(trustDir.resolve("ignored.txt"), TestPki.pem(other.cert()));
        assertTrue(store.isTrusted(dev.cert()));
        assertFalse(store.isTrusted(other.cert()));
        assertTrue(store.anchors().isEmpty(), "a pinned developer certificate is not a CA");

        Files.writeString(
                trustDir.resolve("both.pem"), TestPki.pem(other.cert()) + TestPki.pem(ca.cert()));
        assertTrue(store.isTrusted(other.cert()));
        assertEquals(1, store.anchors().size());

        Files.writeString(devPem, TestPki.pem(ca.cert()));
        Files.setLastModifiedTime(devPem, FileTime.from(Instant.now().plusSeconds(5)));
        assertFalse(store.isTrusted(dev.cert()), "a replaced file is re-read");

        Files.delete(trustDir.resolve("both.pem"));
        assertFalse(store.isTrusted(other.cert()), "a deleted file is forgotten");
    }

    @Test
    void addAndRemoveOverrideTheFiles() throws Exception {
        TestPki.Identity dev = TestPki.selfSigned("Dev");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("dev.pem"), TestPki.pem(dev.cert()));
        BundleTrustStore store = new BundleTrustStore(dir);
        assertTrue(store.isTrusted(dev.cert()));
        store.remove(dev.cert());
        assertFalse(store.isTrusted(dev.cert()));
        store.add(dev.cert());
        assertTrue(store.isTrusted(dev.cert()));
    }
}
