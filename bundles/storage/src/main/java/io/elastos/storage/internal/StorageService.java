// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal;

import io.elastos.api.metadata.MetadataException;
import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.node.NodeProperties;
import io.elastos.api.storage.AppScope;
import io.elastos.api.storage.ScopeStore;
import io.elastos.api.storage.SharedPartition;
import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.api.storage.Vault;
import io.elastos.storage.internal.blocks.BlockFiles;
import io.elastos.storage.internal.blocks.SweepResult;
import io.elastos.storage.internal.files.FileIndex;
import io.elastos.storage.internal.files.PrivateFiles;
import io.elastos.storage.internal.files.PrivateVault;
import io.elastos.storage.internal.scopes.EncryptedScopeStore;
import io.elastos.storage.internal.shared.Fetches;
import io.elastos.storage.internal.shared.SharedStore;
import io.elastos.storage.internal.vault.VaultKey;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The storage component: unlocks the vault, opens the private partition and the app scopes on it,
 * and collects the partition's garbage on a schedule.
 *
 * <p>The vault key lives in {@code <data>/keys}. It is unlocked with the owner's passphrase from
 * the environment variable {@value #PASSPHRASE_ENV} when that is set and not empty, otherwise with
 * the node-local secret file {@code keys/vault.secret} (made on first start, for unattended boot).
 * A key sealed with the secret file is resealed with the passphrase the first time one is given. If
 * the vault cannot be unlocked (a wrong or missing passphrase, a replaced secret file) the
 * component fails to activate with one message saying why, so it stays unsatisfied and the node's
 * health report names it; nothing private is readable until the cause is fixed and it restarts.
 *
 * <p>Blocks are kept in {@code <data>/private/blocks}, the index in the {@link MetadataStore}.
 */
@Component(
        immediate = true,
        service = {ScopeStore.class, StorageService.class},
        configurationPid = "io.elastos.storage")
@Designate(ocd = StorageService.Config.class)
public class StorageService implements ScopeStore {

    /** The environment variable holding the owner's vault passphrase. */
    public static final String PASSPHRASE_ENV = "ELASTOS_VAULT_PASSPHRASE";

    private static final System.Logger LOG = System.getLogger(StorageService.class.getName());

    /** The storage settings (Configuration Admin PID {@code io.elastos.storage}). */
    @ObjectClassDefinition(
            name = "ElastOS storage",
            description = "The encrypted private partition and the per-app storage scopes.")
    @interface Config {
        @AttributeDefinition(description = "Versions kept of each private file (at least 1).")
        int versions_keep() default 10;

        @AttributeDefinition(description = "Default quota of an app's storage scope, in MiB.")
        long scope_quota_mib() default 256;

        @AttributeDefinition(
                description =
                        "Minutes an unreferenced block is kept before garbage collection may"
                                + " delete it, so writes in flight are never collected.")
        int gc_grace_minutes() default 60;

        @AttributeDefinition(description = "Minutes between two garbage collections.")
        int gc_interval_minutes() default 60;
    }

    /**
     * The settings, apart from where the data is.
     *
     * @param keep versions kept of each private file
     * @param scopeQuotaBytes the default quota of a scope
     * @param gcGrace how old an unreferenced block must be to be collected
     * @param gcInterval the time between two collections
     */
    record Settings(int keep, long scopeQuotaBytes, Duration gcGrace, Duration gcInterval) {}

    @Reference MetadataStore metadata;

    private volatile VaultKey vault;
    private volatile PrivateFiles privateFiles;
    private volatile EncryptedScopeStore scopes;
    private volatile SharedStore shared;
    private volatile Fetches fetches;
    private ServiceRegistration<SharedPartition> sharedRegistration;
    private ServiceRegistration<Vault> vaultRegistration;
    private ScheduledExecutorService gc;
    private Settings settings;

    @Activate
    void activate(BundleContext context, Config config) throws StorageException {
        Settings s =
                new Settings(
                        Math.max(1, config.versions_keep()),
                        Math.multiplyExact(Math.max(0, config.scope_quota_mib()), 1L << 20),
                        Duration.ofMinutes(Math.max(0, config.gc_grace_minutes())),
                        Duration.ofMinutes(Math.max(1, config.gc_interval_minutes())));
        String env = System.getenv(PASSPHRASE_ENV);
        char[] passphrase = env == null || env.isEmpty() ? null : env.toCharArray();
        try {
            open(NodeProperties.dataDirectory(context::getProperty), passphrase, s);
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
        // The gateway needs the store's own methods, so the store itself is the service.
        sharedRegistration = context.registerService(SharedPartition.class, shared, null);
        vaultRegistration =
                context.registerService(
                        Vault.class,
                        new PrivateVault(() -> privateFiles, EncryptedScopeStore.RESERVED_FOLDER),
                        null);
        scheduleGc();
    }

    /**
     * Opens everything over a data folder; the activation path without OSGi, for tests.
     *
     * @param dataDir the node's data folder
     * @param passphrase the owner's passphrase, or {@code null} for the secret file; not kept
     * @param s the settings
     * @throws StorageException with one message naming the cause if anything fails to open;
     *     whatever was opened is closed again
     */
    void open(Path dataDir, char[] passphrase, Settings s) throws StorageException {
        settings = s;
        Path keys = dataDir.resolve("keys");
        Path blockDir = dataDir.resolve("private").resolve("blocks");
        try {
            FileIndex index = new FileIndex(metadata);
            vault = unlock(keys, passphrase, hasBlocks(blockDir));
            BlockFiles blocks = new BlockFiles(blockDir);
            privateFiles = new PrivateFiles(index, blocks, vault, s.keep(), Clock.systemUTC());
            scopes =
                    new EncryptedScopeStore(
                            metadata, index, blocks, vault, s.scopeQuotaBytes(), Clock.systemUTC());
            // Published files are public by nature: the shared partition is not encrypted.
            shared =
                    new SharedStore(
                            new BlockFiles(dataDir.resolve("shared").resolve("blocks")),
                            metadata,
                            Clock.systemUTC());
            fetches = new Fetches(shared, Clock.systemUTC());
        } catch (MetadataException e) {
            close();
            throw new StorageException(
                    Reason.IO, "storage cannot start: the metadata database failed: " + e, e);
        } catch (StorageException | RuntimeException e) {
            close();
            throw e;
        }
        LOG.log(Level.INFO, "storage open: private partition and app scopes in {0}", dataDir);
    }

    /**
     * Opens the vault key. A missing key file next to existing blocks means the key was lost, not
     * that this is a new vault, so then no new key is made (it would hide the old data for good).
     */
    private static VaultKey unlock(Path keys, char[] passphrase, boolean hasData)
            throws StorageException {
        try {
            // open() never writes; openOrCreate() also reseals a secret-file key with a new
            // passphrase, so it is used whenever the key file is there.
            boolean lost = hasData && Files.notExists(keys.resolve(VaultKey.KEY_FILE));
            return lost ? VaultKey.open(keys, passphrase) : VaultKey.openOrCreate(keys, passphrase);
        } catch (StorageException e) {
            String hint =
                    switch (e.reason()) {
                        case LOCKED, INVALID_ARGUMENT ->
                                " (the passphrase is read from the environment variable "
                                        + PASSPHRASE_ENV
                                        + "; unset, the node-local secret file is used)";
                        case NOT_FOUND ->
                                "; private data exists, so the key was lost: restore "
                                        + keys.resolve(VaultKey.KEY_FILE)
                                        + " from a backup";
                        default -> "";
                    };
            throw new StorageException(
                    e.reason(), "cannot unlock the vault: " + e.getMessage() + hint, e);
        }
    }

    private static boolean hasBlocks(Path blockDir) throws StorageException {
        if (!Files.isDirectory(blockDir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(blockDir)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            throw new StorageException(Reason.IO, "cannot read " + blockDir + ": " + e, e);
        }
    }

    private void scheduleGc() {
        gc =
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "elastos-storage-gc");
                    t.setDaemon(true);
                    return t;
                });
        long minutes = settings.gcInterval().toMinutes();
        gc.scheduleWithFixedDelay(this::collectGarbage, minutes, minutes, TimeUnit.MINUTES);
    }

    /**
     * Collects garbage in both partitions now, as the owner asks (the schedule does the same).
     *
     * @return blocks deleted in the private and the shared partition
     */
    public java.util.Map<String, Integer> collectGarbageNow()
            throws io.elastos.api.storage.StorageException {
        SweepResult p = privateFiles().collectGarbage(settings.gcGrace());
        SweepResult sh = sharedStore().collectGarbage(settings.gcGrace());
        return java.util.Map.of("private", p.deleted(), "shared", sh.deleted());
    }

    /** One garbage collection of the private partition; failures are logged for the next run. */
    void collectGarbage() {
        try {
            SweepResult r = privateFiles.collectGarbage(settings.gcGrace());
            LOG.log(Level.DEBUG, "private partition garbage collected: {0}", r);
            SharedStore sh = shared;
            if (sh != null) {
                LOG.log(
                        Level.DEBUG,
                        "shared partition garbage collected: {0}",
                        sh.collectGarbage(settings.gcGrace()));
            }
        } catch (StorageException | RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "private partition garbage collection failed: {0}",
                    e.toString());
        }
    }

    @Deactivate
    void deactivate() {
        if (vaultRegistration != null) {
            vaultRegistration.unregister();
            vaultRegistration = null;
        }
        if (sharedRegistration != null) {
            sharedRegistration.unregister();
            sharedRegistration = null;
        }
        if (gc != null) {
            gc.shutdownNow();
            try {
                // A sweep in progress finishes before the partition it sweeps is closed.
                gc.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            gc = null;
        }
        close();
    }

    /** Closes whatever is open, newest first; safe to call twice. */
    void close() {
        shared = null;
        if (scopes != null) {
            scopes.close();
            scopes = null;
        }
        if (privateFiles != null) {
            privateFiles.close();
            privateFiles = null;
        }
        if (vault != null) {
            vault.close();
            vault = null;
        }
    }

    /**
     * The shared (IPFS) partition.
     *
     * @return the open store
     * @throws IllegalStateException if the component is not active
     */
    public SharedStore sharedStore() {
        SharedStore s = shared;
        if (s == null) {
            throw new IllegalStateException("storage is not open");
        }
        return s;
    }

    /**
     * The fetches of DAGs from peers into the shared partition.
     *
     * @return the fetches
     * @throws IllegalStateException if the component is not active
     */
    public Fetches fetches() {
        var f = fetches;
        if (f == null) {
            throw new IllegalStateException("storage is not open");
        }
        return f;
    }

    /**
     * The owner's private partition, for the file API.
     *
     * @return the open partition
     * @throws IllegalStateException if the component is not active
     */
    public PrivateFiles privateFiles() {
        PrivateFiles p = privateFiles;
        if (p == null) {
            throw new IllegalStateException("storage is not open");
        }
        return p;
    }

    @Override
    public AppScope open(String scopeId) throws StorageException {
        return store().open(scopeId);
    }

    @Override
    public void setQuota(String scopeId, long quotaBytes) throws StorageException {
        store().setQuota(scopeId, quotaBytes);
    }

    @Override
    public List<String> scopes() throws StorageException {
        return store().scopes();
    }

    @Override
    public boolean delete(String scopeId) throws StorageException {
        return store().delete(scopeId);
    }

    private EncryptedScopeStore store() throws StorageException {
        EncryptedScopeStore s = scopes;
        if (s == null) {
            throw new StorageException(Reason.LOCKED, "storage is not open");
        }
        return s;
    }
}
