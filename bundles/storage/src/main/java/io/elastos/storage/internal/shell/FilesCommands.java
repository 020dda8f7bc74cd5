// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.shell;

import io.elastos.api.storage.Cid;
import io.elastos.api.storage.StorageException;
import io.elastos.storage.internal.StorageService;
import io.elastos.storage.internal.files.PrivateFiles;
import io.elastos.storage.internal.scopes.EncryptedScopeStore;
import java.util.List;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo shell commands at the node's console (the owner): {@code files:ls [PATH]}, {@code
 * files:versions PATH}, {@code files:pins} and {@code files:gc}.
 */
@Component(
        service = FilesCommands.class,
        property = {
            "osgi.command.scope=files",
            "osgi.command.function=ls",
            "osgi.command.function=versions",
            "osgi.command.function=pins",
            "osgi.command.function=gc"
        })
public class FilesCommands {

    @Reference StorageService storage;

    /** Lists the root folder. */
    public String ls() throws StorageException {
        return ls("/");
    }

    /** Lists a folder of the private partition: name, size, version. */
    public String ls(String path) throws StorageException {
        // The apps' scopes are theirs: reachable through their quotas, not listed here.
        List<PrivateFiles.Entry> entries =
                storage.privateFiles().list(path).stream()
                        .filter(e ->
                                !("/" + e.name()).equals(EncryptedScopeStore.RESERVED_FOLDER)
                                        || !path.strip().equals("/"))
                        .toList();
        if (entries.isEmpty()) {
            return "(empty)";
        }
        return entries.stream()
                .map(e ->
                        e.folder()
                                ? e.name() + "/"
                                : e.name() + "  " + e.size() + " B  v" + e.version())
                .collect(Collectors.joining("\n"));
    }

    /** The stored versions of a file. */
    public String versions(String path) throws StorageException {
        return storage.privateFiles().versions(path).toString();
    }

    /** The pinned roots of the shared partition. */
    public String pins() throws StorageException {
        List<Cid> pins = storage.sharedStore().pins();
        return pins.isEmpty()
                ? "no pins"
                : pins.stream().map(Cid::value).collect(Collectors.joining("\n"));
    }

    /** Collects garbage in both partitions now. */
    public String gc() throws StorageException {
        return "deleted blocks: " + storage.collectGarbageNow();
    }
}
