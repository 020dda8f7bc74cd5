// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Talks to the node's owner-only HTTP API with the admin token, mapping failures to exit codes. */
final class NodeClient implements AutoCloseable {
    /** The node's address when neither {@code --node} nor {@code ELASTOS_NODE} is given. */
    static final String DEFAULT_NODE = "http://127.0.0.1:8080";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final String base;
    private final String token;
    private final HttpClient http;

    /** An HTTP answer: the status and the body text. */
    record Response(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    NodeClient(String base, String token) {
        this.base = base;
        this.token = token;
        this.http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(CONNECT_TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
    }

    /**
     * Creates a client from the node options: {@code --node}, else {@code ELASTOS_NODE}, else the
     * default address; the token from {@code --token}, else {@code --data DIR}, else {@code
     * ELASTOS_TOKEN}, else {@code ~/.elastos/run/admin.token}.
     */
    static NodeClient from(CliArgs args, Map<String, String> env) throws CliException {
        String node = args.value("node");
        if (node == null) {
            node = env.getOrDefault("ELASTOS_NODE", DEFAULT_NODE);
        }
        while (node.endsWith("/")) {
            node = node.substring(0, node.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(node);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--node is not a URL: " + node);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                || uri.getHost() == null) {
            throw CliException.usage("--node must be an http:// or https:// URL: " + node);
        }
        return new NodeClient(node, token(args, env));
    }

    private static String token(CliArgs args, Map<String, String> env) throws CliException {
        String token = args.value("token");
        if (token == null && args.value("data") == null) {
            token = env.get("ELASTOS_TOKEN");
        }
        if (token == null) {
            Path data =
                    args.value("data") != null
                            ? Path.of(args.value("data"))
                            : Path.of(
                                    env.getOrDefault("HOME", System.getProperty("user.home")),
                                    ".elastos");
            Path file = data.resolve("run").resolve("admin.token");
            try {
                token = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new CliException(
                        CliException.UNAUTHORIZED,
                        "no admin token at "
                                + file
                                + " (has the node started with that data directory?); run on"
                                + " the NAS or pass --token/--data");
            } catch (AccessDeniedException e) {
                throw new CliException(
                        CliException.UNAUTHORIZED,
                        "cannot read the admin token "
                                + file
                                + "; run as the node's user or pass --token/--data");
            } catch (IOException e) {
                throw new CliException(
                        CliException.UNAUTHORIZED,
                        "cannot read the admin token " + file + ": " + e.getMessage());
            }
        }
        token = token.strip();
        if (token.isEmpty() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new CliException(
                    CliException.UNAUTHORIZED, "the admin token is empty or malformed");
        }
        return token;
    }

    /** Returns the node's base address. */
    String base() {
        return base;
    }

    /** Encodes one path segment or query value. */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Sends a request without a body. */
    Response send(String method, String pathAndQuery) throws CliException {
        return send(method, pathAndQuery, BodyPublishers.noBody(), null);
    }

    /**
     * Uploads a file as the request body, streamed with a known length.
     *
     * @param progress where to draw a progress bar, or {@code null} for none
     */
    Response upload(String method, String pathAndQuery, Path file, PrintStream progress)
            throws CliException {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw CliException.failed("cannot read " + file + ": " + e.getMessage());
        }
        ProgressBar bar =
                progress == null
                        ? null
                        : new ProgressBar(
                                progress, Output.printable(file.getFileName().toString()), size);
        if (bar != null) {
            bar.start();
        }
        boolean done = false;
        try {
            Response r = uploadPiece(method, pathAndQuery, file, 0, size, bar);
            done = true;
            return r;
        } finally {
            if (bar != null) {
                bar.finish(done);
            }
        }
    }

    /**
     * Sends {@code length} bytes of a file from {@code offset} as the request body, one piece of a
     * resumable upload.
     *
     * @param bar the progress bar the bytes advance, or {@code null}
     */
    Response uploadPiece(
            String method,
            String pathAndQuery,
            Path file,
            long offset,
            long length,
            ProgressBar bar)
            throws CliException {
        BodyPublisher body =
                BodyPublishers.fromPublisher(
                        BodyPublishers.ofInputStream(() -> {
                            try {
                                var in = Files.newInputStream(file);
                                in.skipNBytes(offset);
                                var limited = new LimitedStream(in, length);
                                return bar == null ? limited : bar.track(limited);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }),
                        length);
        return send(method, pathAndQuery, body, "application/octet-stream");
    }

    /** Reads at most {@code limit} bytes of a stream. */
    private static final class LimitedStream extends java.io.FilterInputStream {
        private long left;

        LimitedStream(java.io.InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /**
     * Downloads a response body into a file (through a temporary file moved into place), so large
     * files never sit in memory; an error answer is returned as a JSON response instead.
     */
    Response download(String pathAndQuery, java.nio.file.Path target) throws CliException {
        return download(pathAndQuery, target, null);
    }

    /**
     * Downloads like {@link #download(String, Path)}, drawing a progress bar against the answer's
     * Content-Length when {@code progress} is not {@code null}.
     */
    Response download(String pathAndQuery, java.nio.file.Path target, PrintStream progress)
            throws CliException {
        HttpRequest req =
                HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                        .GET()
                        .header("Authorization", "Bearer " + token)
                        .build();
        java.nio.file.Path tmp = target.resolveSibling(target.getFileName() + ".part");
        try {
            HttpResponse<java.io.InputStream> resp =
                    http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream body = resp.body()) {
                if (resp.statusCode() == 401) {
                    throw new CliException(
                            CliException.UNAUTHORIZED,
                            "the node refused the admin token; run on the NAS or pass"
                                    + " --token/--data");
                }
                if (resp.statusCode() != 200) {
                    return new Response(
                            resp.statusCode(),
                            new String(body.readNBytes(1 << 20), StandardCharsets.UTF_8));
                }
                long size = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
                ProgressBar bar =
                        progress == null || size < 0
                                ? null
                                : new ProgressBar(
                                        progress,
                                        Output.printable(target.getFileName().toString()),
                                        size);
                boolean complete = false;
                if (bar != null) {
                    bar.start();
                }
                try {
                    java.nio.file.Files.copy(
                            bar == null ? body : bar.track(body),
                            tmp,
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    complete = true;
                } finally {
                    if (bar != null) {
                        bar.finish(complete);
                    }
                }
            }
            java.nio.file.Files.move(
                    tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return new Response(200, "{}");
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable(e);
        } catch (IOException e) {
            try {
                java.nio.file.Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the partial file is named .part; nothing else depends on it
            }
            throw CliException.failed("download failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted");
        }
    }

    /** Sends a JSON text as the request body, such as a sign-in or an invitation. */
    Response sendJson(String method, String pathAndQuery, String json) throws CliException {
        return send(
                method,
                pathAndQuery,
                java.net.http.HttpRequest.BodyPublishers.ofString(
                        json, java.nio.charset.StandardCharsets.UTF_8),
                "application/json");
    }

    private Response send(String method, String pathAndQuery, BodyPublisher body, String type)
            throws CliException {
        HttpRequest.Builder req =
                HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                        .method(method, body)
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "application/json");
        if (type != null) {
            req.header("Content-Type", type);
        }
        HttpResponse<String> resp;
        try {
            resp =
                    http.send(
                            req.build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable(e);
        } catch (IOException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw CliException.failed("cannot read the package: " + u.getCause().getMessage());
            }
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted");
        }
        if (resp.statusCode() == 401) {
            throw new CliException(
                    CliException.UNAUTHORIZED,
                    "the node refused the admin token; run on the NAS or pass --token/--data");
        }
        return new Response(resp.statusCode(), resp.body());
    }

    private CliException unreachable(IOException e) {
        String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        if (e instanceof ConnectException && e.getMessage() == null) {
            why = "connection refused";
        }
        return new CliException(
                CliException.UNREACHABLE,
                "cannot reach the node at "
                        + base
                        + ": "
                        + why
                        + " — is it running? (elastos status)",
                e);
    }

    @Override
    public void close() {
        http.close();
    }
}
