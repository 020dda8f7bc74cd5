// The backend every ported WeChat mini-program shares (tools/port.mjs copies it into the
// ported app). The runtime in the page calls it through app-api.js (src/wx/node-backends.js):
//   GET    /wx/storage/:key   the stored string (text/plain), 404 {"error":"data not found"}
//   PUT    /wx/storage/:key   body = the string to store -> 204; 413 with WeChat's message
//   DELETE /wx/storage/:key   204 (also when there was no such key, as removeStorage)
//   GET    /wx/storage        {"keys","currentSize","limitSize"} (KB, as getStorageInfo)
//   DELETE /wx/storage        204
//   POST   /wx/request        {"url","method","header","data","timeout"} -> {"statusCode","header","data"}
//   GET    /wx/login          {"code":"","did","role"}: the node's DID session replaces code2Session
//   GET    /wx/file?path=&edge=   a wxfile:// file as {"mime","size","base64"} (files.ts)
//   POST   /wx/upload         wx.uploadFile (transfer.ts)
//   GET    /wx/media?dir=     the owner's folders and images (owner.ts, when enabled)
//   POST   /wx/download       wx.downloadFile (tmp.ts, when enabled)
// :key is the percent-encoded key (encodeURIComponent); the raw segment is decoded here, strictly.
import { JsonValue, Request, Response, Router, identity } from "../sdk";
import * as storage from "./storage";
import * as request from "./request";
import * as files from "./files";
import * as transfer from "./transfer";
import * as features from "./features";
import { validUtf8 } from "./utf8";

const STORAGE_PREFIX = "/wx/storage/";

function keyOf(req: Request): storage.Key | null {
  // Router params are decoded leniently; the raw segment is decoded here, refusing bad escapes.
  if (!req.path.startsWith(STORAGE_PREFIX)) return null;
  return storage.keyFromSegment(req.path.substring(STORAGE_PREFIX.length));
}

const BAD_KEY = "parameter error: key must be 1-4096 bytes of UTF-8";

function getItem(req: Request): Response {
  const key = keyOf(req);
  if (key === null) return Response.error(400, BAD_KEY);
  const v = storage.get(key);
  if (v === null) return Response.error(404, "data not found");
  return Response.binary(v, "text/plain; charset=utf-8").header("cache-control", "no-store");
}

function putItem(req: Request): Response {
  const key = keyOf(req);
  if (key === null) return Response.error(400, BAD_KEY);
  if (req.body.length == 0) return Response.error(400, "parameter error: data is required");
  if (!validUtf8(req.body)) return Response.error(400, "parameter error: data must be UTF-8 text");
  const problem = storage.put(key, req.body);
  if (problem.length > 0) return Response.error(413, problem);
  return Response.text("", 204);
}

function removeItem(req: Request): Response {
  const key = keyOf(req);
  if (key === null) return Response.error(400, BAD_KEY);
  storage.remove(key);
  return Response.text("", 204);
}

function info(req: Request): Response {
  const keys = storage.keys();
  const arr = JsonValue.arr();
  for (let i = 0; i < keys.length; i++) arr.push(JsonValue.str(keys[i]));
  const used = storage.total();
  return Response.json(
    JsonValue.obj()
      .set("keys", arr)
      .set("currentSize", JsonValue.num(<f64>((used + 1023) / 1024)))
      .set("limitSize", JsonValue.num(<f64>(storage.MAX_TOTAL_BYTES / 1024))),
  ).header("cache-control", "no-store");
}

function clearAll(req: Request): Response {
  storage.clear();
  return Response.text("", 204);
}

function doRequest(req: Request): Response {
  const o = request.parse(req.json());
  if (o.error.length > 0) return Response.error(400, o.error);
  const answer = request.perform(o);
  if (answer === null) return Response.error(502, "request:fail the node could not reach " + o.url);
  return Response.json(answer);
}

function login(req: Request): Response {
  const c = identity.caller();
  return Response.json(
    JsonValue.obj()
      .set("code", JsonValue.str(""))
      .set("did", JsonValue.str(c.did))
      .set("role", JsonValue.str(c.role)),
  ).header("cache-control", "no-store");
}

const router = new Router()
  .get("/wx/storage", info)
  .delete("/wx/storage", clearAll)
  .get("/wx/storage/:key", getItem)
  .put("/wx/storage/:key", putItem)
  .delete("/wx/storage/:key", removeItem)
  .post("/wx/request", doRequest)
  .get("/wx/login", login)
  .get("/wx/file", files.file)
  .post("/wx/upload", transfer.upload);
features.enable(router);
// One item is at most 1 MB; a little more passes the router so the answer is WeChat's message.
router.maxBodyBytes = storage.MAX_ITEM_BYTES + 64 * 1024;

export function handle(): i32 {
  return router.serve();
}
