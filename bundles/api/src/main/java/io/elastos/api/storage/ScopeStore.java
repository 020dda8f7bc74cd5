// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.storage;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Opens and removes the per-app storage scopes. A scope belongs to one mini-app (by its app id) or
 * one bundle (by its symbolic name); the runtime hands an app only its own scope, so no app can
 * reach another's data.
 */
@ProviderType
public interface ScopeStore {

    /**
     * Opens a scope, creating it empty with the configured default quota if it does not exist.
     *
     * @param scopeId the owner's id, such as {@code org.example.notes}
     * @return the scope
     * @throws StorageException with {@link StorageException.Reason#INVALID_ARGUMENT} if the id is
     *     not a valid app id or symbolic name, or {@link StorageException.Reason#IO} if the scope
     *     cannot be created
     */
    AppScope open(String scopeId) throws StorageException;

    /**
     * Changes a scope's quota. A quota below the used size blocks further growth but deletes
     * nothing.
     *
     * @param scopeId the owner's id
     * @param quotaBytes the new quota, at least 0
     * @throws StorageException with {@link StorageException.Reason#NOT_FOUND} if there is no such
     *     scope, or {@link StorageException.Reason#INVALID_ARGUMENT} if the quota is negative
     */
    void setQuota(String scopeId, long quotaBytes) throws StorageException;

    /**
     * Lists the existing scopes.
     *
     * @return the scope ids, sorted
     * @throws StorageException with {@link StorageException.Reason#IO} if they cannot be read
     */
    List<String> scopes() throws StorageException;

    /**
     * Deletes a scope with all its data, as when an app is removed without keeping its data. Scopes
     * already opened from it fail with {@link StorageException.Reason#NOT_FOUND} afterwards.
     *
     * @param scopeId the owner's id
     * @return whether the scope existed
     * @throws StorageException with {@link StorageException.Reason#IO} if the delete fails
     */
    boolean delete(String scopeId) throws StorageException;
}
