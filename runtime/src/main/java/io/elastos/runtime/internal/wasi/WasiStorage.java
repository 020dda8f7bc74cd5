// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.wasi;

import io.elastos.api.storage.AppScope;
import io.elastos.api.storage.StorageException;

/** Runs an operation on the app's storage scope, within the current call's deadline. */
public interface WasiStorage {

    /** One operation on the scope. */
    interface Action<T> {
        T apply(AppScope scope) throws StorageException;
    }

    <T> T run(Action<T> action) throws StorageException;
}
