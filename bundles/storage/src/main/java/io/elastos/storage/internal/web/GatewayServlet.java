// SPDX-License-Identifier: Apache-2.0
package io.elastos.storage.internal.web;

import io.elastos.api.storage.Cid;
import io.elastos.api.storage.SharedPartition;
import io.elastos.api.storage.StorageException;
import io.elastos.storage.internal.shared.FileView;
import io.elastos.storage.internal.shared.SharedStore;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * An IPFS trustless gateway over the shared partition ({@code GET} and {@code HEAD} {@code
 * /ipfs/<cid>}), following the IPFS Trustless Gateway specification.
 *
 * <ul>
 *   <li>{@code ?format=raw} or {@code Accept: application/vnd.ipld.raw}: the single block, whose
 *       hash the client checks against the CID. Any stored block is served, so clients can fetch a
 *       DAG block by block; an unpinned block stays until garbage collection removes it.
 *   <li>{@code ?format=car} or {@code Accept: application/vnd.ipld.car}: the pinned root's whole
 *       DAG as CAR v1, depth-first without duplicates.
 *   <li>Otherwise the pinned UnixFS file's bytes as {@code application/octet-stream}, never sniffed
 *       or rendered as HTML, with single-range HTTP Range support.
 * </ul>
 *
 * <p>Content is immutable, so every success is cacheable forever. A path below a published CID
 * ({@code /ipfs/<cid>/a/b.txt}) is resolved through its UnixFS directories, flat or HAMT-sharded,
 * and serves that entry as a file or ({@code ?format=raw}) its block; a CAR of a path answers 501.
 * An unsupported or malformed CID answers 400, content not here 404.
 */
