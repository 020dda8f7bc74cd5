// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.extism;

import io.elastos.api.runtime.CallContext;
import io.elastos.runtime.internal.host.Deadline;

/** What one plug-in call reads and sets through the kernel: input, output, error, HTTP status. */
public final class CallState {

    final byte[] input;
    final Deadline deadline;
    final CallContext context;
    long outputOffset;
    long outputLength;
    long errorOffset;
    int httpStatus;
    byte[] httpHeaders;

    public CallState(byte[] input, Deadline deadline, CallContext context) {
        this.input = input;
        this.deadline = deadline;
        this.context = context;
    }

    public Deadline deadline() {
        return deadline;
    }

    public CallContext context() {
        return context;
    }
}
