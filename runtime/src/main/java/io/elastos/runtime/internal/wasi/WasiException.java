// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.wasi;

/** A WASI call that fails with an errno, which is returned to the guest. */
final class WasiException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int errno;

    WasiException(int errno) {
        super(null, null, false, false);
        this.errno = errno;
    }

    int errno() {
        return errno;
    }
}
