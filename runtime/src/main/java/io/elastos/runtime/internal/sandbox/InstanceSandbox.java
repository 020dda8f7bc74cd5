// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.sandbox;

import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.Sandbox;
import io.elastos.api.runtime.SandboxException;

/** A sandbox that owns one instance, for callers that want their own (tools, tests). */
final class InstanceSandbox implements Sandbox {

    private WasmInstance instance;

    InstanceSandbox(WasmInstance instance) {
        this.instance = instance;
    }

    @Override
    public synchronized byte[] call(String function, byte[] input) throws SandboxException {
        if (instance == null) {
            throw new IllegalStateException("the sandbox is closed");
        }
        try {
            return instance.call(function, input, CallContext.ANONYMOUS);
        } finally {
            if (instance.broken()) {
                close();
            }
        }
    }

    @Override
    public synchronized boolean isOpen() {
        return instance != null;
    }

    @Override
    public synchronized void close() {
        if (instance != null) {
            instance.close();
            instance = null;
        }
    }
}
