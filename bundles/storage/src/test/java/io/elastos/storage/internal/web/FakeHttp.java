// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.web;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;

/**
 * Minimal servlet request and response doubles, built as dynamic proxies so they implement only
 * what the gateway calls; anything else fails the test loudly.
 */
final class FakeHttp {

    private FakeHttp() {}

    /** A request with a path info, query parameters and headers. */
    static HttpServletRequest request(
            String method,
            String pathInfo,
            Map<String, String> params,
            Map<String, String> headers) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        return (HttpServletRequest)
                Proxy.newProxyInstance(
                        FakeHttp.class.getClassLoader(),
                        new Class<?>[] {HttpServletRequest.class},
                        (proxy, m, args) ->
                                switch (m.getName()) {
                                    case "getMethod" -> method;
                                    case "getPathInfo" -> pathInfo;
                                    case "getParameter" -> params.get((String) args[0]);
                                    case "getHeader" -> h.get((String) args[0]);
                                    case "toString" -> method + " " + pathInfo;
                                    default -> throw new UnsupportedOperationException(m.getName());
                                });
    }

    /** What a servlet answered. */
    static final class Response {
        int status = 200;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean committed;
        final HttpServletResponse proxy = create();

        String header(String name) {
            return headers.get(name);
        }

        private HttpServletResponse create() {
            ServletOutputStream out =
                    new ServletOutputStream() {
                        @Override
                        public boolean isReady() {
                            return true;
                        }

                        @Override
                        public void setWriteListener(WriteListener listener) {}

                        @Override
                        public void write(int b) {
                            committed = true;
                            body.write(b);
                        }

                        @Override
                        public void write(byte[] b, int off, int len) {
                            committed = true;
                            body.write(b, off, len);
                        }
                    };
            return (HttpServletResponse)
                    Proxy.newProxyInstance(
                            FakeHttp.class.getClassLoader(),
                            new Class<?>[] {HttpServletResponse.class},
                            (p, m, args) -> {
                                switch (m.getName()) {
                                    case "setStatus" -> status = (Integer) args[0];
                                    case "getStatus" -> {
                                        return status;
                                    }
                                    case "setHeader" ->
                                            headers.put((String) args[0], (String) args[1]);
                                    case "getHeader" -> {
                                        return headers.get((String) args[0]);
                                    }
                                    case "setContentType" ->
                                            headers.put("Content-Type", (String) args[0]);
                                    case "setContentLengthLong" ->
                                            headers.put("Content-Length", String.valueOf(args[0]));
                                    case "getOutputStream" -> {
                                        return out;
                                    }
                                    case "isCommitted" -> {
                                        return committed;
                                    }
                                    case "reset" -> {
                                        if (committed) {
                                            throw new IllegalStateException("committed");
                                        }
                                        status = 200;
                                        headers.clear();
                                        body.reset();
                                    }
                                    case "toString" -> {
                                        return "response " + status;
                                    }
                                    default -> throw new UnsupportedOperationException(m.getName());
                                }
                                return null;
                            });
        }
    }
}
