// Files a ported mini-program sees as wxfile:// paths, read through readers that owner.ts and
// tmp.ts register when the port enables them (features.ts): a backend imports a node function
// only when its manifest asks for the capability behind it, or the node will not install it.
//   wxfile://owner/Photos/a.jpg   one of the owner's images (owner.ts, files.read)
//   wxfile://tmp/<id>             a wx.downloadFile result (tmp.ts, storage.files)
//   GET /wx/file?path=wxfile://…&edge=N   {"mime","size","base64"} (edge 16–2048, default 1024)
import { JsonValue, Request, Response, base64Encode } from "../sdk";

export const OWNER = "wxfile://owner/";
export const TMP = "wxfile://tmp/";
export const MAX_EDGE: u32 = 2048;
// What one answer may carry to the page (base64 grows it by a third; the desktop bridge takes 4 MiB+).
export const MAX_SHOWN: i32 = 3 * 1024 * 1024;

/** Reads the file at a wxfile:// path's rest (after the prefix), scaled to edge if an image. */
export type Reader = (rest: string, edge: u32) => Uint8Array | null;

let ownerReader: Reader | null = null;
let tmpReader: Reader | null = null;

export function registerOwner(r: Reader): void {
  ownerReader = r;
}

export function registerTmp(r: Reader): void {
  tmpReader = r;
}

/** The file's type from its first bytes (the only types an <img> would show, else binary). */
export function sniff(b: Uint8Array): string {
  if (b.length >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff) return "image/jpeg";
  if (b.length >= 4 && b[0] == 0x89 && b[1] == 0x50 && b[2] == 0x4e && b[3] == 0x47) return "image/png";
  if (b.length >= 4 && b[0] == 0x47 && b[1] == 0x49 && b[2] == 0x46 && b[3] == 0x38) return "image/gif";
  if (b.length >= 12 && b[0] == 0x52 && b[1] == 0x49 && b[2] == 0x46 && b[3] == 0x46 && b[8] == 0x57 && b[9] == 0x45 && b[10] == 0x42 && b[11] == 0x50) return "image/webp";
  if (b.length >= 2 && b[0] == 0x42 && b[1] == 0x4d) return "image/bmp";
  return "application/octet-stream";
}

/** The bytes behind a wxfile:// path (owner images scaled to fit edge), or null. */
export function bytesOf(path: string, edge: u32): Uint8Array | null {
  if (path.startsWith(OWNER)) {
    const r = ownerReader;
    return r === null ? null : r(path.substring(OWNER.length), edge);
  }
  if (path.startsWith(TMP)) {
    const r = tmpReader;
    return r === null ? null : r(path.substring(TMP.length), edge);
  }
  return null;
}

/** The file name a server sees for a wxfile:// path (owner images are sent as JPEG). */
export function fileName(path: string): string {
  const slash = path.lastIndexOf("/");
  let name = path.substring(slash + 1);
  if (path.startsWith(OWNER)) {
    const dot = name.lastIndexOf(".");
    name = (dot > 0 ? name.substring(0, dot) : name) + ".jpg";
  }
  return name.length == 0 ? "file" : name;
}

export function file(req: Request): Response {
  const path = req.queryParam("path");
  if (path === null || path.length > 2048) return Response.error(400, "parameter error: path is required");
  const e = req.queryParam("edge");
  let edge: u32 = 1024;
  if (e !== null) {
    const n = I32.parseInt(e);
    edge = n < 16 ? 16 : n > <i32>MAX_EDGE ? MAX_EDGE : <u32>n;
  }
  const b = bytesOf(path, edge);
  if (b === null) return Response.error(404, "no such file: " + path);
  if (b.length > MAX_SHOWN) return Response.error(413, "the file is too large to show (" + b.length.toString() + " bytes)");
  return Response.json(
    JsonValue.obj()
      .set("mime", JsonValue.str(sniff(b)))
      .set("size", JsonValue.num(<f64>b.length))
      .set("base64", JsonValue.str(base64Encode(b))),
  ).header("cache-control", "no-store");
}
