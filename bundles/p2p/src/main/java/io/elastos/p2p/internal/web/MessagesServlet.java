// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.web;

import io.elastos.api.identity.Did;
import io.elastos.api.p2p.P2pException;
import io.elastos.api.p2p.P2pNode;
import io.elastos.p2p.internal.P2pService;
import io.elastos.p2p.internal.msg.MessageLog;
import io.elastos.p2p.internal.web.Http.HttpError;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The owner's messages over HTTP: {@code POST /api/messages {"to": did, "text"}} answers the id and
 * status ({@code delivered}, {@code queued} or {@code refused}); {@code GET
 * /api/messages[?limit=N]} lists the newest messages in and out; {@code GET /api/messages/<id>} one
 * sent message.
 */
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletPattern("/api/messages/*")
public class MessagesServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** How long a POST waits for the receipt before answering {@code queued}. */
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Reference transient P2pService p2p;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!Http.owner(req)) {
            Http.error(resp, 403, "the P2P API is the owner's");
            return;
        }
        String op = req.getPathInfo() == null ? "/" : req.getPathInfo();
        try {
            switch (req.getMethod() + " " + (op.startsWith("/") && op.length() > 1 ? "/id" : "/")) {
                case "POST /" -> send(req, resp);
                case "GET /" -> {
                    int limit = limit(req.getParameter("limit"));
                    Http.send(
                            resp,
                            200,
                            p2p.messaging().log().recent(limit).stream()
                                    .map(MessagesServlet::entry)
                                    .toList());
                }
                case "GET /id" -> {
                    var e = p2p.messaging().log().outgoing(op.substring(1));
                    if (e.isEmpty()) {
                        Http.error(resp, 404, "no sent message " + op.substring(1));
                    } else {
                        Http.send(resp, 200, entry(e.get()));
                    }
                }
                default -> Http.error(resp, 405, req.getMethod() + " " + op + " is not allowed");
            }
        } catch (HttpError e) {
            Http.error(resp, e.status, e.getMessage());
        } catch (P2pException e) {
            Http.error(resp, 400, e.getMessage());
        } catch (SQLException e) {
            Http.error(resp, 500, "message log: " + e.getMessage());
        }
    }

    private void send(HttpServletRequest req, HttpServletResponse resp)
            throws IOException, HttpError, P2pException {
        Map<?, ?> body = Http.body(req);
        Did to;
        try {
            to = Did.of(Http.string(body, "to"));
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, e.getMessage());
        }
        if (!(body.get("text") instanceof String text)) {
            throw new HttpError(400, "missing \"text\"");
        }
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > P2pNode.MAX_MESSAGE_SIZE) {
            throw new HttpError(413, "text larger than " + P2pNode.MAX_MESSAGE_SIZE + " bytes");
        }
        MessageLog.Entry e = p2p.messaging().send(to, payload, WAIT);
        Http.send(resp, e.status().equals(MessageLog.QUEUED) ? 202 : 200, entry(e));
    }

    private static int limit(String text) throws HttpError {
        if (text == null) {
            return 100;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= 1000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new HttpError(400, "limit is 1 to 1000");
    }

    private static Map<String, Object> entry(MessageLog.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        boolean out = e.direction().equals(MessageLog.OUT);
        m.put("direction", out ? "out" : "in");
        m.put(out ? "to" : "from", e.did());
        m.put("peer", e.peer().value());
        try {
            m.put(
                    "text",
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .decode(ByteBuffer.wrap(e.payload()))
                            .toString());
        } catch (CharacterCodingException ex) {
            m.put("base64", Base64.getEncoder().encodeToString(e.payload()));
        }
        m.put("status", e.status());
        if (e.detail() != null) {
            m.put("detail", e.detail());
        }
        m.put("attempts", e.attempts());
        m.put("createdAt", e.createdAt().toString());
        m.put("updatedAt", e.updatedAt().toString());
        return m;
    }
}
