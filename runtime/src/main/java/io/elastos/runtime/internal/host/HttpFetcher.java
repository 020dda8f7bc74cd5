// SPDX-License-Identifier: Apache-2.0
package io.elastos.runtime.internal.host;

import io.elastos.api.runtime.SandboxException;
import io.elastos.runtime.internal.extism.GuestAbort;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Plug-in HTTP requests, made by the host: only to the hosts the app was granted ({@code
 * net.fetch:<host>}), never following redirects (which could leave the allow-list), with capped
 * body sizes and a timeout within the call's deadline.
 */
public final class HttpFetcher {

    /** The result of a request: status, response headers, body. */
    public record Response(int status, Map<String, String> headers, byte[] body) {}

    public static final int MAX_REQUEST_BODY = 4 << 20;
    public static final int MAX_RESPONSE_BODY = 8 << 20;
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> FORBIDDEN_HEADERS =
            Set.of("host", "connection", "content-length", "expect", "upgrade", "te", "trailer");

    private final HttpClient client =
            HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();

    public Response fetch(
            String method,
            String url,
            Map<String, String> headers,
            byte[] body,
            Set<String> allowedHosts,
            Deadline deadline) {
        URI uri = checkedUri(url, allowedHosts);
        if (body != null && body.length > MAX_REQUEST_BODY) {
            throw new GuestAbort(SandboxException.Kind.HOST_ERROR, "HTTP request body too large");
        }
        String m = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        if (!m.matches("GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS")) {
            throw new GuestAbort(SandboxException.Kind.HOST_ERROR, "HTTP method not allowed: " + m);
        }
        Duration timeout = Duration.ofNanos(Math.max(1, deadline.remainingNanos()));
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri)
                        .timeout(timeout.compareTo(MAX_TIMEOUT) < 0 ? timeout : MAX_TIMEOUT)
                        .method(
                                m,
                                body == null || body.length == 0
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((k, v) -> {
            if (!FORBIDDEN_HEADERS.contains(k.toLowerCase(Locale.ROOT))) {
                b.header(k, v);
            }
        });
        return deadline.run("HTTP " + m + " " + uri.getHost(), () -> send(b.build()));
    }

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<InputStream> r =
                client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        byte[] body;
        try (InputStream in = r.body()) {
            body = in.readNBytes(MAX_RESPONSE_BODY + 1);
        }
        if (body.length > MAX_RESPONSE_BODY) {
            throw new IOException("response larger than " + MAX_RESPONSE_BODY + " bytes");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        r.headers().map().forEach((k, v) -> headers.put(k, String.join(", ", v)));
        return new Response(r.statusCode(), headers, body);
    }

    static URI checkedUri(String url, Set<String> allowedHosts) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new GuestAbort(SandboxException.Kind.HOST_ERROR, "bad URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new GuestAbort(
                    SandboxException.Kind.CAPABILITY_DENIED,
                    "only http and https URLs are allowed");
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (uri.getUserInfo() != null || !allowed(host, allowedHosts)) {
            throw new GuestAbort(
                    SandboxException.Kind.CAPABILITY_DENIED,
                    "HTTP request to '"
                            + host
                            + "' is not allowed: the app holds no net.fetch:"
                            + host);
        }
        return uri;
    }

    static boolean allowed(String host, Set<String> allowedHosts) {
        for (String a : allowedHosts) {
            String h = a.toLowerCase(Locale.ROOT);
            if (h.equals(host) || h.startsWith("*.") && host.endsWith(h.substring(1))) {
                return true;
            }
        }
        return false;
    }
}
