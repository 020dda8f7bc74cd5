// wx.downloadFile's temporary files in the app's own file area (capability storage.files), as
// wxfile://tmp/<id>; the newest MAX_TMP_FILES are kept.
//   POST /wx/download {"url","header"} -> {"statusCode","tempFilePath","size"}
import { JsonValue, Request, Response, Router, fetch, files, system } from "../sdk";
import * as wxfiles from "./files";
import * as request from "./request";
import { hexOf } from "./utf8";

const TMP_DIR = "wx/tmp/";
export const MAX_TMP_FILES = 32;

function validTmpId(id: string): bool {
  if (id.length == 0 || id.length > 40) return false;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || c == 0x2d)) return false;
  }
  return true;
}

function readTmp(id: string, edge: u32): Uint8Array | null {
  return validTmpId(id) ? files.read(TMP_DIR + id) : null;
}

/** Keeps body as a new temporary file; its wxfile:// path. Older ones beyond the newest MAX_TMP_FILES go. */
export function storeTmp(body: Uint8Array): string {
  // Time first, zero-padded, so the names sort oldest first.
  let time = system.now().toString(16);
  while (time.length < 12) time = "0" + time;
  const id = time + "-" + hexOf(system.random(8));
  files.write(TMP_DIR + id, body);
  const names = files.list(TMP_DIR.substring(0, TMP_DIR.length - 1)); // "wx/tmp": no trailing slash
  names.sort();
  for (let i = 0; i < names.length - MAX_TMP_FILES; i++) files.remove(TMP_DIR + names[i]);
  return wxfiles.TMP + id;
}

export function download(req: Request): Response {
  const v = req.json();
  if (v !== null && v.isObject()) v.set("method", JsonValue.str("GET"));
  const o = request.parse(v);
  if (o.error.length > 0) return Response.error(400, o.error);
  const r = fetch("GET", o.url, o.headers, null);
  if (r.status <= 0) return Response.error(502, "the node could not reach " + o.url);
  const path = storeTmp(r.body);
  return Response.json(
    JsonValue.obj()
      .set("statusCode", JsonValue.num(<f64>r.status))
      .set("tempFilePath", JsonValue.str(path))
      .set("size", JsonValue.num(<f64>r.body.length)),
  );
}

export function enable(router: Router): void {
  wxfiles.registerTmp(readTmp);
  router.post("/wx/download", download);
}
