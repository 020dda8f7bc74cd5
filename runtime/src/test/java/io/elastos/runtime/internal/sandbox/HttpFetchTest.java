// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.sandbox;

import static io.elastos.runtime.internal.sandbox.Guests.caps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.elastos.api.runtime.CallContext;
import io.elastos.api.runtime.CompiledModule;
import io.elastos.api.runtime.SandboxException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plug-in HTTP goes through the host, only to granted hosts, never following redirects. */
class HttpFetchTest {

    private static Guests guests;
    private static HttpServer server;
    private static final AtomicInteger hits = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        guests = new Guests();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext(
                "/hello",
                x -> {
                    hits.incrementAndGet();
                    byte[] b = "hi from the test server".getBytes(StandardCharsets.UTF_8);
                    x.sendResponseHeaders(200, b.length);
                    x.getResponseBody().write(b);
                    x.close();
                });
        server.createContext(
                "/redirect",
                x -> {
                    hits.incrementAndGet();
                    x.getResponseHeaders().add("Location", "http://localhost:1/elsewhere");
                    x.sendResponseHeaders(302, -1);
                    x.close();
                });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        guests.close();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static String get(CompiledModule m, String url) throws SandboxException {
        return new String(
                m.call("get", url.getBytes(StandardCharsets.UTF_8), CallContext.ANONYMOUS),
                StandardCharsets.UTF_8);
    }

    @Test
    void grantedHostIsReachable() throws Exception {
        try (CompiledModule m =
                guests.load("fetch.ok", "http_get.wasm", caps("net.fetch:127.0.0.1", "log"))) {
            assertEquals("200 hi from the test server", get(m, url("/hello")));
        }
    }

    @Test
    void otherHostsAreRefusedBeforeAnyRequest() throws Exception {
        try (CompiledModule m =
                guests.load("fetch.other", "http_get.wasm", caps("net.fetch:example.org"))) {
            int before = hits.get();
            SandboxException e = assertThrows(SandboxException.class, () -> get(m, url("/hello")));
            assertEquals(SandboxException.Kind.CAPABILITY_DENIED, e.kind());
            assertTrue(e.getMessage().contains("'127.0.0.1' is not allowed"), e.getMessage());
            assertEquals(before, hits.get());
        }
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        try (CompiledModule m =
                guests.load("fetch.redirect", "http_get.wasm", caps("net.fetch:127.0.0.1"))) {
            assertEquals("302 ", get(m, url("/redirect")));
        }
    }

    @Test
    void nonHttpSchemesAreRefused() throws Exception {
        try (CompiledModule m =
                guests.load("fetch.file", "http_get.wasm", caps("net.fetch:127.0.0.1"))) {
            SandboxException e =
                    assertThrows(SandboxException.class, () -> get(m, "file:///etc/passwd"));
            assertEquals(SandboxException.Kind.CAPABILITY_DENIED, e.kind());
        }
    }
}
