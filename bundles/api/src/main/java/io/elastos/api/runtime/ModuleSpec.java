// SPDX-License-Identifier: Apache-2.0
package io.elastos.api.runtime;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the runtime needs to compile one version of a mini-app module.
 *
 * @param name names the module in logs, stats and errors, such as {@code org.example.notes@1.2.0}
 * @param appId the app whose storage scope and log the module uses
 * @param wasm the module binary, already verified by SuperEXE
 * @param granted the capabilities the owner granted the app
 * @param limits the limits every call runs under
 * @param config the plug-in configuration that Extism's {@code config_get} reads
 * @param maxConcurrentCalls how many calls may run at once (each on its own instance), 1 to 256
 * @param maxQueuedCalls how many further calls may wait for an instance before callers get {@link
 *     SandboxException.Kind#BUSY}, 0 to 4096
 * @param denied capabilities the app requested but the owner did not grant (or revoked): the module
 *     may import their functions and still load, but every call of one fails with {@link
 *     SandboxException.Kind#CAPABILITY_DENIED}
 */
public record ModuleSpec(
        String name,
        String appId,
        byte[] wasm,
        Set<Capability> granted,
        ResourceLimits limits,
        Map<String, String> config,
        int maxConcurrentCalls,
        int maxQueuedCalls,
        Set<Capability> denied) {

    /** Calls an app may run at once unless its manifest and the owner say otherwise. */
    public static final int DEFAULT_CONCURRENCY = 8;

    /** Calls that may wait for an instance unless the owner says otherwise. */
    public static final int DEFAULT_QUEUE = 64;

    /**
     * Validates and copies the values.
     *
     * @throws NullPointerException if a value is missing
     * @throws IllegalArgumentException if a bound is out of range or the module is empty
     */
    public ModuleSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(wasm, "wasm");
        Objects.requireNonNull(limits, "limits");
        granted = Set.copyOf(granted);
        denied = Set.copyOf(denied);
        config = Map.copyOf(config);
        if (wasm.length == 0) {
            throw new IllegalArgumentException("empty module");
        }
        if (maxConcurrentCalls < 1 || maxConcurrentCalls > 256) {
            throw new IllegalArgumentException(
                    "concurrent calls must be 1-256: " + maxConcurrentCalls);
        }
        if (maxQueuedCalls < 0 || maxQueuedCalls > 4096) {
            throw new IllegalArgumentException("queued calls must be 0-4096: " + maxQueuedCalls);
        }
    }

    /**
     * A spec in which nothing is denied beyond what is not granted.
     *
     * @param name the module name
     * @param appId the app id
     * @param wasm the module binary
     * @param granted the granted capabilities
     * @param limits the call limits
     * @param config the plug-in configuration
     * @param maxConcurrentCalls calls at once
     * @param maxQueuedCalls calls that may wait
     */
    public ModuleSpec(
            String name,
            String appId,
            byte[] wasm,
            Set<Capability> granted,
            ResourceLimits limits,
            Map<String, String> config,
            int maxConcurrentCalls,
            int maxQueuedCalls) {
        this(
                name,
                appId,
                wasm,
                granted,
                limits,
                config,
                maxConcurrentCalls,
                maxQueuedCalls,
                Set.of());
    }

    /**
     * A spec with default configuration, concurrency and queue.
     *
     * @param appId the app id; also the module name
     * @param wasm the module binary
     * @param granted the granted capabilities
     * @param limits the call limits
     * @return the spec
     */
    public static ModuleSpec of(
            String appId, byte[] wasm, Set<Capability> granted, ResourceLimits limits) {
        return new ModuleSpec(
                appId, appId, wasm, granted, limits, Map.of(), DEFAULT_CONCURRENCY, DEFAULT_QUEUE);
    }
}
