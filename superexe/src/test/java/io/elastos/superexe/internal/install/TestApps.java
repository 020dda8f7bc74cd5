// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.install;

import io.elastos.api.chain.LicenseTerms;
import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.runtime.Capability;
import io.elastos.api.runtime.ResourceLimits;
import io.elastos.metadata.internal.TestMetadata;
import io.elastos.runtime.internal.GraalWasmEngine;
import io.elastos.superexe.internal.pkg.KeyFiles;
import io.elastos.superexe.internal.pkg.PackageBuilder;
import io.elastos.superexe.internal.pkg.PublisherKey;
import io.elastos.superexe.testing.OutputWasm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node's worth of SuperEXE for tests: real Derby, the real GraalWasm runtime, a trusted publisher
 * key, and signed packages of a tiny plug-in whose {@code version} export answers its own version.
 * The plug-in is compiled from WAT by wabt's {@code wat2wasm} at test time.
 */
final class TestApps implements AutoCloseable {

    static final String APP = "org.example.hello";
    private static final Map<String, byte[]> WASM = new ConcurrentHashMap<>();

    final Path dir;
    final MetadataStore db;
    final GraalWasmEngine engine = new GraalWasmEngine();
    final PublisherKey publisher = KeyFiles.generate(PublisherKey.Type.ED25519, 0);
    SuperExe superexe;

    /** License settings every (re)opened SuperEXE gets; set before {@link #open()}. */
    io.elastos.api.chain.LicenseChecker licenseChecker;

    java.util.List<String> wallets = java.util.List.of();
    java.time.Clock licenseClock = java.time.Clock.systemUTC();
    io.elastos.superexe.internal.license.LicensePolicy.Settings licenseSettings =
            io.elastos.superexe.internal.license.LicensePolicy.Settings.DEFAULT;

    TestApps(Path dir) throws Exception {
        this.dir = dir;
        db = TestMetadata.open(dir.resolve("db"));
        engine.start();
        superexe = open();
        superexe.trust(publisher.did().value(), "test");
    }

    /** A SuperEXE over the same database and folders, as after a restart. */
    SuperExe open() throws Exception {
        SuperExe s = new SuperExe();
        s.metadata = db;
        s.runtime = engine;
        s.licenseChecker = licenseChecker;
        s.ownerWallets = () -> wallets;
        s.licenseClock = licenseClock;
        s.licenseSettings = licenseSettings;
        s.open(dir.resolve("apps"));
        return s;
    }

    void restart() throws Exception {
        superexe.close();
        superexe = open();
    }

    Path packages() {
        return dir.resolve("apps/packages");
    }

    /** A signed package of {@link #APP} at {@code version}. */
    Path pkg(String version) throws Exception {
        return pkg(version, true, Set.of(), null, publisher);
    }

    Path pkg(
            String version,
            boolean healthy,
            Set<Capability> caps,
            LicenseTerms license,
            PublisherKey key)
            throws Exception {
        PackageBuilder b =
                new PackageBuilder(APP, "Hello", version, key.did())
                        .entry("app.wasm")
                        .file("app.wasm", versionWasm(version, healthy))
                        .file(
                                "ui/index.html",
                                ("<h1>Hello " + version + "</h1>").getBytes(StandardCharsets.UTF_8))
                        .ui("ui")
                        .capabilities(caps)
                        .limits(ResourceLimits.DEFAULT);
        if (license != null) {
            b.license(license);
        }
        Path file =
                dir.resolve(
                        "hello-"
                                + version
                                + (healthy ? "" : "-sick")
                                + "-"
                                + key.did().value().hashCode()
                                + ".wapp");
        Files.write(file, b.build(key));
        return file;
    }

    /** A signed package of {@link #APP} with no health export whose every call traps. */
    Path brokenPkg(String version) throws Exception {
        String wat =
                """
                (module
                  (memory (export "memory") 1)
                  (func (export "version") (result i32) unreachable))
                """;
        Path file = dir.resolve("hello-" + version + "-broken.wapp");
        Files.write(
                file,
                new PackageBuilder(APP, "Hello", version, publisher.did())
                        .entry("app.wasm")
                        .file("app.wasm", wat2wasm(wat))
                        .build(publisher));
        return file;
    }

    /** A package of any module bytes under another app id. */
    Path pkgOf(String id, String version, byte[] wasm, Set<Capability> caps) throws IOException {
        Path file = dir.resolve(id + "-" + version + ".wapp");
        Files.write(
                file,
                new PackageBuilder(id, id, version, publisher.did())
                        .entry("app.wasm")
                        .file("app.wasm", wasm)
                        .capabilities(caps)
                        .build(publisher));
        return file;
    }

    static byte[] versionWasm(String version, boolean healthy) throws Exception {
        String key = version + healthy;
        byte[] cached = WASM.get(key);
        if (cached != null) {
            return cached;
        }
        byte[] wasm =
                OutputWasm.compile(
                        OutputWasm.wat(
                                "version",
                                version,
                                "(func (export \"health\") (result i32) (i32.const "
                                        + (healthy ? 0 : 1)
                                        + "))"));
        WASM.put(key, wasm);
        return wasm;
    }

    static byte[] wat2wasm(String wat) throws Exception {
        return OutputWasm.compile(wat);
    }

    @Override
    public void close() {
        superexe.close();
        engine.stop();
        TestMetadata.close(db);
    }
}
