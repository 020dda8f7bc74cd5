// SPDX-License-Identifier: Apache-2.0
package io.elastos.chain.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.elastos.api.chain.ChainException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JSON-RPC client against a local HTTP server that misbehaves on purpose. */
class JsonRpcTest {
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        http.close();
    }

    /** Serves each request with the answer for its number (1-based). */
    private URI serve(java.util.function.IntFunction<Object[]> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                ex -> {
                    ex.getRequestBody().readAllBytes();
                    Object[] a = answer.apply(requests.incrementAndGet());
                    int status = (Integer) a[0];
                    if (a.length > 2) {
                        try {
                            Thread.sleep((Long) a[2]);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    byte[] body = ((String) a[1]).getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                    if (body.length > 0) {
                        ex.getResponseBody().write(body);
                    }
                    ex.close();
                });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private JsonRpc rpc(URI uri, int attempts, long timeoutMs) {
        return new JsonRpc(1337, uri, http, Duration.ofMillis(timeoutMs), attempts, 10);
    }

    @Test
    void answersTheResult() throws Exception {
        URI uri =
                serve(n ->
                        new Object[] {200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x2a\"}"});
        assertEquals("0x2a", rpc(uri, 3, 2000).call("eth_blockNumber", List.of()));
        assertEquals(1, requests.get());
    }

    @Test
    void retriesServerErrorsThenSucceeds() throws Exception {
        URI uri =
                serve(n ->
                        n < 3
                                ? new Object[] {503, "busy"}
                                : new Object[] {200, "{\"id\":1,\"result\":true}"});
        assertEquals(Boolean.TRUE, rpc(uri, 3, 2000).call("net_listening", List.of()));
        assertEquals(3, requests.get());
    }

    @Test
    void givesUpAsUnreachableAfterTheLastAttempt() throws Exception {
        URI uri = serve(n -> new Object[] {502, "bad gateway"});
        ChainException e =
                assertThrows(ChainException.class, () -> rpc(uri, 2, 2000).call("x", List.of()));
        assertTrue(e.unreachable());
        assertTrue(e.getMessage().contains("after 2 attempts"), e.getMessage());
        assertEquals(2, requests.get());
    }

    @Test
    void aSlowEndpointTimesOutInsteadOfHanging() throws Exception {
        URI uri = serve(n -> new Object[] {200, "{\"id\":1,\"result\":1}", 3000L});
        long t0 = System.nanoTime();
        ChainException e =
                assertThrows(ChainException.class, () -> rpc(uri, 2, 200).call("x", List.of()));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(e.unreachable());
        assertTrue(ms < 2500, "took " + ms + " ms");
    }

    @Test
    void aClosedPortIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ChainException e =
                assertThrows(
                        ChainException.class,
                        () ->
                                rpc(URI.create("http://127.0.0.1:" + port + "/"), 2, 500)
                                        .call("x", List.of()));
        assertTrue(e.unreachable());
        assertTrue(e.getMessage().startsWith("chain 1337 unreachable"), e.getMessage());
    }

    @Test
    void anRpcErrorIsAnAnswerAndNotRetried() throws Exception {
        URI uri =
                serve(n ->
                        new Object[] {
                            200,
                            "{\"id\":1,\"error\":{\"code\":3,\"message\":\"execution reverted\","
                                    + "\"data\":\"0x08c379a0\"}}"
                        });
        ChainException e =
                assertThrows(
                        ChainException.class, () -> rpc(uri, 3, 2000).call("eth_call", List.of()));
        assertInstanceOf(JsonRpc.RpcError.class, e);
        assertFalse(e.unreachable());
        assertEquals("0x08c379a0", ((JsonRpc.RpcError) e).data());
        assertEquals(1, requests.get());
    }

    @Test
    void oversizedOrGarbledAnswersAreRefused() throws Exception {
        String huge = "{\"id\":1,\"result\":\"" + "a".repeat(JsonRpc.MAX_RESPONSE_BYTES) + "\"}";
        URI big = serve(n -> new Object[] {200, huge});
        ChainException e =
                assertThrows(ChainException.class, () -> rpc(big, 1, 5000).call("x", List.of()));
        assertFalse(e.unreachable());
        assertTrue(e.getMessage().contains("1 MiB"), e.getMessage());
        server.stop(0);
        URI garbled = serve(n -> new Object[] {200, "<html>"});
        e = assertThrows(ChainException.class, () -> rpc(garbled, 1, 2000).call("x", List.of()));
        assertTrue(e.getMessage().contains("invalid JSON"), e.getMessage());
    }

    @Test
    void endpointsParseAndRefuseNonsense() {
        Map<Long, URI> m = Endpoints.parse(" 20=https://a.example/esc , 1=http://127.0.0.1:8545 ");
        assertEquals(URI.create("https://a.example/esc"), m.get(20L));
        assertEquals(URI.create("http://127.0.0.1:8545"), m.get(1L));
        assertTrue(Endpoints.parse("").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Endpoints.parse("x=https://a"));
        assertThrows(IllegalArgumentException.class, () -> Endpoints.parse("1=ftp://a"));
        assertThrows(
                IllegalArgumentException.class, () -> Endpoints.parse("1=http://a,1=http://b"));
        assertThrows(IllegalArgumentException.class, () -> Endpoints.parse("https://a"));
    }
}
