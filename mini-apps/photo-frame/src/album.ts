// The owner's folders and the album's photos, read through files.read (ownerFiles).
// Devices never send a path: a photo is named by an id derived from the album path and the file
// name, and is found again by listing the album, so nothing outside the album can be reached.
import { ownerFiles } from "../sdk";
import { sha256Hex } from "./sha256";

export const MAX_PATH: i32 = 1024;
const MAX_DEPTH: i32 = 32;
// Keeps a feed (and the id search of an image request) well inside the call deadline.
export const MAX_PHOTOS: i32 = 5000;
const IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "gif", "webp", "heic"];

/**
 * A folder path in canonical form ("/" or "/A/B", no trailing slash), or null when it is not
 * an absolute path of plain segments (no "." or "..", no empty segments, no control characters).
 */
export function normalizePath(p: string): string | null {
  if (p.length == 0 || p.length > MAX_PATH || !p.startsWith("/")) return null;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c < 0x20 || c == 0x7f || c == 0x5c) return null;
  }
  const parts = segments(p);
  if (parts === null) return null;
  return "/" + parts.join("/");
}

function segments(p: string): string[] | null {
  let s = p;
  if (s.length > 1 && s.endsWith("/")) s = s.substring(0, s.length - 1);
  if (s == "/") return [];
  const parts = s.substring(1).split("/");
  if (parts.length > MAX_DEPTH) return null;
  for (let i = 0; i < parts.length; i++) {
    if (parts[i].length == 0 || parts[i] == "." || parts[i] == "..") return null;
  }
  return parts;
}

/**
 * Whether a normalized folder path exists: each step is found in its parent's listing, so the
 * node is never asked to list a folder that is not there (an empty folder and a missing one
 * would look alike otherwise).
 */
export function folderExists(path: string): bool {
  const parts = segments(path);
  if (parts === null) return false;
  let dir = "/";
  for (let i = 0; i < parts.length; i++) {
    if (ownerFiles.list(dir).indexOf(parts[i] + "/") < 0) return false;
    dir = dir == "/" ? "/" + parts[i] : dir + "/" + parts[i];
  }
  return true;
}

/** The last segment of a folder path ("" for the root). */
export function baseName(path: string): string {
  const i = path.lastIndexOf("/");
  return path.substring(i + 1);
}

/** Whether a file name looks like a photo (by extension; hidden files are skipped). */
export function isImageName(name: string): bool {
  if (name.startsWith(".") || name.endsWith("/") || name.indexOf("/") >= 0) return false;
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return false;
  return IMAGE_EXTENSIONS.indexOf(name.substring(dot + 1).toLowerCase()) >= 0;
}

export class Photo {
  constructor(
    public id: string,
    public name: string,
    public path: string,
  ) {}
}

/** A photo's id: 16 hex digits of SHA-256 over album and name, stable while both stay. */
export function photoId(album: string, name: string): string {
  return sha256Hex(album + "\n" + name).substring(0, 16);
}

/** The album's photos (not its sub-folders'), sorted by name; empty when the album is gone. */
export function photos(album: string): Photo[] {
  const out = new Array<Photo>();
  if (!folderExists(album)) return out;
  const names = ownerFiles.list(album).sort();
  for (let i = 0; i < names.length && out.length < MAX_PHOTOS; i++) {
    if (!isImageName(names[i])) continue;
    const path = album == "/" ? "/" + names[i] : album + "/" + names[i];
    out.push(new Photo(photoId(album, names[i]), names[i], path));
  }
  return out;
}

/** A folder's sub-folder names and photo count, for the owner's folder browser. */
export class Listing {
  folders: string[] = [];
  photoCount: i32 = 0;
}

export function listFolder(path: string): Listing {
  const l = new Listing();
  const names = ownerFiles.list(path).sort();
  for (let i = 0; i < names.length; i++) {
    const n = names[i];
    if (n.endsWith("/")) {
      if (!n.startsWith(".")) l.folders.push(n.substring(0, n.length - 1));
    } else if (isImageName(n)) {
      l.photoCount++;
    }
  }
  return l;
}
