// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.shared;

import io.elastos.api.metadata.MetadataException;
import io.elastos.api.metadata.MetadataStore;
import io.elastos.api.storage.Cid;
import io.elastos.api.storage.SharedPartition;
import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.StorageException.Reason;
import io.elastos.storage.internal.blocks.BlockFiles;
import io.elastos.storage.internal.blocks.SweepResult;
import io.elastos.storage.internal.ipfs.BlockMismatchException;
import io.elastos.storage.internal.ipfs.CarFormatException;
import io.elastos.storage.internal.ipfs.CarReader;
import io.elastos.storage.internal.ipfs.CarWriter;
import io.elastos.storage.internal.ipfs.ContentId;
import io.elastos.storage.internal.ipfs.DirectoryImporter;
import io.elastos.storage.internal.ipfs.FileImporter;
import io.elastos.storage.internal.ipfs.ImportedDag;
import io.elastos.storage.internal.ipfs.MissingBlockException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The shared partition: UnixFS DAGs in their own {@link BlockFiles} folder and their pinned roots
 * in Derby ({@link PinIndex}).
 *
 * <p>Writes store blocks first and commit the pin last, so a failure leaves only unpinned blocks,
 * which {@link #collectGarbage} removes once they are older than its grace period. The grace period
 * is what protects a write in progress from a concurrent collection; in addition, a collection
 * excludes the short "check and pin" step of writes (a read-write lock), so a CAR import that
 * relies on blocks already stored cannot have them swept between its completeness check and its
 * pin.
 *
 * <p>Thread-safe.
 */
public final class SharedStore implements SharedPartition {

    private final StoreBlocks blocks;
    private final BlockFiles files;
    private final PinIndex pins;
    private final Clock clock;
    // Read: a write's final check-and-pin step; write: a collection's mark and sweep.
    private final ReadWriteLock gcLock = new ReentrantReadWriteLock();

    /**
     * Opens the shared partition.
     *
     * @param files the partition's own block folder, such as {@code <data>/shared/blocks}
     * @param db the metadata store; the pin table is created on first use
     * @param clock the clock pin times are taken from
     * @throws StorageException with {@link Reason#IO} if the schema cannot be migrated
     */
    public SharedStore(BlockFiles files, MetadataStore db, Clock clock) throws StorageException {
        this.files = files;
        this.blocks = new StoreBlocks(files);
        this.clock = clock;
        try {
            this.pins = new PinIndex(db);
        } catch (MetadataException e) {
            throw new StorageException(
                    Reason.IO,
                    "cannot prepare the shared partition's tables: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public Cid publish(InputStream content) throws StorageException {
        ImportedDag dag;
        try {
            dag = FileImporter.importFile(content, blocks);
        } catch (IOException e) {
            throw failure("cannot publish the file", e);
        }
        pin(List.of(dag.root()));
        return dag.root().toApi();
    }

    /**
     * Publishes a directory tree as flat UnixFS directories (see {@link DirectoryImporter}).
     *
     * @param dir the directory
     * @return the root CID
     * @throws StorageException with {@link Reason#INVALID_ARGUMENT} if the tree holds a symbolic
     *     link, a special file or a directory too big for a flat directory, or {@link Reason#IO}
     */
    public Cid publishDirectory(Path dir) throws StorageException {
        DirectoryImporter.Folder folder;
        try {
            folder = DirectoryImporter.hostFolder(dir);
        } catch (IOException e) {
            throw new StorageException(
                    Reason.INVALID_ARGUMENT, "cannot publish " + dir + ": " + e.getMessage(), e);
        }
        return publishTree(folder);
    }

    /**
     * Publishes a tree from any source (such as a folder of the private partition) as flat UnixFS
     * directories.
     *
     * @param folder the root folder
     * @return the root CID
     * @throws StorageException the source's own error when reading it failed with one (an integrity
     *     error for a damaged private file), INVALID_ARGUMENT for a folder too big for a flat
     *     directory, or IO
     */
    public Cid publishTree(DirectoryImporter.Folder folder) throws StorageException {
        ImportedDag dag;
        try {
            dag = DirectoryImporter.importTree(folder, blocks);
        } catch (StoreBlocks.Failure e) {
            throw e.storageException();
        } catch (IOException e) {
            if (e.getCause() instanceof StorageException s) {
                throw s;
            }
            throw new StorageException(
                    Reason.INVALID_ARGUMENT,
                    "cannot publish " + folder.name() + ": " + e.getMessage(),
                    e);
        }
        pin(List.of(dag.root()));
        return dag.root().toApi();
    }

    @Override
    public InputStream open(Cid root) throws StorageException {
        UnixFsFile file = file(root);
        return file.stream(0, file.size());
    }

    /**
     * Opens a stored UnixFS file for ranged reads.
     *
     * @param root the file's root CID; it need not be pinned
     * @return the file, whose size is known from its root block
     * @throws StorageException as {@link #open(Cid)}
     */
    UnixFsFile file(Cid root) throws StorageException {
        ContentId cid = parse(root);
        try {
            return UnixFsFile.open(blocks, cid);
        } catch (UnixFsFile.NotAFileException e) {
            throw new StorageException(Reason.INVALID_ARGUMENT, e.getMessage(), e);
        } catch (IOException e) {
            throw failure("cannot open " + cid, e);
        }
    }

    /**
     * Returns the size of a stored UnixFS file and a stream of a byte range of it, for the gateway.
     *
     * @param root the file's root CID
     * @return the file's size and ranged streams
     * @throws StorageException as {@link #open(Cid)}
     */
    public FileView view(Cid root) throws StorageException {
        UnixFsFile file = file(root);
        return new FileView(file);
    }

    @Override
    public void exportCar(Cid root, OutputStream out) throws StorageException {
        ContentId cid = parse(root);
        try {
            CarWriter.exportDag(cid, blocks, out);
        } catch (IOException e) {
            throw failure("cannot export " + cid, e);
        }
    }

    @Override
    public List<Cid> importCar(InputStream car) throws StorageException {
        List<ContentId> roots;
        try {
            // Blocks are stored as they are verified; if a later one fails, the earlier ones stay
            // unpinned and go with the next collection.
            roots = CarReader.read(car, blocks);
        } catch (IOException e) {
            throw failure("cannot import the CAR archive", e);
        }
        gcLock.readLock().lock();
        try {
            DagWalk walk = new DagWalk(blocks, true);
            for (ContentId root : roots) {
                try {
                    walk.walk(root);
                } catch (MissingBlockException e) {
                    throw new StorageException(
                            Reason.INVALID_ARGUMENT,
                            "the DAG of root " + root + " is incomplete: " + e.getMessage(),
                            e);
                } catch (StoreBlocks.Failure | BlockMismatchException e) {
                    throw failure("cannot check the DAG of root " + root, e);
                } catch (IOException e) {
                    // A block that matches its CID but is not valid dag-pb: the sender's fault.
                    throw new StorageException(
                            Reason.INVALID_ARGUMENT,
                            "the DAG of root " + root + " is malformed: " + e.getMessage(),
                            e);
                }
            }
            commitPins(roots);
        } finally {
            gcLock.readLock().unlock();
        }
        return roots.stream().map(ContentId::toApi).toList();
    }

    /**
     * Resolves a path of names below a root through its UnixFS directories.
     *
     * @param root the root CID
     * @param names the path's names, none empty
     * @return the CID of the entry the path names
     * @throws StorageException NOT_FOUND if a name is missing or a step is not a directory
     */
    public Cid resolve(Cid root, List<String> names) throws StorageException {
        return new PathResolver(blocks).resolve(parse(root), names).toApi();
    }

    /** The CID-keyed view of the block files, for fetches and the P2P block store. */
    StoreBlocks storeBlocks() {
        return blocks;
    }

    /**
     * Fetches a DAG's missing blocks from peers and pins its root once all are stored; on a failure
     * nothing is pinned and the blocks fetched so far go with the next collection.
     */
    void fetchDag(ContentId root, DagFetch fetch) throws StorageException {
        fetch.fetch(root);
        gcLock.readLock().lock();
        try {
            // Checked again under the lock: a collection between the fetch and the pin may have
            // taken blocks older than its grace period.
            try {
                new DagWalk(blocks, true).walk(root);
            } catch (IOException e) {
                throw failure("the fetched DAG of " + root + " is incomplete", e);
            }
            commitPins(List.of(root));
        } finally {
            gcLock.readLock().unlock();
        }
    }

    @Override
    public boolean unpin(Cid root) throws StorageException {
        ContentId cid = parse(root);
        try {
            return pins.unpin(cid);
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, "cannot unpin " + cid + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Cid> pins() throws StorageException {
        try {
            return pins.pins().stream().map(ContentId::toApi).toList();
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, "cannot list pins: " + e.getMessage(), e);
        }
    }

    /**
     * Tells whether a root is pinned.
     *
     * @param root the root CID
     * @return whether it is pinned
     * @throws StorageException with {@link Reason#INVALID_ARGUMENT} for an unsupported CID, or
     *     {@link Reason#IO}
     */
    public boolean isPinned(Cid root) throws StorageException {
        ContentId cid = parse(root);
        try {
            return pins.pinned(cid);
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, "cannot read pins: " + e.getMessage(), e);
        }
    }

    /**
     * Reads one stored block, verified against its CID, for the gateway's raw block responses.
     *
     * @param cid the block's CID
     * @return the block's bytes, or empty if it is not stored
     * @throws StorageException with {@link Reason#INTEGRITY} if the stored block is damaged, {@link
     *     Reason#INVALID_ARGUMENT} for an unsupported CID, or {@link Reason#IO}
     */
    public Optional<byte[]> block(Cid cid) throws StorageException {
        return files.get(parse(cid).digestHex());
    }

    /**
     * Collects garbage: marks every block reachable from a pinned root, then deletes every other
     * block older than {@code grace}. Writes' final check-and-pin steps wait for it.
     *
     * <p>A pinned DAG with missing blocks is marked as far as it goes. A damaged or undecodable
     * node stops the collection instead: its links are unknown, and sweeping would delete the
     * blocks below it.
     *
     * @param grace how long unpinned blocks are kept; must exceed the longest publish or import
     * @return what the sweep did
     * @throws StorageException with {@link Reason#INTEGRITY} if a pinned DAG has a damaged node
     *     (nothing is deleted), or {@link Reason#IO}
     */
    public SweepResult collectGarbage(Duration grace) throws StorageException {
        gcLock.writeLock().lock();
        try {
            DagWalk mark = new DagWalk(blocks, false);
            List<ContentId> roots;
            try {
                roots = pins.pins();
            } catch (SQLException e) {
                throw new StorageException(Reason.IO, "cannot list pins: " + e.getMessage(), e);
            }
            for (ContentId root : roots) {
                try {
                    mark.walk(root);
                } catch (IOException e) {
                    StorageException f = failure("cannot mark the DAG of " + root, e);
                    throw new StorageException(
                            f.reason() == Reason.IO ? Reason.IO : Reason.INTEGRITY,
                            f.getMessage() + "; garbage collection stopped, nothing deleted",
                            e);
                }
            }
            return files.sweep(mark.reached(), grace);
        } finally {
            gcLock.writeLock().unlock();
        }
    }

    private void pin(List<ContentId> roots) throws StorageException {
        gcLock.readLock().lock();
        try {
            commitPins(roots);
        } finally {
            gcLock.readLock().unlock();
        }
    }

    private void commitPins(List<ContentId> roots) throws StorageException {
        try {
            pins.pin(roots, clock.instant());
        } catch (SQLException e) {
            throw new StorageException(Reason.IO, "cannot pin " + roots + ": " + e.getMessage(), e);
        }
    }

    static ContentId parse(Cid cid) throws StorageException {
        try {
            return ContentId.fromApi(cid);
        } catch (IllegalArgumentException e) {
            throw new StorageException(Reason.INVALID_ARGUMENT, e.getMessage(), e);
        }
    }

    /** Maps a codec's {@link IOException} to the partition's failure kinds. */
    static StorageException failure(String what, IOException e) {
        if (e instanceof StoreBlocks.Failure f) {
            StorageException cause = f.storageException();
            return new StorageException(cause.reason(), what + ": " + cause.getMessage(), cause);
        }
        if (e.getCause() instanceof StorageException source) {
            // The content's own source failed (a damaged private file): keep its reason.
            return new StorageException(source.reason(), what + ": " + source.getMessage(), source);
        }
        Reason reason =
                switch (e) {
                    case MissingBlockException m -> Reason.NOT_FOUND;
                    case BlockMismatchException m -> Reason.INTEGRITY;
                    case CarFormatException m -> Reason.INVALID_ARGUMENT;
                    default -> Reason.IO;
                };
        return new StorageException(reason, what + ": " + e.getMessage(), e);
    }
}
