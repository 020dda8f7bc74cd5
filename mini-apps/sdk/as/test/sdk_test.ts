// Test exports for the SDK's own unit tests (sdk_test.mjs); not part of the SDK.
import { Host } from "@extism/as-pdk";
import {
  JsonValue,
  Request,
  Response,
  Router,
  base64Decode,
  base64Encode,
  fetch,
  files,
  fromUtf8,
  log,
  identity,
  kv,
  p2p,
  urlDecode,
  utf8,
} from "../assembly/index";

function out(s: string): i32 {
  Host.output(utf8(s));
  return 0;
}

/** input JSON -> its canonical form, or "ERR <reason>". */
export function json_roundtrip(): i32 {
  const v = JsonValue.parse(fromUtf8(Host.input()));
  return out(v === null ? "ERR " + JsonValue.lastError() : v.toString());
}

/** input bytes -> base64 -> bytes again; output "<base64> <same|DIFFERENT>". */
export function base64_roundtrip(): i32 {
  const input = Host.input();
  const text = base64Encode(input);
  const back = base64Decode(text);
  let same = back !== null && back.length == input.length;
  if (same && back !== null) {
    for (let i = 0; i < input.length; i++) if (back[i] != input[i]) same = false;
  }
  return out(text + (same ? " same" : " DIFFERENT"));
}

/** input text -> base64Decode -> "ok <len>" or "invalid". */
export function base64_decode(): i32 {
  const b = base64Decode(fromUtf8(Host.input()));
  return out(b === null ? "invalid" : "ok " + b.length.toString());
}

export function url_decode(): i32 {
  return out(urlDecode(fromUtf8(Host.input())));
}

function item(req: Request): Response {
  const q = req.queryParam("q");
  return Response.json(
    JsonValue.obj()
      .set("id", JsonValue.str(req.param("id")))
      .set("q", JsonValue.str(q === null ? "-" : q)),
  );
}

function bytes(req: Request): Response {
  return Response.binary(req.body, "application/octet-stream");
}

const router = new Router().get("/items/:id", item).post("/bytes", bytes);
router.maxBodyBytes = 1000;

export function handle(): i32 {
  return router.serve();
}

/** identity.caller() as "did role". */
export function who(): i32 {
  const c = identity.caller();
  return out(c.did + " " + c.role);
}

/** Exercises kv and files; output is a log of what the host answered. */
export function store(): i32 {
  const log = new Array<string>();
  log.push("get-missing=" + (kv.get("a") === null ? "null" : "value"));
  kv.putString("a/1", "one");
  kv.putString("a/2", "two");
  kv.putString("b", "");
  log.push("get=" + (kv.getString("a/1") as string));
  log.push("empty=" + (kv.getString("b") === null ? "null" : "[" + (kv.getString("b") as string) + "]"));
  log.push("list=" + kv.list("a/").join(","));
  log.push("remove=" + kv.remove("a/1").toString() + "," + kv.remove("a/1").toString());
  files.write("docs/x.txt", utf8("file body"));
  const f = files.read("docs/x.txt");
  log.push("file=" + (f === null ? "null" : fromUtf8(f)));
  log.push("dir=" + files.list("docs").join(","));
  p2p.send("did:key:z6MkPeer", utf8("ping"));
  return out(log.join(";"));
}

/** fetch(input URL) -> "status body"; with empty input only logs (keeps fetch compiled). */
export function get(): i32 {
  const url = fromUtf8(Host.input());
  if (url.length == 0) {
    log.info("no url");
    return out("skipped");
  }
  const r = fetch("GET", url);
  return out(r.status.toString() + " " + r.text());
}

/** files.write at the input path -> "ok"; the node (and loadApp) refuse bad paths. */
export function writeAt(): i32 {
  files.write(fromUtf8(Host.input()), utf8("x"));
  return out("ok");
}
