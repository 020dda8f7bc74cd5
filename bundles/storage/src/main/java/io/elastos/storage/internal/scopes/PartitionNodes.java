// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.scopes;

import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.storage.internal.files.FileIndex;
import io.elastos.storage.internal.files.NameCipher;
import io.elastos.storage.internal.files.PrivateFiles;
import io.elastos.storage.internal.vault.VaultKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;

/**
 * What the scopes need from the private partition beyond {@link PrivateFiles}: looking up one
 * node's head (size and time) without listing its folder, deleting a file for good (trash and
 * purge, so a deleted value stops taking disk at the next GC) and removing an empty folder.
 *
 * <p>Rows are found by the same keyed path hash as {@link PrivateFiles} uses, derived from the
 * vault key with the same purpose. Removing a folder row is the one statement here on the
 * partition's own table; it belongs in {@link FileIndex} as {@code rmdir} once that has one.
 */
final class PartitionNodes implements AutoCloseable {

    // Must match PrivateFiles: the scope tests fail at once if the hashes ever diverge.
    private static final String NAMES_PURPOSE = "private partition names";

    private final MetadataStore db;
    private final FileIndex index;
    private final PrivateFiles files;
    private final NameCipher names;

    PartitionNodes(MetadataStore db, FileIndex index, PrivateFiles files, VaultKey vault)
            throws StorageException {
        this.db = db;
        this.index = index;
        this.files = files;
        byte[] secret = vault.derive(NAMES_PURPOSE);
        try {
            this.names = new NameCipher(secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** The live node at a normalized path. */
    Optional<FileIndex.Node> node(String path) throws StorageException {
        try {
            return index.node(names.mac(path));
        } catch (SQLException e) {
            throw io("cannot look up an entry", e);
        }
    }

    /** The head version of the live file at a normalized path; empty for a folder or nothing. */
    Optional<FileIndex.Version> head(String path) throws StorageException {
        try {
            return index.head(names.mac(path));
        } catch (SQLException e) {
            throw io("cannot look up an entry", e);
        }
    }

    /** Whether a folder holds any live entry. */
    boolean hasChildren(String path) throws StorageException {
        try {
            return !index.children(names.mac(path)).isEmpty();
        } catch (SQLException e) {
            throw io("cannot list a folder", e);
        }
    }

    /** Deletes a file with all its versions for good; false if there is no such file. */
    boolean removeFile(String path) throws StorageException {
        Optional<FileIndex.Node> node = node(path).filter(n -> !n.folder());
        if (node.isEmpty() || !files.trash(path)) {
            return false;
        }
        try {
            index.purge(node.get().id());
            return true;
        } catch (SQLException e) {
            // The file is gone from its folder already; only its blocks wait in the trash.
            throw io("cannot purge a deleted file from the trash", e);
        }
    }

    /** Removes an empty folder's row; false if it is not an empty folder. */
    boolean removeEmptyFolder(String path) throws StorageException {
        Optional<FileIndex.Node> node = node(path).filter(FileIndex.Node::folder);
        if (node.isEmpty() || hasChildren(path)) {
            return false;
        }
        try (Connection c = db.connection();
                PreparedStatement s =
                        c.prepareStatement("DELETE FROM ST_NODE WHERE ID = ? AND KIND = 'D'")) {
            s.setString(1, node.get().id());
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw io("cannot remove a folder", e);
        }
    }

    /** Deletes a folder with everything in it, depth first; nothing if it does not exist. */
    void removeTree(String folder) throws StorageException {
        for (PrivateFiles.Entry e : files.list(folder)) {
            String child = folder + "/" + e.name();
            if (e.folder()) {
                removeTree(child);
            } else {
                removeFile(child);
            }
        }
        removeEmptyFolder(folder);
    }

    @Override
    public void close() {
        names.close();
    }

    private static StorageException io(String what, SQLException e) {
        return new StorageException(Reason.IO, what + ": " + e.getMessage(), e);
    }
}
