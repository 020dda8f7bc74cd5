// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.files;

import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.api.storage.Vault;
import io.elastos.api.storage.VaultEntry;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The owner's private files as the {@link Vault} service other bundles use (the runtime's {@code
 * files.read} capability, for one). The apps' reserved folder is not part of it: a caller can
 * neither see nor touch another app's scope through here.
 */
public final class PrivateVault implements Vault {

    private final Supplier<PrivateFiles> files;
    private final String reserved;

    /**
     * @param files the partition while it is open (null when closed)
     * @param reserved the folder kept out of the vault, such as {@code /.apps}
     */
    public PrivateVault(Supplier<PrivateFiles> files, String reserved) {
        this.files = files;
        this.reserved = reserved;
    }

    @Override
    public boolean unlocked() {
        return files.get() != null;
    }

    @Override
    public VaultEntry write(String path, InputStream content) throws StorageException {
        String p = allowed(path);
        int version = open().write(p, content);
        return new VaultEntry(p, false, open().size(p, version), version, modified(p));
    }

    @Override
    public InputStream read(String path) throws StorageException {
        return open().open(allowed(path), 0);
    }

    @Override
    public InputStream read(String path, long version) throws StorageException {
        if (version < 1 || version > Integer.MAX_VALUE) {
            throw new StorageException(Reason.INVALID_ARGUMENT, "no version " + version);
        }
        return open().open(allowed(path), (int) version);
    }

    @Override
    public List<VaultEntry> list(String directory) throws StorageException {
        String dir = allowed(directory);
        PrivateFiles f = open();
        if (!f.isFolder(dir)) {
            throw new StorageException(Reason.NOT_FOUND, "no folder " + dir);
        }
        List<VaultEntry> out = new ArrayList<>();
        for (PrivateFiles.Entry e : f.list(dir)) {
            String p = (dir.equals("/") ? "" : dir) + "/" + e.name();
            if (isReserved(p)) {
                continue;
            }
            out.add(
                    e.folder()
                            ? new VaultEntry(p, true, 0, 0, modified(p))
                            : new VaultEntry(p, false, e.size(), e.version(), modified(p)));
        }
        return out;
    }

    @Override
    public List<VaultEntry> versions(String path) throws StorageException {
        String p = allowed(path);
        PrivateFiles f = open();
        List<VaultEntry> out = new ArrayList<>();
        for (int v : f.versions(p)) {
            out.add(new VaultEntry(p, false, f.size(p, v), v, modified(p)));
        }
        return out;
    }

    @Override
    public boolean delete(String path) throws StorageException {
        return open().trash(allowed(path));
    }

    private Instant modified(String p) throws StorageException {
        return open().modifiedAt(p).orElse(Instant.EPOCH);
    }

    private PrivateFiles open() throws StorageException {
        PrivateFiles f = files.get();
        if (f == null) {
            throw new StorageException(Reason.LOCKED, "the private partition is not open");
        }
        return f;
    }

    /** The normalised path, refused inside the apps' reserved folder. */
    private String allowed(String path) throws StorageException {
        String p;
        try {
            p = PathRules.normalize(path);
        } catch (IllegalArgumentException e) {
            throw new StorageException(Reason.INVALID_ARGUMENT, e.getMessage());
        }
        if (isReserved(p)) {
            throw new StorageException(Reason.NOT_FOUND, "no such path " + path);
        }
        return p;
    }

    private boolean isReserved(String p) {
        return p.equals(reserved) || p.startsWith(reserved + "/");
    }
}
