// Photo Frame: shows one album of the owner's photos on paired frames (a tablet, an old phone,
// a TV browser) as a slideshow.
// Owner routes (signed in, role "owner"):
//   GET    /folders?path=/A     sub-folders and photo count of a folder
//   GET    /album               PUT /album {"path"}           the album every frame shows
//   GET    /settings            PUT /settings {"intervalSeconds","maxEdge"}
//   POST   /pairings            -> 201 {"code","expiresAt"}   single use, 10 minutes
//   GET    /devices             DELETE /devices/:id           paired frames; revoke
// Frame routes (public: manifest "publicApi": ["frame/"], no session; the app checks tokens):
//   POST   /frame/pair {"code","name"} -> 201 {"token","deviceId"}
//   GET    /frame/feed?token=              the album's photos with their image URLs
//   GET    /frame/image?token=&id=&edge=   one photo as JPEG
//   POST   /frame/unpair?token=            the frame revokes itself
import { Host } from "@extism/as-pdk";
import { input_length } from "@extism/as-pdk/lib/env";
import { Request, Response, Router, fromUtf8, identity, utf8 } from "../sdk";
import { MAX_BODY } from "./body";
import { binaryEnvelope } from "./envelope";
import * as frame from "./frame";
import * as owner from "./owner";

const ownerRoutes = new Router()
  .get("/folders", owner.folders)
  .get("/album", owner.getAlbum)
  .put("/album", owner.putAlbum)
  .get("/settings", owner.getSettings)
  .put("/settings", owner.putSettings)
  .post("/pairings", owner.createPairing)
  .get("/devices", owner.listDevices)
  .delete("/devices/:id", owner.deleteDevice);

const frameRoutes = new Router()
  .post("/frame/pair", frame.pair)
  .get("/frame/feed", frame.feed)
  .get("/frame/image", frame.image)
  .post("/frame/unpair", frame.unpair);

// One gate for all owner routes, so no handler can forget it. The node already keeps
// anonymous callers away from non-public paths; this holds even if that changes.
function route(req: Request): Response {
  if (req.path == "/frame" || req.path.startsWith("/frame/")) return frameRoutes.handle(req);
  const role = identity.caller().role;
  if (role == "anonymous" || role == "guest") return Response.error(401, "sign in as the node's owner");
  if (role != "owner") return Response.error(403, "only the node's owner manages the photo frame");
  return ownerRoutes.handle(req);
}

export function handle(): i32 {
  // Refuse a large body before decoding it (base64 makes it 4/3 larger; the rest is small).
  if (input_length() > <u64>((MAX_BODY / 3) * 4 + 16384)) {
    Host.output(utf8(Response.error(413, "request body too large").toEnvelope()));
    return 0;
  }
  const req = Request.fromEnvelope(fromUtf8(Host.input()));
  let res: Response;
  if (req === null) res = Response.error(400, "malformed request envelope");
  else if (req.body.length > MAX_BODY) res = Response.error(413, "request body too large");
  else res = route(req);
  const bytes = res.bytes;
  Host.output(bytes !== null ? binaryEnvelope(res, bytes) : utf8(res.toEnvelope()));
  return 0;
}
