// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.host;

import io.elastos.api.identity.Did;
import io.elastos.api.p2p.P2pNode;
import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.Capability;
import io.elastos.api.runtime.SandboxException;
import io.elastos.api.storage.AppScope;
import io.elastos.api.storage.ScopeStore;
import io.elastos.json.JsonWriter;
import io.elastos.runtime.internal.extism.ExtismKernel;
import io.elastos.runtime.internal.extism.GuestAbort;
import io.elastos.runtime.internal.extism.KernelMemory;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
            Map.of(
                    "kv_get", "storage.kv",
                    "kv_put", "storage.kv",
                    "kv_delete", "storage.kv",
                    "kv_list", "storage.kv",
                    "file_read", "storage.files",
                    "file_write", "storage.files",
                    "file_list", "storage.files",
                    "identity_caller", "identity.read",
                    "p2p_send", "p2p.message");

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
        all.put("identity_caller", fn(a -> caller()));
        all.put("p2p_send", fn(a -> p2pSend(text(a, 0), bytes(a, 1))));
        Map<String, Object> allowed = new LinkedHashMap<>();
        all.forEach((name, f) -> {
            if (isGranted(name, granted)) {
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
        String cap = CAPABILITY_OF.get(name);
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
