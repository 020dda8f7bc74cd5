// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.superexe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.elastos.api.identity.Did;
import io.elastos.api.runtime.Capability;
import io.elastos.api.runtime.ResourceLimits;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AppManifestTest {

    private static final String HASH = "a".repeat(64);
    private static final Did PUBLISHER =
            Did.of("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");

    private static AppManifest manifest(
            String id, String version, String ui, Map<String, String> files) {
        return new AppManifest(
                id,
                "Notes",
                version,
                PUBLISHER,
                "extism/1",
                "notes.wasm",
                ui,
                Set.of(Capability.of("storage.kv")),
                ResourceLimits.DEFAULT,
                null,
                files);
    }

    private static Map<String, String> files(String... paths) {
        Map<String, String> files = new HashMap<>();
        files.put("notes.wasm", HASH);
        for (String p : paths) {
            files.put(p, HASH);
        }
        return files;
    }

    @Test
    void acceptsAWellFormedManifestAndCopiesItsFiles() {
        Map<String, String> files = files("ui/index.html");
        AppManifest m = manifest("org.example.notes", "1.2.0-beta.1+build.7", "ui", files);
        files.clear();
        assertEquals(2, m.files().size());
        assertThrows(UnsupportedOperationException.class, () -> m.files().put("x", HASH));
        manifest("org.example.notes", "0.0.1", null, files());
    }

    @Test
    void refusesBadIdsAndVersions() {
        for (String id :
                new String[] {
                    "notes", "Org.Example.Notes", "org..notes", "org.example.", "1org.x"
                }) {
            assertThrows(
                    IllegalArgumentException.class, () -> manifest(id, "1.0.0", null, files()), id);
        }
        for (String v : new String[] {"1", "1.0", "01.0.0", "1.0.0-", "v1.0.0", "1.0.0+"}) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> manifest("org.example.notes", v, null, files()),
                    v);
        }
    }

    @Test
    void refusesUnsafeFilePathsAndBadHashes() {
        for (String path :
                new String[] {
                    "../evil",
                    "/abs",
                    "ui//x",
                    "ui/./x",
                    "a\\b",
                    "C:x",
                    "ui/",
                    AppManifest.MANIFEST_FILE,
                    AppManifest.SIGNATURE_FILE,
                    "nul\u0000byte"
                }) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> manifest("org.example.notes", "1.0.0", null, files(path)),
                    path);
        }
        Map<String, String> upper = files();
        upper.put("notes.wasm", "A".repeat(64));
        assertThrows(
                IllegalArgumentException.class,
                () -> manifest("org.example.notes", "1.0.0", null, upper));
    }

    @Test
    void entryAndUiMustBeInThePackage() {
        Map<String, String> noEntry = new HashMap<>(Map.of("other.wasm", HASH));
        assertThrows(
                IllegalArgumentException.class,
                () -> manifest("org.example.notes", "1.0.0", null, noEntry));
        assertThrows(
                IllegalArgumentException.class,
                () -> manifest("org.example.notes", "1.0.0", "ui", files("uix/index.html")));
    }

    @Test
    void installResultsNameTheFailedStepExactlyWhenTheyFail() {
        InstallResult ok =
                InstallResult.succeeded(
                        InstallResult.Operation.UPDATE,
                        "org.example.notes",
                        "1.1.0",
                        "1.0.0",
                        "updated");
        assertEquals("1.0.0", ok.previousVersion());
        InstallResult refused =
                InstallResult.failed(
                        InstallResult.Operation.INSTALL,
                        null,
                        null,
                        InstallResult.Step.VERIFY,
                        "bad signature");
        assertEquals(InstallResult.Step.VERIFY, refused.failedStep());
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new InstallResult(
                                InstallResult.Operation.REMOVE,
                                "a.b",
                                true,
                                null,
                                "1.0.0",
                                InstallResult.Step.COMMIT,
                                "x"));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new InstallResult(
                                InstallResult.Operation.REMOVE,
                                "a.b",
                                false,
                                null,
                                "1.0.0",
                                null,
                                "x"));
        assertThrows(
                NullPointerException.class,
                () ->
                        InstallResult.succeeded(
                                InstallResult.Operation.INSTALL, null, "1.0.0", null, "x"));
    }
}