@Component(service = Servlet.class, immediate = true)
@HttpWhiteboardServletPattern("/ipfs/*")
public class GatewayServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String RAW_TYPE = "application/vnd.ipld.raw";
    static final String CAR_TYPE = "application/vnd.ipld.car";
    static final String CAR_CONTENT_TYPE = CAR_TYPE + "; version=1; order=dfs; dups=n";
    static final String IMMUTABLE = "public, max-age=29030400, immutable";

    private static final Pattern RANGE = Pattern.compile("(\\d*)-(\\d*)");

    /** What the client asked for. */
    enum Format {
        RAW,
        CAR,
        FILE
    }

    /** A satisfiable byte range, both ends inclusive. */
    record ByteRange(long first, long last) {
        long length() {
            return last - first + 1;
        }
    }

    /** A client error: the status and the text to answer with. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    // The store's own methods (raw blocks, sizes, pin checks) go beyond the API, so the gateway
    // needs the bundle's implementation; both live in this bundle.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile SharedPartition shared;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp, false);
    }

    @Override
    protected void doHead(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp, true);
    }

    private void handle(HttpServletRequest req, HttpServletResponse resp, boolean head)
            throws IOException {
        try {
            if (!(shared instanceof SharedStore store)) {
                throw new Refusal(503, "the shared partition is not available");
            }
            Target target = targetOf(req.getPathInfo());
            Format format = format(req);
            Cid cid = target.root();
            if (!target.names().isEmpty()) {
                // Served only below a published root; the entry itself need not be a pin.
                requirePinned(store, cid);
                if (format == Format.CAR) {
                    throw new Refusal(
                            501, "a CAR of a path is not supported; ask for the entry's own CID");
                }
                cid = store.resolve(cid, target.names());
                resp.setHeader("X-Ipfs-Roots", target.root().value() + "," + cid.value());
                if (format == Format.RAW) {
                    raw(store, cid, req, resp, head);
                } else {
                    served(store, cid, req, resp, head);
                }
                return;
            }
            switch (format) {
                case RAW -> raw(store, cid, req, resp, head);
                case CAR -> car(store, cid, req, resp, head);
                case FILE -> file(store, cid, req, resp, head);
            }
        } catch (Refusal r) {
            refuse(resp, r.status, r.getMessage(), head);
        } catch (StorageException e) {
            if (resp.isCommitted()) {
                // The status is sent: only cutting the stream short tells the client it failed.
                throw new IOException("gateway response failed: " + e.getMessage(), e);
            }
            int status =
                    switch (e.reason()) {
                        case NOT_FOUND -> 404;
                        case INVALID_ARGUMENT -> 400;
                        default -> 500;
                    };
            refuse(resp, status, e.getMessage(), head);
        }
    }

    private void raw(
            SharedStore store,
            Cid cid,
            HttpServletRequest req,
            HttpServletResponse resp,
            boolean head)
            throws IOException, StorageException, Refusal {
        Optional<byte[]> block = store.block(cid);
        if (block.isEmpty()) {
            throw new Refusal(404, "block " + cid + " is not stored here");
        }
        if (notModified(req, resp, cid, "\"" + cid + ".raw\"")) {
            return;
        }
        resp.setContentType(RAW_TYPE);
        resp.setHeader("Content-Disposition", "attachment; filename=\"" + cid + ".bin\"");
        resp.setContentLengthLong(block.get().length);
        if (!head) {
            resp.getOutputStream().write(block.get());
        }
    }

    private void car(
            SharedStore store,
            Cid cid,
            HttpServletRequest req,
            HttpServletResponse resp,
            boolean head)
            throws IOException, StorageException, Refusal {
        requirePinned(store, cid);
        // The spec wants 404 when the root block is missing; once streaming starts it is too late.
        if (store.block(cid).isEmpty()) {
            throw new Refusal(404, "the root block of " + cid + " is not stored here");
        }
        // The export is deterministic (depth-first, no duplicates), so a strong Etag is honest.
        if (notModified(req, resp, cid, "\"" + cid + ".car\"")) {
            return;
        }
        resp.setContentType(CAR_CONTENT_TYPE);
        resp.setHeader("Content-Disposition", "attachment; filename=\"" + cid + ".car\"");
        if (!head) {
            OutputStream out = resp.getOutputStream();
            store.exportCar(cid, out);
            out.flush();
        }
    }

    private void file(
            SharedStore store,
            Cid cid,
            HttpServletRequest req,
            HttpServletResponse resp,
            boolean head)
            throws IOException, StorageException, Refusal {
        requirePinned(store, cid);
        served(store, cid, req, resp, head);
    }

    /** The bytes of a stored UnixFS file, with HTTP Range. */
    private void served(
            SharedStore store,
            Cid cid,
            HttpServletRequest req,
            HttpServletResponse resp,
            boolean head)
            throws IOException, StorageException, Refusal {
        FileView view;
        try {
            view = store.view(cid);
        } catch (StorageException e) {
            if (e.reason() == StorageException.Reason.INVALID_ARGUMENT) {
                throw new Refusal(
                        501,
                        "only UnixFS files are served as bytes ("
                                + e.getMessage()
                                + "); ask for ?format=car or ?format=raw");
            }
            throw e;
        }
        long size = view.size();
        resp.setHeader("Accept-Ranges", "bytes");
        if (notModified(req, resp, cid, "\"" + cid + "\"")) {
            return;
        }
        resp.setContentType("application/octet-stream");
        ByteRange range = range(req.getHeader("Range"), size);
        long first = 0;
        long length = size;
        if (range != null) {
            first = range.first();
            length = range.length();
            resp.setStatus(206);
            resp.setHeader("Content-Range", "bytes " + first + "-" + range.last() + "/" + size);
        }
        resp.setContentLengthLong(length);
        if (!head) {
            try (InputStream in = view.stream(first, length)) {
                in.transferTo(resp.getOutputStream());
            }
        }
    }

    private static void requirePinned(SharedStore store, Cid cid) throws StorageException, Refusal {
        if (!store.isPinned(cid)) {
            throw new Refusal(404, cid + " is not published here");
        }
    }

    /** Sets the headers every success shares; true (after answering 304) if the client has it. */
    private static boolean notModified(
            HttpServletRequest req, HttpServletResponse resp, Cid cid, String etag) {
        resp.setHeader("Etag", etag);
        resp.setHeader("Cache-Control", IMMUTABLE);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("X-Ipfs-Path", "/ipfs/" + cid);
        resp.setHeader("X-Ipfs-Roots", cid.value());
        resp.setHeader("Vary", "Accept");
        String match = req.getHeader("If-None-Match");
        if (match == null) {
            return false;
        }
        for (String candidate : match.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                resp.setStatus(304);
                return true;
            }
        }
        return false;
    }

    /** The CID of {@code /<cid>}; a deeper path is not supported. */
    /** A request's root CID and the names of the path below it (often none). */
    record Target(Cid root, List<String> names) {}

    /** The longest path below a CID the gateway follows, in names. */
    static final int MAX_PATH_NAMES = 64;

    static Target targetOf(String pathInfo) throws Refusal {
        if (pathInfo == null || pathInfo.length() < 2) {
            throw new Refusal(400, "expected /ipfs/<cid>");
        }
        String rest = pathInfo.substring(1);
        int slash = rest.indexOf('/');
        String text = slash < 0 ? rest : rest.substring(0, slash);
        Cid cid;
        try {
            cid = Cid.of(text);
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "not a CID: " + e.getMessage());
        }
        List<String> names = new java.util.ArrayList<>();
        if (slash >= 0) {
            String path = rest.substring(slash + 1);
            if (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            for (String name : path.isEmpty() ? new String[0] : path.split("/", -1)) {
                if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                    throw new Refusal(400, "a path below a CID has no empty, . or .. names");
                }
                names.add(name);
            }
            if (names.size() > MAX_PATH_NAMES) {
                throw new Refusal(
                        400, "paths below a CID have at most " + MAX_PATH_NAMES + " names");
            }
        }
        return new Target(cid, List.copyOf(names));
    }

    /** The response format: {@code ?format=} first, as the spec says, then the Accept header. */
    static Format format(HttpServletRequest req) throws Refusal {
        String param = req.getParameter("format");
        if (param != null && !param.isEmpty()) {
            return switch (param) {
                case "raw" -> Format.RAW;
                case "car" -> Format.CAR;
                default -> throw new Refusal(400, "unsupported format " + param);
            };
        }
        String accept = req.getHeader("Accept");
        if (accept != null) {
            for (String item : accept.split(",")) {
                String type = item.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
                if (type.equals(RAW_TYPE)) {
                    return Format.RAW;
                }
                if (type.equals(CAR_TYPE)) {
                    return Format.CAR;
                }
            }
        }
        return Format.FILE;
    }

    /**
     * Parses a Range header against a file's size.
     *
     * @return the range, or {@code null} to send the whole file (no header, another unit, or
     *     several ranges, which a server may answer in full)
     * @throws Refusal 416 for a malformed or unsatisfiable byte range
     */
    static ByteRange range(String header, long size) throws Refusal {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String spec = h.substring(6).strip();
        if (spec.contains(",")) {
            return null;
        }
        Matcher m = RANGE.matcher(spec);
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            throw unsatisfiable(size);
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw unsatisfiable(size);
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Long.parseLong(m.group(2));
            if (first >= size || last < first) {
                throw unsatisfiable(size);
            }
            return new ByteRange(first, Math.min(last, size - 1));
        } catch (NumberFormatException e) {
            throw unsatisfiable(size); // more digits than a long holds
        }
    }

    private static Refusal unsatisfiable(long size) {
        // The status alone cannot carry Content-Range; refuse() adds it from the message.
        return new Refusal(416, "bytes */" + size);
    }

    private static void refuse(HttpServletResponse resp, int status, String message, boolean head)
            throws IOException {
        resp.reset();
        resp.setStatus(status);
        if (status == 416) {
            resp.setHeader("Content-Range", message);
            message = "range not satisfiable, the file has " + message.substring(8) + " bytes";
        }
        // Errors may change (content can arrive later), so they must not be cached as immutable.
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setContentType("text/plain; charset=utf-8");
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setContentLengthLong(body.length);
        if (!head) {
            resp.getOutputStream().write(body);
        }
    }
}
