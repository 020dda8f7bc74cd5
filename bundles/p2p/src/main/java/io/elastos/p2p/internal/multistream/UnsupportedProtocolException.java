// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.multistream;

import java.net.ProtocolException;

/** The remote side answered {@code na}: it does not speak the proposed protocol. */
public final class UnsupportedProtocolException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    /** The refused protocol id. */
    private final String protocol;

    /**
     * Creates the exception.
     *
     * @param protocol the refused protocol id
     */
    public UnsupportedProtocolException(String protocol) {
        super("peer does not support " + protocol);
        this.protocol = protocol;
    }

    /**
     * Returns the refused protocol id.
     *
     * @return the protocol id
     */
    public String protocol() {
        return protocol;
    }
}
