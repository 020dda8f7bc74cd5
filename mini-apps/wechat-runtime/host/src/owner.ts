// The owner's photos for wx.chooseImage/chooseMedia/previewImage (capability files.read, granted
// by the owner at install; the owner picks each photo in the runtime's picker). Only ever handed
// out as the node's scaled JPEG, so the original bytes and their metadata (GPS, camera) stay home.
// Only the owner picks from them: a member the owner shared the app with gets nothing.
//   GET /wx/media?dir=/Photos     {"dir","folders":[…],"images":[…]} of the owner's files
import { JsonValue, Request, Response, Router, identity, ownerFiles } from "../sdk";
import * as files from "./files";

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

function ownerCalls(): bool {
  return identity.caller().role == "owner";
}

function readOwnerImage(rest: string, edge: u32): Uint8Array | null {
  const p = "/" + rest;
  return safeOwnerPath(p) && ownerCalls() ? ownerFiles.image(p, edge) : null;
}

export function list(req: Request): Response {
  const q = req.queryParam("dir");
  let dir = q === null || q.length == 0 ? "/" : q;
  if (!ownerCalls()) return Response.error(403, "only the node's owner can pick from the owner's files");
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

export function enable(router: Router): void {
  files.registerOwner(readOwnerImage);
  router.get("/wx/media", list);
}
