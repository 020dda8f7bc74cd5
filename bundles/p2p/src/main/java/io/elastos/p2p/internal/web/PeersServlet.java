// SPDX-License-Identifier: Apache-2.0
package io.elastos.p2p.internal.web;

import io.elastos.api.identity.Did;
import io.elastos.api.p2p.P2pException;
import io.elastos.api.p2p.PeerId;
import io.elastos.api.p2p.PeerInfo;
import io.elastos.p2p.internal.P2pService;
import io.elastos.p2p.internal.msg.ContactBook;
import io.elastos.p2p.internal.peer.Multiaddr;
import io.elastos.p2p.internal.peer.PeerIds;
import io.elastos.p2p.internal.web.Http.HttpError;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The owner's peers over HTTP: {@code GET /api/peers} (this node and the connected peers), {@code
 * POST /api/peers/connect {"address"}}, {@code POST /api/peers/ping {"peer"}}, and the contact book
 * under {@code /api/peers/contacts[/<did>]} (GET, POST, DELETE).
 */
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletPattern("/api/peers/*")
public class PeersServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Reference transient P2pService p2p;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!Http.owner(req)) {
            Http.error(resp, 403, "the P2P API is the owner's");
            return;
        }
        String op = req.getPathInfo() == null ? "/" : req.getPathInfo();
        String method = req.getMethod();
        try {
            if (op.equals("/contacts") || op.startsWith("/contacts/")) {
                contacts(req, resp, method, op.substring("/contacts".length()));
                return;
            }
            switch (method + " " + op) {
                case "GET /" -> Http.send(resp, 200, self());
                case "POST /connect" -> {
                    String address = Http.string(Http.body(req), "address");
                    Http.send(resp, 200, peer(p2p.connect(address)));
                }
                case "POST /ping" -> {
                    PeerId peer = peerId(Http.string(Http.body(req), "peer"));
                    double rtt = p2p.ping(peer).toNanos() / 1e6;
                    Http.send(resp, 200, Map.of("peer", peer.value(), "rttMillis", rtt));
                }
                default -> Http.error(resp, 404, "no such operation: " + method + " " + op);
            }
        } catch (HttpError e) {
            Http.error(resp, e.status, e.getMessage());
        } catch (P2pException e) {
            Http.error(resp, 502, e.getMessage());
        } catch (SQLException e) {
            Http.error(resp, 500, "contact book: " + e.getMessage());
        }
    }

    private Map<String, Object> self() throws P2pException {
        Map<String, Object> self = new LinkedHashMap<>();
        self.put("peerId", p2p.peerId().value());
        self.put("cid", PeerIds.toCid(p2p.peerId()));
        self.put("did", p2p.messaging().self().value());
        self.put("addresses", p2p.listenAddresses());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("self", self);
        out.put("peers", p2p.peers().stream().map(PeersServlet::peer).toList());
        return out;
    }

    private void contacts(
            HttpServletRequest req, HttpServletResponse resp, String method, String rest)
            throws IOException, HttpError, P2pException, SQLException {
        ContactBook book = p2p.messaging().contacts();
        Did did = rest.isEmpty() || rest.equals("/") ? null : did(rest.substring(1));
        switch (method) {
            case "GET" -> {
                if (did == null) {
                    Http.send(resp, 200, book.list().stream().map(PeersServlet::contact).toList());
                } else {
                    var c = book.get(did);
                    if (c.isEmpty()) {
                        Http.error(resp, 404, "no contact " + did);
                    } else {
                        Http.send(resp, 200, contact(c.get()));
                    }
                }
            }
            case "POST" -> {
                if (did != null) {
                    throw new HttpError(405, "POST /api/peers/contacts with the DID in the body");
                }
                Map<?, ?> body = Http.body(req);
                Did contactDid = did(Http.string(body, "did"));
                PeerId peer = peerId(Http.string(body, "peer"));
                String name = Http.optional(body, "name");
                if (name != null && name.length() > 200) {
                    throw new HttpError(400, "name longer than 200 characters");
                }
                List<String> addresses =
                        addresses(body.get("addresses"), Http.optional(body, "address"));
                ContactBook.Contact c =
                        new ContactBook.Contact(
                                contactDid,
                                peer,
                                name == null ? "" : name,
                                addresses,
                                book.get(contactDid)
                                        .map(ContactBook.Contact::createdAt)
                                        .orElse(Instant.now()));
                book.put(c);
                Http.send(resp, 200, contact(c));
            }
            case "DELETE" -> {
                if (did == null) {
                    throw new HttpError(400, "DELETE /api/peers/contacts/<did>");
                }
                Http.send(resp, 200, Map.of("removed", book.remove(did)));
            }
            default -> throw new HttpError(405, method + " is not allowed here");
        }
    }

    private static List<String> addresses(Object list, String single) throws HttpError {
        List<String> out = new ArrayList<>();
        if (single != null) {
            out.add(single);
        }
        if (list instanceof List<?> l) {
            for (Object o : l) {
                if (!(o instanceof String s)) {
                    throw new HttpError(400, "\"addresses\" must be strings");
                }
                out.add(s.strip());
            }
        } else if (list != null) {
            throw new HttpError(400, "\"addresses\" must be a list");
        }
        if (out.size() > ContactBook.MAX_ADDRESSES) {
            throw new HttpError(400, "at most " + ContactBook.MAX_ADDRESSES + " addresses");
        }
        List<String> clean = new ArrayList<>();
        for (String a : out) {
            try {
                clean.add(Multiaddr.parse(a).withoutPeer().toString());
            } catch (IllegalArgumentException e) {
                throw new HttpError(
                        400, "not a dialable address: " + a + " (" + e.getMessage() + ")");
            }
        }
        return clean;
    }

    private static Did did(String s) throws HttpError {
        String text = URLDecoder.decode(s, StandardCharsets.UTF_8);
        if (text.length() > ContactBook.MAX_DID) {
            throw new HttpError(400, "DID longer than " + ContactBook.MAX_DID + " characters");
        }
        try {
            return Did.of(text);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, e.getMessage());
        }
    }

    private static PeerId peerId(String s) throws HttpError {
        try {
            return PeerIds.parse(s);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "not a peer id: " + s);
        }
    }

    static Map<String, Object> peer(PeerInfo p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("peerId", p.id().value());
        m.put("addresses", p.addresses());
        m.put("protocols", p.protocols());
        m.put("agentVersion", p.agentVersion());
        return m;
    }

    private static Map<String, Object> contact(ContactBook.Contact c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("did", c.did().value());
        m.put("peer", c.peer().value());
        m.put("name", c.name());
        m.put("addresses", c.addresses());
        m.put("createdAt", c.createdAt().toString());
        return m;
    }
}
