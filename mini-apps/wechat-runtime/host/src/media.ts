// Files a ported mini-program sees as wxfile:// paths:
//   wxfile://owner/Photos/a.jpg   one of the owner's images (capability files.read, granted by the
//                                 owner at install; the owner picks each photo in the runtime's
//                                 picker). Only ever handed out as the node's scaled JPEG, so the
//                                 original bytes and their metadata (GPS, camera) stay home.
//   wxfile://tmp/<id>             a wx.downloadFile result in the app's own file area
//                                 (storage.files); the newest MAX_TMP_FILES are kept.
//   GET /wx/media?dir=/Photos     {"dir","folders":[…],"images":[…]} of the owner's files
//   GET /wx/file?path=wxfile://…&edge=N   {"mime","size","base64"} (edge 16–2048, default 1024)
import { JsonValue, Request, Response, base64Encode, files, ownerFiles, system } from "../sdk";

export const OWNER = "wxfile://owner/";
export const TMP = "wxfile://tmp/";
const TMP_DIR = "wx/tmp/";
export const MAX_TMP_FILES = 32;
export const MAX_EDGE: u32 = 2048;
// What one answer may carry to the page (base64 grows it by a third; the desktop bridge takes 4 MiB+).
export const MAX_SHOWN: i32 = 3 * 1024 * 1024;
const MAX_ENTRIES = 2000;
const IMAGE_EXTENSIONS = [".jpg", ".jpeg", ".png", ".gif", ".bmp"];

function isImageName(name: string): bool {
  const lower = name.toLowerCase();
  for (let i = 0; i < IMAGE_EXTENSIONS.length; i++) if (lower.endsWith(IMAGE_EXTENSIONS[i])) return true;
  return false;
}

/** An absolute path of the owner's files without "..", "." or control characters. */
export function safeOwnerPath(p: string): bool {
  if (p.length == 0 || p.length > 1024 || !p.startsWith("/")) return false;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c < 0x20 || c == 0x7f || c == 0x5c) return false;
  }
  const parts = p.split("/");
  for (let i = 0; i < parts.length; i++) if (parts[i] == ".." || parts[i] == ".") return false;
  return true;
}

function validTmpId(id: string): bool {
  if (id.length == 0 || id.length > 40) return false;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || c == 0x2d)) return false;
  }
  return true;
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
    const p = "/" + path.substring(OWNER.length);
    return safeOwnerPath(p) ? ownerFiles.image(p, edge) : null;
  }
  if (path.startsWith(TMP)) {
    const id = path.substring(TMP.length);
    return validTmpId(id) ? files.read(TMP_DIR + id) : null;
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

export function list(req: Request): Response {
  const q = req.queryParam("dir");
  let dir = q === null || q.length == 0 ? "/" : q;
  if (!safeOwnerPath(dir)) return Response.error(400, "parameter error: dir must be a folder such as /Photos");
  if (!dir.endsWith("/")) dir += "/";
  const names = ownerFiles.list(dir);
  names.sort();
  const folders = JsonValue.arr();
  const images = JsonValue.arr();
  let n = 0;
  for (let i = 0; i < names.length && n < MAX_ENTRIES; i++) {
    const name = names[i];
    if (name.startsWith(".")) continue;
    if (name.endsWith("/")) folders.push(JsonValue.str(name.substring(0, name.length - 1)));
    else if (isImageName(name)) images.push(JsonValue.str(name));
    else continue;
    n++;
  }
  return Response.json(JsonValue.obj().set("dir", JsonValue.str(dir)).set("folders", folders).set("images", images)).header(
    "cache-control",
    "no-store",
  );
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

function hex(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += (b[i] < 16 ? "0" : "") + b[i].toString(16);
  return s;
}

/** Keeps body as a new temporary file; its wxfile:// path. Older ones beyond the newest MAX_TMP_FILES go. */
export function storeTmp(body: Uint8Array): string {
  // Time first, zero-padded, so the names sort oldest first.
  let time = system.now().toString(16);
  while (time.length < 12) time = "0" + time;
  const id = time + "-" + hex(system.random(8));
  files.write(TMP_DIR + id, body);
  const names = files.list(TMP_DIR);
  names.sort();
  for (let i = 0; i < names.length - MAX_TMP_FILES; i++) files.remove(TMP_DIR + names[i]);
  return TMP + id;
}
