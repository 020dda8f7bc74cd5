// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.host;

import io.elastos.api.identity.Did;
import io.elastos.api.p2p.P2pNode;
import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.Capability;
import io.elastos.api.runtime.HostCall;
import io.elastos.api.runtime.HostCapabilityProvider;
import io.elastos.api.runtime.SandboxException;
import io.elastos.api.storage.AppScope;
import io.elastos.api.storage.ScopeStore;
import io.elastos.api.storage.StorageException;
import io.elastos.api.storage.Vault;
import io.elastos.json.JsonWriter;
import io.elastos.runtime.internal.extism.ExtismKernel;
import io.elastos.runtime.internal.extism.GuestAbort;
import io.elastos.runtime.internal.extism.KernelMemory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * The node's own host functions ({@code extism:host/user}), each bound to the capability a manifest
 * must request and the owner grant. They reach node services only through the {@code
 * io.elastos.api} interfaces, and only the calling app's own storage scope.
 */
public final class NodeHostFunctions {

    public static final String MODULE = "extism:host/user";

    /** Each host function and the capability it needs. */
    public static final Map<String, String> CAPABILITY_OF =
            Map.ofEntries(
                    Map.entry("kv_get", "storage.kv"),
                    Map.entry("kv_put", "storage.kv"),
                    Map.entry("kv_delete", "storage.kv"),
                    Map.entry("kv_list", "storage.kv"),
                    Map.entry("file_read", "storage.files"),
                    Map.entry("file_write", "storage.files"),
                    Map.entry("file_list", "storage.files"),
                    Map.entry("file_read_range", "storage.files"),
                    Map.entry("file_size", "storage.files"),
                    Map.entry("file_delete", "storage.files"),
                    Map.entry("zip_list", "storage.files"),
                    Map.entry("zip_extract", "storage.files"),
                    Map.entry("owner_file_list", "files.read"),
                    Map.entry("owner_image", "files.read"),
                    Map.entry("identity_caller", "identity.read"),
                    Map.entry("p2p_send", "p2p.message"));

    /** Host functions every app may import: they reach no data and no one. */
    public static final Set<String> UNRESTRICTED = Set.of("time_now", "random_bytes");

    /** The most bytes one file_read_range call returns. */
    public static final int MAX_RANGE = 8 << 20;

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final int MAX_KEYS = 10_000;

    private final String appId;
    private final HostServices services;
    private final ExtismKernel kernel;

    public NodeHostFunctions(String appId, HostServices services, ExtismKernel kernel) {
        this.appId = appId;
        this.services = services;
        this.kernel = kernel;
    }

    /**
     * The import object's {@code extism:host/user} member: granted functions work; functions of
     * denied capabilities link but refuse every call, so an owner can withdraw a capability without
     * making the app unloadable.
     */
    public Map<String, Object> functions(
            Set<Capability> granted, Set<Capability> denied, Set<String> imports) {
        Map<String, Object> allowed = functions(granted, denied);
        // Functions of capabilities that bundles provide, linked to a proxy that finds the
        // provider at call time, so the app survives the provider's bundle being updated.
        for (String name : imports) {
            if (allowed.containsKey(name)) {
                continue;
            }
            Optional<String> cap = providedCapability(name, granted);
            if (cap.isPresent()) {
                allowed.put(name, provided(cap.get(), name, granted));
            } else if (providedCapability(name, denied).isPresent()) {
                allowed.put(name, refusal(name, providedCapability(name, denied).get()));
            }
        }
        return allowed;
    }

    /**
     * The capability a bundle-provided function belongs to: {@code iot_mqtt_publish} belongs to a
     * granted {@code iot.mqtt} (with or without an argument), never to one of the node's own.
     */
    public static Optional<String> providedCapability(String name, Set<Capability> granted) {
        return granted.stream()
                .map(Capability::base)
                .filter(base -> !CORE_NAMESPACES.contains(base.split("\\.")[0]))
                .filter(base -> name.startsWith(base.replace('.', '_') + "_"))
                .max(java.util.Comparator.comparingInt(String::length));
    }

    /** The node's own capability namespaces, which no bundle may provide. */
    public static final Set<String> CORE_NAMESPACES = HostCapabilityProvider.RESERVED_NAMESPACES;

