// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.extism;

import io.elastos.api.runtime.SandboxException;
import io.elastos.json.JsonException;
import io.elastos.json.JsonReader;
import io.elastos.json.JsonWriter;
import io.elastos.runtime.internal.host.AppLog;
import io.elastos.runtime.internal.host.HttpFetcher;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * The Extism kernel ({@code extism:host/env}) implemented in Java, so plug-ins built with any
 * Extism PDK run unmodified: kernel memory, input and output, errors, config, variables, logging
 * and HTTP. One kernel belongs to one instance; {@link #begin} and {@link #end} frame each call.
 */
public final class ExtismKernel {

    public static final String MODULE = "extism:host/env";

    /** Variables persist across calls of an instance; their total size is bounded. */
    static final int MAX_VARS_BYTES = 1 << 20;

    /** The kernel functions and their Extism names. */
    public static final Set<String> FUNCTIONS =
            Set.of(
                    "input_length",
                    "input_load_u8",
                    "input_load_u64",
                    "length",
                    "length_unsafe",
                    "alloc",
                    "free",
                    "output_set",
                    "error_set",
                    "config_get",
                    "var_get",
                    "var_set",
                    "store_u8",
                    "load_u8",
                    "store_u64",
                    "load_u64",
                    "http_request",
                    "http_status_code",
                    "http_headers",
                    "log_trace",
                    "log_debug",
                    "log_info",
                    "log_warn",
                    "log_error",
                    "get_log_level");

    private final KernelMemory memory;
    private final Map<String, String> config;
    private final Map<String, byte[]> vars = new HashMap<>();
    private final AppLog log;
    private final boolean logGranted;
    private final HttpFetcher http;
    private final Set<String> allowedHosts;
    private CallState call;
    private int varsBytes;

    public ExtismKernel(
            KernelMemory memory,
            Map<String, String> config,
            AppLog log,
            boolean logGranted,
            HttpFetcher http,
            Set<String> allowedHosts) {
        this.memory = memory;
        this.config = config;
        this.log = log;
        this.logGranted = logGranted;
        this.http = http;
        this.allowedHosts = allowedHosts;
    }

    public KernelMemory memory() {
        return memory;
    }

    public CallState call() {
        CallState c = call;
        if (c == null) {
            throw new GuestAbort(SandboxException.Kind.TRAP, "kernel used outside a call");
        }
        return c;
    }

    public void begin(CallState state) {
        memory.reset();
        call = state;
    }

    /** The output the plug-in set, checked against the output cap. */
    public byte[] output(long maxOutput) {
        CallState c = call();
        if (c.outputLength > maxOutput) {
            throw new GuestAbort(
                    SandboxException.Kind.OUTPUT_LIMIT,
                    "output of " + c.outputLength + " bytes exceeds the limit of " + maxOutput);
        }
        return c.outputOffset == 0 ? new byte[0] : memory.read(c.outputOffset, c.outputLength);
    }

    /** The error text the plug-in set, or null. */
    public String error() {
        CallState c = call();
        if (c.errorOffset == 0) {
            return null;
        }
        byte[] b = memory.readBlock(c.errorOffset);
        return new String(b, 0, Math.min(b.length, AppLog.MAX_MESSAGE), StandardCharsets.UTF_8);
    }

    public void end() {
        call = null;
        memory.reset();
    }

    /** The import object's {@code extism:host/env} member. */
    public Map<String, Object> functions() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("input_length", fn(a -> (long) call().input.length));
        f.put("input_load_u8", fn(a -> inputByte(arg(a, 0))));
        f.put("input_load_u64", fn(a -> inputWord(arg(a, 0))));
        f.put("length", fn(a -> memory.length(arg(a, 0))));
        f.put("length_unsafe", fn(a -> memory.length(arg(a, 0))));
        f.put("alloc", fn(a -> memory.alloc(arg(a, 0))));
        f.put(
                "free",
                fn(a -> {
                    memory.free(arg(a, 0));
                    return null;
                }));
        f.put("output_set", fn(a -> outputSet(arg(a, 0), arg(a, 1))));
        f.put(
                "error_set",
                fn(a -> {
                    call().errorOffset = arg(a, 0);
                    return null;
                }));
        f.put("config_get", fn(a -> configGet(arg(a, 0))));
        f.put("var_get", fn(a -> memory.write(vars.get(string(arg(a, 0))))));
        f.put("var_set", fn(a -> varSet(arg(a, 0), arg(a, 1))));
        f.put(
                "store_u8",
                fn(a -> {
                    memory.storeU8(arg(a, 0), (int) arg(a, 1));
                    return null;
                }));
        f.put("load_u8", fn(a -> memory.loadU8(arg(a, 0))));
        f.put(
                "store_u64",
                fn(a -> {
                    memory.storeU64(arg(a, 0), arg(a, 1));
                    return null;
                }));
        f.put("load_u64", fn(a -> memory.loadU64(arg(a, 0))));
        f.put("http_request", fn(a -> httpRequest(arg(a, 0), arg(a, 1))));
        f.put("http_status_code", fn(a -> call().httpStatus));
        f.put("http_headers", fn(a -> memory.write(call().httpHeaders)));
        f.put("log_trace", logger(Level.TRACE));
        f.put("log_debug", logger(Level.DEBUG));
        f.put("log_info", logger(Level.INFO));
        f.put("log_warn", logger(Level.WARNING));
        f.put("log_error", logger(Level.ERROR));
        // Extism levels: trace 0 .. error 4; above error means "nothing is logged".
        f.put("get_log_level", fn(a -> logGranted ? 1 : Integer.MAX_VALUE));
        return f;
    }

    private Object inputByte(long offset) {
        byte[] in = call().input;
        if (offset < 0 || offset >= in.length) {
            throw new GuestAbort(SandboxException.Kind.TRAP, "input read out of bounds: " + offset);
        }
        return in[(int) offset] & 0xff;
    }

    private Object inputWord(long offset) {
        byte[] in = call().input;
        if (offset < 0 || offset + 8 > in.length) {
            throw new GuestAbort(SandboxException.Kind.TRAP, "input read out of bounds: " + offset);
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (in[(int) offset + i] & 0xffL);
        }
        return v;
    }

    private Object outputSet(long offset, long length) {
        CallState c = call();
        if (length < 0 || (length > 0 && (offset < 1 || memory.length(offset) < length))) {
            // Tolerate PDKs that point into a larger block, but never outside allocated memory.
            memory.read(offset, length);
        }
        c.outputOffset = offset;
        c.outputLength = length;
        return null;
    }

    private Object configGet(long keyOffset) {
        String value = config.get(string(keyOffset));
        return value == null ? 0L : memory.write(value.getBytes(StandardCharsets.UTF_8));
    }

    private Object varSet(long keyOffset, long valueOffset) {
        String key = string(keyOffset);
        byte[] old = vars.remove(key);
        if (old != null) {
            varsBytes -= old.length + key.length();
        }
        if (valueOffset != 0) {
            byte[] value = memory.readBlock(valueOffset);
            if (varsBytes + value.length + key.length() > MAX_VARS_BYTES) {
                throw new GuestAbort(
                        SandboxException.Kind.MEMORY_LIMIT,
                        "plug-in variables exceed " + MAX_VARS_BYTES + " bytes");
            }
            vars.put(key, value);
            varsBytes += value.length + key.length();
        }
        return null;
    }

    private Object httpRequest(long requestOffset, long bodyOffset) {
        CallState c = call();
        Map<?, ?> req;
        try {
            // Decoded and re-encoded like every guest string, so bad UTF-8 becomes U+FFFD.
            byte[] json = string(requestOffset).getBytes(StandardCharsets.UTF_8);
            if (!(JsonReader.parse(json, JsonReader.Limits.DOCUMENT) instanceof Map<?, ?> m)) {
                throw new JsonException("not a JSON object");
            }
            req = m;
        } catch (JsonException e) {
            throw new GuestAbort(
                    SandboxException.Kind.HOST_ERROR, "bad HTTP request: " + e.getMessage());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (req.get("headers") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
        }
        byte[] body = bodyOffset == 0 ? null : memory.readBlock(bodyOffset);
        HttpFetcher.Response r =
                http.fetch(
                        requestText(req, "method"),
                        requestText(req, "url"),
                        headers,
                        body,
                        allowedHosts,
                        c.deadline);
        c.httpStatus = r.status();
        c.httpHeaders = JsonWriter.write(r.headers()).getBytes(StandardCharsets.UTF_8);
        return memory.write(r.body());
    }

    /**
     * A string member of the request; absent and JSON null are Java null (the fetcher's default).
     */
    private static String requestText(Map<?, ?> req, String key) {
        Object v = req.get(key);
        if (v == null || v == JsonReader.NULL) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw new GuestAbort(
                    SandboxException.Kind.HOST_ERROR,
                    "bad HTTP request: '" + key + "' is not a string");
        }
        return s;
    }

    private ProxyExecutable logger(Level level) {
        return fn(a -> {
            if (logGranted) {
                log.log(level, string(arg(a, 0)));
            }
            return null;
        });
    }

    String string(long offset) {
        byte[] b = memory.readBlock(offset);
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }

    static long arg(Value[] args, int i) {
        if (i >= args.length) {
            throw new GuestAbort(SandboxException.Kind.TRAP, "missing host function argument");
        }
        return args[i].fitsInLong() ? args[i].asLong() : args[i].asInt();
    }

    /** A host function; the functional interface keeps the table above readable. */
    interface Body {
        Object apply(Value[] args);
    }

    static ProxyExecutable fn(Body body) {
        return body::apply;
    }
}
