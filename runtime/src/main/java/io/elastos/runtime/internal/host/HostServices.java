// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.host;

import io.elastos.api.p2p.P2pNode;
import io.elastos.api.runtime.HostCapabilityProvider;
import io.elastos.api.storage.ScopeStore;
import io.elastos.api.storage.Vault;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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

    private final Map<String, HostCapabilityProvider> providers = new HashMap<>();

    /** Adds a bundle's capability provider; a second one for the same capability replaces it. */
    public synchronized void addProvider(HostCapabilityProvider p) {
        providers.put(p.capability(), p);
        notifyAll();
    }

    /** Drops a provider (its bundle stopped); calls for it then wait for its return. */
    public synchronized void removeProvider(HostCapabilityProvider p) {
        providers.remove(p.capability(), p);
    }

    /** The capabilities with a provider now. */
    public synchronized Set<String> providedCapabilities() {
        return Set.copyOf(providers.keySet());
    }

    /**
     * The provider of a capability, waiting up to {@code waitNanos} for one to be registered (a
     * bundle being updated comes back within moments); null if none came.
     */
    public synchronized HostCapabilityProvider provider(String capability, long waitNanos)
            throws InterruptedException {
        long end = System.nanoTime() + waitNanos;
        HostCapabilityProvider p;
        while ((p = providers.get(capability)) == null) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return p;
    }

    public HttpFetcher http() {
        return http;
    }
}
