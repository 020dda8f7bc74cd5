// The frames' routes, public under frame/ (no node session): each call carries its own proof,
// a pairing code for /frame/pair and the device token (?token=) for the rest.
import { JsonValue, Request, Response, ownerFiles, system } from "../sdk";
import * as album from "./album";
import { hasControl, jsonObject, unknownField } from "./body";
import * as store from "./store";

const MAX_NAME: i32 = 64;

/** POST /frame/pair {"code","name"} -> 201 {"token","deviceId"} */
export function pair(req: Request): Response {
  const now = system.now();
  // Checked before the code, so a correct guess after the limit does not get through either.
  if (store.pairingLocked(now)) {
    return Response.error(429, "too many failed pairing attempts: make a new code on the owner page, or wait 10 minutes");
  }
  const v = jsonObject(req);
  if (v === null) return Response.error(400, "the body must be a JSON object (application/json)");
  const bad = unknownField(v, ["code", "name"]);
  if (bad.length > 0) return Response.error(400, "unknown field: " + bad);
  const name = v.getString("name", "").trim();
  if (name.length == 0 || name.length > MAX_NAME || hasControl(name)) {
    return Response.error(400, `name must be 1 to ${MAX_NAME} characters`);
  }
  const code = store.normalizeCode(v.getString("code", ""));
  if (code === null) return failed(now, "wrong pairing code: it has 8 letters and digits");
  if (store.deviceCount() >= store.MAX_DEVICES) return Response.error(409, "too many paired frames");
  const result = store.takePairing(code, now);
  if (result == store.EXPIRED_CODE) return failed(now, "pairing code expired: make a new one on the owner page");
  if (result != store.PAIRED) return failed(now, "wrong or already used pairing code");
  const d = store.addDevice(name, now);
  return Response.json(
    JsonValue.obj().set("token", JsonValue.str(d.token)).set("deviceId", JsonValue.str(d.device.id)),
    201,
  );
}

function failed(now: i64, message: string): Response {
  store.recordPairFailure(now);
  return Response.error(403, message);
}

function unauthorized(): Response {
  return Response.error(401, "unpaired: unknown or revoked token");
}

/** GET /frame/feed?token= -> {"album","intervalSeconds","maxEdge","photos":[{"id","name","url"}]} */
export function feed(req: Request): Response {
  const token = req.queryParam("token");
  if (token === null) return unauthorized();
  const d = store.deviceByToken(token);
  if (d === null) return unauthorized();
  store.touch(d, system.now());
  const s = store.settings();
  const out = JsonValue.obj();
  const path = store.album();
  out.set("album", path === null ? JsonValue.nul() : JsonValue.str(album.baseName(path)));
  out.set("intervalSeconds", JsonValue.num(s.intervalSeconds)).set("maxEdge", JsonValue.num(s.maxEdge));
  const list = JsonValue.arr();
  if (path !== null) {
    const all = album.photos(path);
    for (let i = 0; i < all.length; i++) {
      list.push(
        JsonValue.obj()
          .set("id", JsonValue.str(all[i].id))
          .set("name", JsonValue.str(all[i].name))
          // The token is 64 hex digits and the id 16: neither needs escaping in a URL.
          .set("url", JsonValue.str("frame/image?token=" + token + "&id=" + all[i].id)),
      );
    }
  }
  out.set("photos", list);
  return Response.json(out).header("cache-control", "no-store");
}

/** GET /frame/image?token=&id=&edge= -> image/jpeg, scaled to fit edge pixels. */
export function image(req: Request): Response {
  const token = req.queryParam("token");
  if (token === null || store.deviceByToken(token) === null) return unauthorized();
  const s = store.settings();
  let edge = s.maxEdge;
  const e = req.queryParam("edge");
  if (e !== null) {
    edge = parseEdge(e);
    if (edge < 0) return Response.error(400, "edge must be a whole number of pixels");
  }
  const id = req.queryParam("id");
  const path = store.album();
  if (id === null || path === null) return Response.error(404, "no such photo");
  // The id is only ever compared with the album's own listing: it is never a path.
  const all = album.photos(path);
  for (let i = 0; i < all.length; i++) {
    if (all[i].id != id) continue;
    const bytes = ownerFiles.image(all[i].path, <u32>edge);
    if (bytes === null) return Response.error(415, "the node cannot read this image");
    return Response.binary(bytes, "image/jpeg").header("cache-control", "private, max-age=3600");
  }
  return Response.error(404, "no such photo");
}

/** POST /frame/unpair?token=: a frame that forgets its pairing revokes its own token. */
export function unpair(req: Request): Response {
  const token = req.queryParam("token");
  if (token === null) return unauthorized();
  const d = store.deviceByToken(token);
  if (d === null) return unauthorized();
  store.removeDevice(d.id);
  return Response.text("", 204);
}

// A pixel count clamped to MIN_EDGE..MAX_EDGE; -1 when s is not a whole number.
function parseEdge(s: string): i32 {
  if (s.length == 0 || s.length > 6) return -1;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    n = n * 10 + (c - 0x30);
  }
  return min(store.MAX_EDGE, max(store.MIN_EDGE, n));
}
