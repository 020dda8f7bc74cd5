// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.host;

import io.elastos.api.p2p.P2pNode;
import io.elastos.api.storage.ScopeStore;
import io.elastos.api.storage.Vault;

/**
 * The node services host functions reach, as the runtime component currently sees them; each may be
 * missing (its bundle not installed or stopped), and then the host function fails cleanly.
 */
public final class HostServices {

    private volatile ScopeStore scopes;
    private volatile P2pNode p2p;
    private volatile Vault vault;
    private final HttpFetcher http;

    public HostServices(HttpFetcher http) {
        this.http = http;
    }

    public ScopeStore scopes() {
        return scopes;
    }

    public void setScopes(ScopeStore scopes) {
        this.scopes = scopes;
    }

    public P2pNode p2p() {
        return p2p;
    }

    public void setP2p(P2pNode p2p) {
        this.p2p = p2p;
    }

    public Vault vault() {
        return vault;
    }

    public void setVault(Vault vault) {
        this.vault = vault;
    }

    public HttpFetcher http() {
        return http;
    }
}
