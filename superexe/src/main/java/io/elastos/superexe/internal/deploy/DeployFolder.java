// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.deploy;

import io.elastos.api.node.NodeProperties;
import io.elastos.api.superexe.InstallResult;
import io.elastos.api.superexe.VerificationException;
import io.elastos.superexe.internal.bundles.BundleDeployer;
import io.elastos.superexe.internal.install.SuperExe;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The {@code deploy/} folder of the data directory: a {@code .wapp} dropped there is installed, or
 * updates the installed app, through the same fail-closed pipeline as every other entry point. A
 * file is taken once its size stopped changing; it then moves to {@code deploy/done/} or to {@code
 * deploy/failed/} with a {@code .reason.txt} beside it.
 */
@Component(immediate = true)
public class DeployFolder {

    private static final System.Logger LOG = System.getLogger(DeployFolder.class.getName());
    static final long POLL_MILLIS = 1000;

    @Reference SuperExe superexe;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile BundleDeployer bundles;

    private final Map<Path, Long> seen = new HashMap<>();
    private ScheduledExecutorService poller;
    Path dir;

    @Activate
    void activate(BundleContext context) throws IOException {
        start(NodeProperties.dataDirectory(context::getProperty).resolve("deploy"));
    }

    void start(Path folder) throws IOException {
        dir = Files.createDirectories(folder);
        Files.createDirectories(dir.resolve("done"));
        Files.createDirectories(dir.resolve("failed"));
        poller =
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "elastos-deploy-folder");
                    t.setDaemon(true);
                    return t;
                });
        poller.scheduleWithFixedDelay(this::scanSafely, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void stop() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    private void scanSafely() {
        try {
            scan();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "deploy folder scan failed: {0}", e.toString());
        }
    }

    /** One pass: files whose size did not change since the last pass are processed. */
    synchronized void scan() throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.{wapp,jar}")) {
            for (Path file : s) {
                long size = Files.size(file);
                Long before = seen.put(file, size);
                if (before != null && before == size) {
                    seen.remove(file);
                    process(file);
                }
            }
        }
    }

    private void process(Path file) throws IOException {
        if (file.getFileName().toString().endsWith(".jar")) {
            deployBundle(file);
            return;
        }
        String id = appIdOf(file);
        InstallResult r =
                id != null && superexe.get(id).isPresent()
                        ? superexe.update(file, "deploy-folder")
                        : superexe.install(file, "deploy-folder");
        finish(file, r.success() ? null : r.failedStep() + ": " + r.message());
    }

    private void deployBundle(Path file) throws IOException {
        BundleDeployer deployer = bundles;
        String failure = null;
        if (deployer == null) {
            failure = "bundle deployment is not available on this node";
        } else {
            try {
                deployer.deploy(file, "deploy-folder");
            } catch (VerificationException e) {
                failure = e.reason() + ": " + e.getMessage();
            } catch (BundleException | RuntimeException e) {
                failure = "the framework refused the bundle: " + e.getMessage();
            }
        }
        finish(file, failure);
    }

    /** Moves a processed file to done/ or failed/ (with the reason beside it). */
    private void finish(Path file, String failure) throws IOException {
        String name = file.getFileName().toString();
        if (failure == null) {
            Files.move(
                    file, dir.resolve("done").resolve(name), StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        Files.move(file, dir.resolve("failed").resolve(name), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(
                dir.resolve("failed").resolve(name + ".reason.txt"),
                Instant.now() + " " + failure + "\n",
                StandardCharsets.UTF_8);
    }

    /** The app id the package claims, read through the verifier; null if it cannot be read. */
    private String appIdOf(Path file) {
        try {
            return superexe.verify(file).manifest().id();
        } catch (VerificationException e) {
            return null;
        }
    }
}