    private ProxyExecutable provided(String capability, String name, Set<Capability> granted) {
        String function = name.substring(capability.length() + 1);
        List<String> arguments =
                granted.stream()
                        .filter(g -> g.base().equals(capability) && g.argument() != null)
                        .map(Capability::argument)
                        .sorted()
                        .toList();
        return fn(a -> {
            byte[] input = bytes(a, 0);
            HostCall call = new HostCall(appId, kernel.call().context(), arguments);
            Deadline deadline = kernel.call().deadline();
            byte[] out =
                    deadline.run(
                            capability,
                            () -> {
                                // Leave a moment of the call's time to say why it failed.
                                long wait =
                                        Math.min(
                                                deadline.remainingNanos()
                                                        - TimeUnit.MILLISECONDS.toNanos(100),
                                                TimeUnit.MILLISECONDS.toNanos(
                                                        HostCapabilityProvider.WAIT_MILLIS));
                                HostCapabilityProvider p = services.provider(capability, wait);
                                if (p == null) {
                                    throw new GuestAbort(
                                            SandboxException.Kind.HOST_ERROR,
                                            "the capability "
                                                    + capability
                                                    + " has no provider on this node (its bundle"
                                                    + " is stopped or not installed)");
                                }
                                if (!p.functions().containsKey(function)) {
                                    throw new GuestAbort(
                                            SandboxException.Kind.HOST_ERROR,
                                            capability + " has no function " + function);
                                }
                                return p.call(function, call, input == null ? new byte[0] : input);
                            });
            return write(out);
        });
    }

