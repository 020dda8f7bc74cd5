// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.web;

import io.elastos.api.events.NodeEvents;
import io.elastos.api.identity.AccessGrants;
import io.elastos.api.identity.Session;
import io.elastos.api.p2p.BlockExchange;
import io.elastos.api.storage.Cid;
import io.elastos.api.storage.SharedPartition;
import io.elastos.api.storage.StorageException;
import io.elastos.json.JsonWriter;
import io.elastos.storage.internal.StorageService;
import io.elastos.storage.internal.files.PathRules;
import io.elastos.storage.internal.files.PrivateFiles;
import io.elastos.storage.internal.files.ResumableUploads;
import io.elastos.storage.internal.scopes.EncryptedScopeStore;
import io.elastos.storage.internal.shared.Fetches;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The owner's files over HTTP ({@code /api/files/*}, paths as the {@code path} query parameter):
 * {@code GET list}, {@code PUT content} (streamed body, a new version), {@code GET
 * content[&version=N]} (with HTTP Range), {@code DELETE content} (to the trash), {@code POST
 * restore}, {@code GET versions}, {@code POST mkdir}, {@code POST publish} (to the shared
 * partition, answers the CID), {@code DELETE publish?cid=…}, {@code GET car?cid=…} and {@code POST
 * car} (CAR v1 export and import), {@code POST gc} (garbage collection now, owner) and resumable
 * uploads under {@code uploads} (see {@link #uploads}), and {@code fetch?cid=} of a DAG from peers
 * (see {@link #fetch}). Publishing a folder publishes its tree as UnixFS directories; moving a
 * folder moves everything under it. The owner may use every path; members and guests only folders
 * granted to them.
 */
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletPattern("/api/files/*")
public class FilesServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    @Reference transient StorageService storage;

    /** Where publishing is announced (NodeEvents.FILE_PUBLISHED), when Event Admin runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile EventAdmin events;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile SharedPartition shared;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile AccessGrants grants;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile BlockExchange exchange;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String op = req.getPathInfo() == null ? "/" : req.getPathInfo();
        String method = req.getMethod();
        PrivateFiles files = storage.privateFiles();
        try {
            String path =
                    req.getParameter("path") == null
                            ? null
                            : PathRules.normalize(req.getParameter("path"));
            if (path != null
                    && (path.equals(EncryptedScopeStore.RESERVED_FOLDER)
                            || path.startsWith(EncryptedScopeStore.RESERVED_FOLDER + "/"))) {
                // The apps' own storage: reachable only through their scopes and quotas.
                send(resp, 403, Map.of("error", "the apps' storage is not part of the file API"));
                return;
            }
            if (path != null && !allowed(req, path)) {
                send(resp, 403, Map.of("error", "no grant for " + path));
                return;
            }
            if (op.equals("/uploads") || op.startsWith("/uploads/")) {
                uploads(req, resp, files.uploads(), method, op, path);
                return;
            }
            switch (method + " " + op) {
                case "GET /list" ->
                        send(
                                resp,
                                200,
                                files.list(required(path)).stream()
                                        .filter(e ->
                                                !(path.equals("/")
                                                        && ("/" + e.name())
                                                                .equals(
                                                                        EncryptedScopeStore
                                                                                .RESERVED_FOLDER)))
                                        .map(FilesServlet::entry)
                                        .toList());
                case "PUT /content" -> {
                    try (InputStream in = req.getInputStream()) {
                        send(
                                resp,
                                200,
                                Map.of("path", required(path), "version", files.write(path, in)));
                    }
                }
                case "GET /content" -> download(req, resp, files, required(path));
                case "DELETE /content" ->
                        send(resp, 200, Map.of("trashed", files.trash(required(path))));
                case "POST /restore" ->
                        send(resp, 200, Map.of("restored", files.restoreFromTrash(required(path))));
                case "GET /versions" -> send(resp, 200, files.versions(required(path)));
                case "POST /mkdir" ->
                        send(resp, 200, Map.of("created", files.mkdirs(required(path))));
                case "POST /publish" -> publish(resp, files, required(path));
                case "DELETE /publish" ->
                        send(
                                resp,
                                200,
                                Map.of(
                                        "unpinned",
                                        shared().unpin(Cid.of(req.getParameter("cid")))));
                case "GET /car" -> {
                    resp.setStatus(200);
                    resp.setContentType("application/vnd.ipld.car; version=1");
                    shared().exportCar(Cid.of(req.getParameter("cid")), resp.getOutputStream());
                }
                case "POST /car" -> {
                    try (InputStream in = req.getInputStream()) {
                        List<Cid> roots = shared().importCar(in);
                        send(resp, 200, Map.of("roots", roots.stream().map(Cid::value).toList()));
                    }
                }
                case "POST /move" -> {
                    String to = PathRules.normalize(String.valueOf(req.getParameter("to")));
                    if (!allowed(req, to)) {
                        send(resp, 403, Map.of("error", "no grant for " + to));
                    } else {
                        send(resp, 200, Map.of("moved", files.move(required(path), to)));
                    }
                }
                case "POST /fetch", "GET /fetch" -> fetch(req, resp, method);
                case "POST /gc" -> {
                    if (!owner(req)) {
                        send(resp, 403, Map.of("error", "only the owner collects garbage"));
                    } else {
                        send(resp, 200, storage.collectGarbageNow());
                    }
                }
                default -> send(resp, 404, Map.of("error", "no such endpoint"));
            }
        } catch (IllegalArgumentException e) {
            send(resp, 400, Map.of("error", e.getMessage()));
        } catch (ResumableUploads.OffsetConflict e) {
            send(resp, 409, Map.of("error", e.getMessage(), "received", e.received()));
        } catch (StorageException e) {
            int status =
                    switch (e.reason()) {
                        case NOT_FOUND -> 404;
                        case INVALID_ARGUMENT -> 400;
                        case QUOTA_EXCEEDED -> 507;
                        case LOCKED -> 503;
                        case INTEGRITY -> 500;
                        case IO -> 500;
                    };
            if (!resp.isCommitted()) {
                send(
                        resp,
                        status,
                        Map.of("error", e.getMessage(), "reason", e.reason().name().toLowerCase()));
            }
        }
    }

    /**
     * Resumable uploads: {@code POST uploads?path=} begins one, {@code PUT uploads/<id>?offset=N}
     * appends a piece (409 with the right offset if N is not where it stands), {@code GET
     * uploads/<id>} says where it stands, {@code POST uploads/<id>/commit[?size=N]} makes it a
     * version, {@code DELETE uploads/<id>} drops it, {@code GET uploads} lists them.
     */
    private void uploads(
            HttpServletRequest req,
            HttpServletResponse resp,
            ResumableUploads uploads,
            String method,
            String op,
            String path)
            throws IOException, StorageException {
        String[] parts = op.split("/", -1); // "", "uploads", id, action
        if (parts.length == 2) {
            switch (method) {
                case "POST" -> send(resp, 201, status(uploads.begin(required(path))));
                case "GET" -> {
                    List<Map<String, Object>> mine = new java.util.ArrayList<>();
                    for (ResumableUploads.Status st : uploads.list()) {
                        if (allowed(req, st.path())) {
                            mine.add(status(st));
                        }
                    }
                    send(resp, 200, mine);
                }
                default -> send(resp, 405, Map.of("error", "use POST or GET on uploads"));
            }
            return;
        }
        String id = parts[2];
        ResumableUploads.Status current = uploads.status(id);
        if (!allowed(req, current.path())) {
            // The id alone is not a permission: the caller must be allowed on the target too.
            send(resp, 403, Map.of("error", "no grant for " + current.path()));
            return;
        }
        String action = parts.length > 3 ? parts[3] : "";
        switch (method + " " + action) {
            case "GET " -> send(resp, 200, status(current));
            case "PUT " -> {
                String offset = req.getParameter("offset");
                if (offset == null) {
                    throw new IllegalArgumentException(
                            "give the piece's start as ?offset=N (GET the upload for N)");
                }
                try (InputStream in = req.getInputStream()) {
                    send(resp, 200, status(uploads.append(id, Long.parseLong(offset), in)));
                }
            }
            case "POST commit" -> {
                String size = req.getParameter("size");
                int version = uploads.commit(id, size == null ? -1 : Long.parseLong(size));
                send(resp, 200, Map.of("path", current.path(), "version", version));
            }
            case "DELETE " -> send(resp, 200, Map.of("aborted", uploads.abort(id)));
            default -> send(resp, 404, Map.of("error", "no such upload endpoint"));
        }
    }

    /**
     * {@code POST fetch?cid=} starts bringing a DAG from the connected peers into the shared
     * partition (202, or the running fetch of that root); {@code GET fetch?cid=} says where it
     * stands: state, blocks fetched, bytes stored and the file size the root announces.
     */
    private void fetch(HttpServletRequest req, HttpServletResponse resp, String method)
            throws IOException, StorageException {
        if (!owner(req)) {
            send(resp, 403, Map.of("error", "only the owner fetches from peers"));
            return;
        }
        Cid cid = Cid.of(String.valueOf(req.getParameter("cid")));
        Fetches.Status st;
        if (method.equals("POST")) {
            BlockExchange ex = exchange;
            if (ex == null) {
                send(resp, 503, Map.of("error", "P2P is not running: no peers to fetch from"));
                return;
            }
            st = storage.fetches().start(cid, ex);
        } else {
            st = storage.fetches().status(cid);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cid", st.cid());
        m.put("state", st.state());
        m.put("fetchedBlocks", st.fetchedBlocks());
        m.put("contentBytes", st.contentBytes());
        m.put("totalBytes", st.totalBytes());
        if (st.error() != null) {
            m.put("error", st.error());
        }
        send(resp, method.equals("POST") ? 202 : 200, m);
    }

    private static Map<String, Object> status(ResumableUploads.Status st) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", st.id());
        m.put("path", st.path());
        m.put("received", st.received());
        m.put("createdAt", st.createdAt().toString());
        m.put("updatedAt", st.updatedAt().toString());
        return m;
    }

    private static boolean owner(HttpServletRequest req) {
        return req.getAttribute(Session.REQUEST_ATTRIBUTE) instanceof Session s
                && s.role() == io.elastos.api.identity.Role.OWNER;
    }

    /** The owner may use every path; others need a folder grant covering it. */
    private boolean allowed(HttpServletRequest req, String path) {
        if (!(req.getAttribute(Session.REQUEST_ATTRIBUTE) instanceof Session s)) {
            return false;
        }
        AccessGrants g = grants;
        return s.role() == io.elastos.api.identity.Role.OWNER
                || (g != null && g.allowed(s, "folder:" + path));
    }

    private void download(
            HttpServletRequest req, HttpServletResponse resp, PrivateFiles files, String path)
            throws IOException, StorageException {
        String v = req.getParameter("version");
        int version = v == null ? 0 : Integer.parseInt(v);
        long size = files.size(path, version);
        resp.setHeader("Accept-Ranges", "bytes");
        resp.setContentType("application/octet-stream");
        String range = req.getHeader("Range");
        long start = 0;
        long end = size - 1;
        if (range != null) {
            Matcher m = RANGE.matcher(range.strip());
            if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
                start = -1;
            } else if (m.group(1).isEmpty()) {
                start = Math.max(0, size - Long.parseLong(m.group(2)));
            } else {
                start = Long.parseLong(m.group(1));
                end =
                        m.group(2).isEmpty()
                                ? size - 1
                                : Math.min(Long.parseLong(m.group(2)), size - 1);
            }
            if (start < 0 || start >= size || end < start) {
                resp.setStatus(416);
                resp.setHeader("Content-Range", "bytes */" + size);
                return;
            }
            resp.setStatus(206);
            resp.setHeader("Content-Range", "bytes " + start + "-" + end + "/" + size);
        } else {
            resp.setStatus(200);
        }
        resp.setContentLengthLong(size == 0 ? 0 : end - start + 1);
        // Decrypts only the chunks that cover the range, a few ahead: the file is never in memory.
        files.read(path, version, start, end, resp.getOutputStream());
    }

    private void publish(HttpServletResponse resp, PrivateFiles files, String path)
            throws IOException, StorageException {
        Cid cid;
        boolean folder = files.isFolder(path);
        if (folder) {
            // A folder becomes flat UnixFS directories; the apps' own storage is never shared.
            cid =
                    storage.sharedStore()
                            .publishTree(
                                    files.tree(
                                            path,
                                            p -> p.equals(EncryptedScopeStore.RESERVED_FOLDER)));
        } else {
            // Decrypted a chunk at a time as the importer reads it.
            try (InputStream in = files.open(path, 0)) {
                cid = shared().publish(in);
            }
        }
        EventAdmin events = this.events;
        if (events != null) {
            events.postEvent(
                    new Event(
                            NodeEvents.FILE_PUBLISHED,
                            Map.of(NodeEvents.CID, cid.value(), NodeEvents.PATH, path)));
        }
        send(resp, 200, Map.of("path", path, "cid", cid.value(), "folder", folder));
    }

    private SharedPartition shared() throws StorageException {
        SharedPartition s = shared;
        if (s == null) {
            throw new StorageException(
                    StorageException.Reason.IO, "the shared partition is not running");
        }
        return s;
    }

    private static String required(String path) {
        if (path == null) {
            throw new IllegalArgumentException("give the path as ?path=/folder/name");
        }
        return path;
    }

    private static Map<String, Object> entry(PrivateFiles.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", e.name());
        m.put("folder", e.folder());
        m.put("size", e.size());
        m.put("version", e.version());
        return m;
    }

    private static void send(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getOutputStream().write(JsonWriter.write(body).getBytes(StandardCharsets.UTF_8));
    }
}
