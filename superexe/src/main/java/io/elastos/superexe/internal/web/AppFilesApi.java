// SPDX-License-Identifier: Apache-2.0
package io.elastos.superexe.internal.web;

import io.elastos.api.storage.AppScope;
import io.elastos.api.storage.ScopeStore;
import io.elastos.api.storage.StorageException;
import io.elastos.superexe.internal.install.SuperExe;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The owner's door into an installed app's own file area, for files too large to pass through the
 * app's API (a 2 GB Health export, a chat archive): {@code PUT /api/apps/ID/files/PATH} streams the
 * request body into the app's encrypted scope (counted against its quota as it arrives; a refused
 * or broken upload leaves the old file), {@code GET} reads a file back or lists a folder ({@code
 * /api/apps/ID/files} is the root), {@code DELETE} removes one. The app then reads the file piece
 * by piece through its {@code storage.files} capability.
 */
final class AppFilesApi {

    private final SuperExe superexe;
    private final ScopeStore scopes;

    AppFilesApi(SuperExe superexe, ScopeStore scopes) {
        this.superexe = superexe;
        this.scopes = scopes;
    }

    void handle(
            String appId,
            List<String> segments,
            HttpServletRequest req,
            HttpServletResponse resp,
            String actor)
            throws IOException {
        if (superexe.get(appId).isEmpty()) {
            Responses.json(resp, 404, Map.of("error", "no app " + appId + " is installed"));
            return;
        }
        if (scopes == null) {
            Responses.json(resp, 503, Map.of("error", "storage is not available on this node"));
            return;
        }
        String path = String.join("/", segments);
        try {
            AppScope scope = scopes.open(appId);
            switch (req.getMethod()) {
                case "PUT" -> put(scope, path, req, resp, actor);
                case "GET" -> get(scope, path, resp);
                case "DELETE" -> delete(scope, path, resp, actor);
                default -> Responses.json(resp, 405, Map.of("error", "use PUT, GET or DELETE"));
            }
        } catch (StorageException e) {
            Responses.json(resp, status(e), Map.of("error", e.getMessage()));
        }
    }

    private void put(
            AppScope scope,
            String path,
            HttpServletRequest req,
            HttpServletResponse resp,
            String actor)
            throws IOException, StorageException {
        if (path.isEmpty()) {
            Responses.json(resp, 400, Map.of("error", "name the file: /api/apps/ID/files/PATH"));
            return;
        }
        long size;
        try (InputStream in = req.getInputStream()) {
            size = scope.writeFile(path, in);
        } catch (StorageException e) {
            superexe.events()
                    .failed(actor, "app.files.put", scope.id() + ":" + path, e.getMessage());
            throw e;
        }
        long declared = req.getContentLengthLong();
        if (declared >= 0 && declared != size) {
            // The connection ended early: the file holds what came, so say so plainly.
            Responses.json(
                    resp,
                    400,
                    Map.of(
                            "error",
                            "the upload ended after " + size + " of " + declared + " bytes"));
            return;
        }
        superexe.events().allowed(actor, "app.files.put", scope.id() + ":" + path, size + " bytes");
        Responses.json(resp, 201, Map.of("path", path, "size", size));
    }

    private void get(AppScope scope, String path, HttpServletResponse resp)
            throws IOException, StorageException {
        if (path.isEmpty() || scope.stat(path).map(s -> s.directory()).orElse(false)) {
            Responses.json(resp, 200, scope.listFiles(path));
            return;
        }
        Optional<InputStream> in = scope.openFile(path);
        if (in.isEmpty()) {
            Responses.json(resp, 404, Map.of("error", "no file " + path));
            return;
        }
        resp.setStatus(200);
        resp.setContentType("application/octet-stream");
        resp.setHeader("Content-Disposition", "attachment");
        try (InputStream s = in.get();
                OutputStream out = resp.getOutputStream()) {
            s.transferTo(out);
        }
    }

    private void delete(AppScope scope, String path, HttpServletResponse resp, String actor)
            throws IOException, StorageException {
        if (!scope.deleteFile(path)) {
            Responses.json(resp, 404, Map.of("error", "no file " + path));
            return;
        }
        superexe.events().allowed(actor, "app.files.delete", scope.id() + ":" + path, "deleted");
        resp.setStatus(204);
    }

    private static int status(StorageException e) {
        return switch (e.reason()) {
            case QUOTA_EXCEEDED -> 507;
            case INVALID_ARGUMENT -> 400;
            case NOT_FOUND -> 404;
            default -> 500;
        };
    }
}
