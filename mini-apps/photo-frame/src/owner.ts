// The owner's routes (index.ts lets only role "owner" reach them).
import { JsonValue, Request, Response, system } from "../sdk";
import * as album from "./album";
import { hasControl, intField, jsonObject, unknownField } from "./body";
import * as store from "./store";

function strings(a: string[]): JsonValue {
  const out = JsonValue.arr();
  for (let i = 0; i < a.length; i++) out.push(JsonValue.str(a[i]));
  return out;
}

/** GET /folders?path=/A/B: the sub-folders and the number of photos of one folder. */
export function folders(req: Request): Response {
  const q = req.queryParam("path");
  const path = album.normalizePath(q === null ? "/" : q);
  if (path === null || hasControl(path)) return Response.error(400, "path must be an absolute folder path");
  if (!album.folderExists(path)) return Response.error(404, "no such folder");
  const l = album.listFolder(path);
  const parent = path == "/" ? JsonValue.nul() : JsonValue.str(path.substring(0, max(1, path.lastIndexOf("/"))));
  return Response.json(
    JsonValue.obj()
      .set("path", JsonValue.str(path))
      .set("parent", parent)
      .set("folders", strings(l.folders))
      .set("photoCount", JsonValue.num(l.photoCount)),
  );
}

function albumJson(): JsonValue {
  const path = store.album();
  if (path === null) return JsonValue.obj().set("path", JsonValue.nul()).set("photoCount", JsonValue.num(0));
  return JsonValue.obj()
    .set("path", JsonValue.str(path))
    .set("name", JsonValue.str(album.baseName(path)))
    .set("exists", JsonValue.bool(album.folderExists(path)))
    .set("photoCount", JsonValue.num(album.photos(path).length));
}

/** GET /album */
export function getAlbum(req: Request): Response {
  return Response.json(albumJson());
}

/** PUT /album {"path"}: every paired frame shows this folder from its next feed on. */
export function putAlbum(req: Request): Response {
  const v = jsonObject(req);
  if (v === null) return Response.error(400, "the body must be a JSON object (application/json)");
  const bad = unknownField(v, ["path"]);
  if (bad.length > 0) return Response.error(400, "unknown field: " + bad);
  const raw = v.get("path");
  if (raw === null || !raw.isString()) return Response.error(400, "path must be a string");
  const path = album.normalizePath(raw.s);
  if (path === null) return Response.error(400, "path must be an absolute folder path");
  if (!album.folderExists(path)) return Response.error(404, "no such folder");
  store.setAlbum(path);
  return Response.json(albumJson());
}

/** GET /settings */
export function getSettings(req: Request): Response {
  return Response.json(store.settings().toJson());
}

/** PUT /settings {"intervalSeconds"?, "maxEdge"?} */
export function putSettings(req: Request): Response {
  const v = jsonObject(req);
  if (v === null) return Response.error(400, "the body must be a JSON object (application/json)");
  const bad = unknownField(v, ["intervalSeconds", "maxEdge"]);
  if (bad.length > 0) return Response.error(400, "unknown field: " + bad);
  const s = store.settings();
  const interval = intField(v, "intervalSeconds", s.intervalSeconds, store.MIN_INTERVAL, store.MAX_INTERVAL);
  if (interval == i32.MIN_VALUE) {
    return Response.error(400, `intervalSeconds must be a whole number from ${store.MIN_INTERVAL} to ${store.MAX_INTERVAL}`);
  }
  const edge = intField(v, "maxEdge", s.maxEdge, store.MIN_EDGE, store.MAX_EDGE);
  if (edge == i32.MIN_VALUE) {
    return Response.error(400, `maxEdge must be a whole number from ${store.MIN_EDGE} to ${store.MAX_EDGE}`);
  }
  s.intervalSeconds = interval;
  s.maxEdge = edge;
  store.saveSettings(s);
  return Response.json(s.toJson());
}

/** POST /pairings: a single-use code for one new frame, valid 10 minutes. */
export function createPairing(req: Request): Response {
  const now = system.now();
  if (store.openPairings(now) >= store.MAX_OPEN_PAIRINGS) {
    return Response.error(409, "too many open pairing codes: use one or wait until they expire");
  }
  if (store.deviceCount() >= store.MAX_DEVICES) {
    return Response.error(409, "too many paired frames: remove one first");
  }
  store.clearPairFailures();
  const p = store.newPairing(now);
  return Response.json(
    JsonValue.obj().set("code", JsonValue.str(p.code)).set("expiresAt", JsonValue.num(<f64>p.expiresAt)),
    201,
  );
}

/** GET /devices */
export function listDevices(req: Request): Response {
  const all = store.devices();
  const out = JsonValue.arr();
  for (let i = 0; i < all.length; i++) out.push(all[i].toJson(false));
  return Response.json(out);
}

/** DELETE /devices/:id: the frame's token stops working with its next call. */
export function deleteDevice(req: Request): Response {
  if (!store.removeDevice(req.param("id"))) return Response.error(404, "no such device");
  return Response.text("", 204);
}
