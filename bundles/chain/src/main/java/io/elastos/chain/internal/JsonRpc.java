// SPDX-License-Identifier: Apache-2.0
package io.elastos.chain.internal;

import io.elastos.api.chain.ChainException;
import io.elastos.json.JsonException;
import io.elastos.json.JsonReader;
import io.elastos.json.JsonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JSON-RPC 2.0 client for one chain endpoint over the JDK's HTTP client. Every request has a
 * timeout and is retried with exponential backoff when the endpoint cannot be reached, so a check
 * ends within a known bound and never hangs; an answer that is an RPC error is not retried.
 */
final class JsonRpc {

    /** The largest response read; a license check needs a few hundred bytes. */
    static final int MAX_RESPONSE_BYTES = 1 << 20;

    private static final JsonReader.Limits LIMITS =
            new JsonReader.Limits(MAX_RESPONSE_BYTES, 16, MAX_RESPONSE_BYTES);

    private final long chainId;
    private final URI endpoint;
    private final HttpClient http;
    private final Duration timeout;
    private final int attempts;
    private final long backoffMillis;
    private final AtomicLong ids = new AtomicLong();

    // What the health report shows: when the endpoint last answered, and since when it does not.
    private volatile Instant lastAnswer;
    private volatile Instant unreachableSince;
    private volatile String lastProblem;

    JsonRpc(
            long chainId,
            URI endpoint,
            HttpClient http,
            Duration timeout,
            int attempts,
            long backoffMillis) {
        this.chainId = chainId;
        this.endpoint = endpoint;
        this.http = http;
        this.timeout = timeout;
        this.attempts = Math.max(1, attempts);
        this.backoffMillis = Math.max(0, backoffMillis);
    }

    long chainId() {
        return chainId;
    }

    /**
     * Calls a method and returns its {@code result}.
     *
     * @throws RpcError if the endpoint answered with a JSON-RPC error (such as a revert)
     * @throws ChainException with {@code unreachable()} if no valid answer came in any attempt
     */
    Object call(String method, List<Object> params) throws ChainException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("jsonrpc", "2.0");
        request.put("id", ids.incrementAndGet());
        request.put("method", method);
        request.put("params", params);
        byte[] body = JsonWriter.write(request).getBytes(StandardCharsets.UTF_8);
        String problem = "no attempt";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                pause(attempt);
            }
            try {
                byte[] bytes = post(body);
                lastAnswer = Instant.now();
                unreachableSince = null;
                return answer(method, bytes);
            } catch (Unreachable e) {
                problem = e.getMessage();
            }
        }
        lastProblem = problem;
        if (unreachableSince == null) {
            unreachableSince = Instant.now();
        }
        throw new ChainException(
                "chain "
                        + chainId
                        + " unreachable at "
                        + endpoint.getHost()
                        + " after "
                        + attempts
                        + (attempts == 1 ? " attempt: " : " attempts: ")
                        + problem,
                true);
    }

    /** The endpoint's state for the health report: unknown, reachable or unreachable. */
    Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("endpoint", endpoint.getScheme() + "://" + endpoint.getHost());
        Instant down = unreachableSince;
        Instant up = lastAnswer;
        m.put("state", down != null ? "unreachable" : up != null ? "reachable" : "not asked yet");
        if (up != null) {
            m.put("lastAnswer", up.toString());
        }
        if (down != null) {
            m.put("unreachableSince", down.toString());
            m.put("problem", String.valueOf(lastProblem));
        }
        return m;
    }

    private byte[] post(byte[] body) throws Unreachable, ChainException {
        HttpRequest request =
                HttpRequest.newBuilder(endpoint)
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
        try {
            HttpResponse<InputStream> response =
                    http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                int status = response.statusCode();
                if (status == 429 || status >= 500) {
                    throw new Unreachable("HTTP " + status);
                }
                byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
                if (bytes.length > MAX_RESPONSE_BYTES) {
                    throw new ChainException(
                            "chain " + chainId + " answered with more than 1 MiB", false);
                }
                if (status != 200) {
                    throw new ChainException(
                            "chain " + chainId + " endpoint answered HTTP " + status, false);
                }
                return bytes;
            }
        } catch (IOException e) {
            throw new Unreachable(
                    e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainException("interrupted while asking chain " + chainId, true, e);
        }
    }

    private Object answer(String method, byte[] bytes) throws ChainException {
        Object parsed;
        try {
            parsed = JsonReader.parse(bytes, LIMITS);
        } catch (JsonException e) {
            throw new ChainException(
                    "chain " + chainId + " answered " + method + " with invalid JSON", false);
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new ChainException("chain " + chainId + " answered with a non-object", false);
        }
        Object error = map.get("error");
        if (error instanceof Map<?, ?> e) {
            Object message = e.get("message");
            Object data = e.get("data");
            throw new RpcError(
                    chainId,
                    method,
                    message instanceof String s ? s : "error",
                    data instanceof String d ? d : null);
        }
        if (!map.containsKey("result")) {
            throw new ChainException(
                    "chain " + chainId + " answered " + method + " without a result", false);
        }
        return map.get("result");
    }

    private void pause(int attempt) throws ChainException {
        long base = backoffMillis << Math.min(attempt - 2, 10);
        long jitter = base == 0 ? 0 : ThreadLocalRandom.current().nextLong(base / 2 + 1);
        try {
            Thread.sleep(base + jitter);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainException("interrupted while asking chain " + chainId, true, e);
        }
    }

    /** The endpoint could not be reached or was overloaded: worth another attempt. */
    private static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    /** The endpoint answered with a JSON-RPC error, such as an {@code eth_call} that reverted. */
    static final class RpcError extends ChainException {
        private static final long serialVersionUID = 1L;

        private final String data;

        RpcError(long chainId, String method, String message, String data) {
            super("chain " + chainId + " refused " + method + ": " + message, false);
            this.data = data;
        }

        /** The revert data, hex, if the endpoint gave any. */
        String data() {
            return data;
        }
    }
}