    /** The node's own functions only (see the three-argument form for provided ones). */
    public Map<String, Object> functions(Set<Capability> granted, Set<Capability> denied) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("kv_get", fn(a -> write(storage(s -> s.get(text(a, 0))).orElse(null))));
        all.put(
                "kv_put",
                fn(a ->
                        storage(s -> {
                            s.put(text(a, 0), bytes(a, 1));
                            return null;
                        })));
        all.put("kv_delete", fn(a -> storage(s -> s.delete(text(a, 0))) ? 1L : 0L));
        all.put("kv_list", fn(a -> lines(storage(s -> s.keys(text(a, 0), MAX_KEYS)))));
        all.put("file_read", fn(a -> write(storage(s -> s.readFile(text(a, 0))).orElse(null))));
        all.put(
                "file_write",
                fn(a ->
                        storage(s -> {
                            s.writeFile(text(a, 0), bytes(a, 1));
                            return null;
                        })));
        all.put("file_list", fn(a -> lines(storage(s -> s.listFiles(text(a, 0))))));
        all.put(
                "file_read_range",
                fn(a ->
                        write(
                                storage(s ->
                                                s.readFileRange(
                                                        text(a, 0),
                                                        number(a, 1),
                                                        (int) Math.min(number(a, 2), MAX_RANGE)))
                                        .orElse(null))));
        all.put(
                "file_size",
                fn(a ->
                        storage(s ->
                                s.stat(text(a, 0))
                                        .filter(f -> !f.directory())
                                        .map(f -> f.size())
                                        .orElse(-1L))));
        all.put("file_delete", fn(a -> storage(s -> s.deleteFile(text(a, 0))) ? 1L : 0L));
        all.put(
                "zip_list",
                fn(a ->
                        lines(
                                storage(s ->
                                        new ScopeZip(s, text(a, 0))
                                                .entries().stream()
                                                        .map(ScopeZip.Entry::name)
                                                        .filter(n -> n.indexOf('\n') < 0)
                                                        .toList()))));
        all.put(
                "zip_extract",
                fn(a -> storage(s -> new ScopeZip(s, text(a, 0)).extract(text(a, 1), text(a, 2)))));
        all.put("owner_file_list", fn(a -> lines(vault(v -> ownerList(v, text(a, 0))))));
        all.put(
                "owner_image",
                fn(a ->
                        write(
                                vault(v ->
                                                OwnerImages.scaled(
                                                        v,
                                                        text(a, 0),
                                                        (int)
                                                                Math.min(
                                                                        number(a, 1),
                                                                        OwnerImages.MAX_EDGE)))
                                        .orElse(null))));
        all.put("time_now", fn(a -> System.currentTimeMillis()));
        all.put("random_bytes", fn(a -> randomBytes(number(a, 0))));
        all.put("identity_caller", fn(a -> caller()));
        all.put("p2p_send", fn(a -> p2pSend(text(a, 0), bytes(a, 1))));
        Map<String, Object> allowed = new LinkedHashMap<>();
        all.forEach((name, f) -> {
            if (UNRESTRICTED.contains(name) || isGranted(name, granted)) {
                allowed.put(name, f);
            } else if (isGranted(name, denied)) {
                allowed.put(name, refusal(name));
            }
        });
        return allowed;
    }

    /**
     * A function of a withheld capability: it links, and every call ends the call with a refusal.
     */
    private static ProxyExecutable refusal(String name) {
        return refusal(name, CAPABILITY_OF.get(name));
    }

    private static ProxyExecutable refusal(String name, String cap) {
        return fn(a -> {
            throw new GuestAbort(
                    SandboxException.Kind.CAPABILITY_DENIED,
                    name + " needs the capability '" + cap + "', which the owner has not granted");
        });
    }

    /** Whether the host function {@code name} is covered by {@code granted}. */
    public static boolean isGranted(String name, Set<Capability> granted) {
        String needed = CAPABILITY_OF.get(name);
        if (needed == null) {
            return false;
        }
        Capability c = Capability.of(needed);
        return granted.stream().anyMatch(g -> g.covers(c));
    }

    /** A storage action on the app's own scope. */
    interface ScopeAction<T> {
        T apply(AppScope scope) throws Exception;
    }

    private <T> T storage(ScopeAction<T> action) {
        ScopeStore store = services.scopes();
        if (store == null) {
            throw new GuestAbort(
                    SandboxException.Kind.HOST_ERROR, "storage is not available on this node");
        }
        return kernel.call().deadline().run("storage", () -> action.apply(store.open(appId)));
    }

    private <T> T vault(VaultAction<T> action) {
        Vault vault = services.vault();
        if (vault == null || !vault.unlocked()) {
            throw new GuestAbort(
                    SandboxException.Kind.HOST_ERROR, "the owner's files are not available");
        }
        return kernel.call().deadline().run("files", () -> action.apply(vault));
    }

    /** An action on the owner's files (read-only use). */
    interface VaultAction<T> {
        T apply(Vault vault) throws Exception;
    }

    private static List<String> ownerList(Vault vault, String dir) throws Exception {
        try {
            return vault.list(dir.isEmpty() ? "/" : dir).stream()
                    .map(e -> e.directory() ? e.name() + "/" : e.name())
                    .filter(n -> n.indexOf('\n') < 0)
                    .sorted()
                    .toList();
        } catch (StorageException e) {
            if (e.reason() == StorageException.Reason.NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
    }

    private long randomBytes(long n) {
        if (n < 1 || n > 4096) {
            throw new GuestAbort(SandboxException.Kind.TRAP, "random_bytes takes 1 to 4096");
        }
        byte[] b = new byte[(int) n];
        RANDOM.nextBytes(b);
        return write(b);
    }

    private static long number(Value[] a, int i) {
        if (i >= a.length) {
            throw new GuestAbort(SandboxException.Kind.TRAP, "missing host function argument");
        }
        long v = a[i].asLong();
        if (v < 0) {
            throw new GuestAbort(SandboxException.Kind.TRAP, "a negative number argument");
        }
        return v;
    }

    private Object caller() {
        CallContext c = kernel.call().context();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("did", c.callerDid());
        m.put("role", c.role());
        m.put("app", appId);
        return write(JsonWriter.write(m).getBytes(StandardCharsets.UTF_8));
    }

    private Object p2pSend(String did, byte[] payload) {
        P2pNode p2p = services.p2p();
        if (p2p == null) {
            throw new GuestAbort(
                    SandboxException.Kind.HOST_ERROR, "P2P is not available on this node");
        }
        Did to;
        try {
            to = Did.of(did);
        } catch (IllegalArgumentException e) {
            throw new GuestAbort(SandboxException.Kind.HOST_ERROR, "bad DID: " + e.getMessage());
        }
        kernel.call()
                .deadline()
                .run(
                        "p2p send",
                        () -> {
                            p2p.sendMessage(to, payload);
                            return null;
                        });
        return null;
    }

    private long write(byte[] bytes) {
        return kernel.memory().write(bytes);
    }

    private long lines(List<String> items) {
        return write(String.join("\n", items).getBytes(StandardCharsets.UTF_8));
    }

    private String text(Value[] a, int i) {
        byte[] b = bytes(a, i);
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }

    private byte[] bytes(Value[] a, int i) {
        KernelMemory m = kernel.memory();
        if (i >= a.length) {
            throw new GuestAbort(SandboxException.Kind.TRAP, "missing host function argument");
        }
        return m.readBlock(a[i].asLong());
    }

    interface Body {
        Object apply(Value[] args);
    }

    private static ProxyExecutable fn(Body body) {
        return body::apply;
    }
}
