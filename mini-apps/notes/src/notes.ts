// The notes model: validation, storage layout and search, free of HTTP.
//   kv "note/<id>" -> {"id","title","body","tags":[...],"rev","seq"}
//   kv "meta/next" -> the next note number; kv "meta/seq" -> the edit counter
// "seq" orders notes by their last edit (the app has no clock; the counter is enough).
import { JsonValue, kv } from "../sdk";

export const MAX_TITLE: i32 = 200;
export const MAX_BODY: i32 = 100000;
export const MAX_TAGS: i32 = 20;
export const MAX_TAG: i32 = 32;
// Listing and searching read every note (about 1.2-2.5 ms a note on the node, measured with 300
// notes on 2 busy cores), so the cap keeps a list well inside the 5 s call deadline.
// More notes need an index kept beside them.
export const MAX_NOTES: i32 = 1000;
export const MAX_QUERY: i32 = 200;

const NOTE_PREFIX = "note/";

/** A note as stored. */
export class Note {
  id: string = "";
  title: string = "";
  body: string = "";
  tags: string[] = [];
  rev: i32 = 0;
  seq: i32 = 0;

  toJson(full: bool): JsonValue {
    const tags = JsonValue.arr();
    for (let i = 0; i < this.tags.length; i++) tags.push(JsonValue.str(this.tags[i]));
    const v = JsonValue.obj()
      .set("id", JsonValue.str(this.id))
      .set("title", JsonValue.str(this.title))
      .set("tags", tags)
      .set("rev", JsonValue.num(this.rev))
      .set("seq", JsonValue.num(this.seq));
    if (full) {
      v.set("body", JsonValue.str(this.body));
    } else {
      v.set("excerpt", JsonValue.str(excerpt(this.body)));
    }
    return v;
  }

  static fromJson(v: JsonValue): Note {
    const n = new Note();
    n.id = v.getString("id", "");
    n.title = v.getString("title", "");
    n.body = v.getString("body", "");
    const t = v.get("tags");
    if (t !== null && t.isArray()) {
      for (let i = 0; i < t.length; i++) if (t.at(i).isString()) n.tags.push(t.at(i).s);
    }
    n.rev = <i32>v.getNumber("rev", 0);
    n.seq = <i32>v.getNumber("seq", 0);
    return n;
  }
}

function excerpt(body: string): string {
  const line = body.length > 120 ? body.substring(0, 120) : body;
  const nl = line.indexOf("\n");
  return nl < 0 ? line : line.substring(0, nl);
}

/** Ids are "n" + a base-36 number: anything else names no note. */
export function validId(id: string): bool {
  if (id.length < 2 || id.length > 14 || id.charCodeAt(0) != 0x6e) return false;
  for (let i = 1; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a))) return false;
  }
  return true;
}

function hasControl(s: string, allowNewlines: bool): bool {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (allowNewlines && (c == 0x0a || c == 0x0d || c == 0x09)) continue;
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

/** A tag is lowercased and trimmed; valid tags are 1-32 of [a-z0-9_-] (and any letter). */
export function normalizeTag(raw: string): string | null {
  const t = raw.trim().toLowerCase();
  if (t.length == 0 || t.length > MAX_TAG) return null;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    const ok =
      (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c == 0x2d || c == 0x5f || c >= 0xc0;
    if (!ok) return null;
  }
  return t;
}

/**
 * Applies the members of a create/update request to the note; returns an error message or ""
 * when every member is valid. Unknown members are refused so typos do not pass silently.
 */
export function apply(note: Note, v: JsonValue, creating: bool): string {
  if (!v.isObject()) return "the body must be a JSON object";
  for (let i = 0; i < v.keys.length; i++) {
    const k = v.keys[i];
    if (k != "title" && k != "body" && k != "tags") return "unknown field " + k;
  }
  const title = v.get("title");
  if (title !== null) {
    if (!title.isString()) return "title must be a string";
    const t = title.s.trim();
    if (t.length > MAX_TITLE) return "title is longer than " + MAX_TITLE.toString() + " characters";
    if (hasControl(t, false)) return "title contains control characters";
    note.title = t;
  } else if (creating) {
    return "title is required";
  }
  if (note.title.length == 0) return "title is required";
  const body = v.get("body");
  if (body !== null) {
    if (!body.isString()) return "body must be a string";
    if (body.s.length > MAX_BODY) return "body is longer than " + MAX_BODY.toString() + " characters";
    if (hasControl(body.s, true)) return "body contains control characters";
    note.body = body.s;
  }
  const tags = v.get("tags");
  if (tags !== null) {
    if (!tags.isArray()) return "tags must be an array of strings";
    if (tags.length > MAX_TAGS) return "at most " + MAX_TAGS.toString() + " tags";
    const out = new Array<string>();
    for (let i = 0; i < tags.length; i++) {
      const t = tags.at(i);
      if (!t.isString()) return "tags must be an array of strings";
      const n = normalizeTag(t.s);
      if (n === null) return "bad tag (1-32 letters, digits, - or _)";
      if (!out.includes(n)) out.push(n);
    }
    out.sort();
    note.tags = out;
  }
  return "";
}

function counter(key: string): i32 {
  const s = kv.getString(key);
  const n = (s === null ? 0 : I32.parseInt(s)) + 1;
  kv.putString(key, n.toString());
  return n;
}

/** Stores a note, giving it an id (if new) and the next edit number. */
export function save(note: Note): void {
  if (note.id.length == 0) note.id = "n" + counter("meta/next").toString(36);
  note.rev++;
  note.seq = counter("meta/seq");
  kv.putString(NOTE_PREFIX + note.id, note.toJson(true).toString());
}

export function load(id: string): Note | null {
  if (!validId(id)) return null;
  const s = kv.getString(NOTE_PREFIX + id);
  if (s === null) return null;
  const v = JsonValue.parse(s);
  return v === null ? null : Note.fromJson(v);
}

export function remove(id: string): bool {
  return validId(id) && kv.remove(NOTE_PREFIX + id);
}

export function count(): i32 {
  return kv.list(NOTE_PREFIX).length;
}

/** Every note, most recently edited first. */
export function all(): Note[] {
  const keys = kv.list(NOTE_PREFIX);
  const out = new Array<Note>();
  for (let i = 0; i < keys.length; i++) {
    const n = load(keys[i].substring(NOTE_PREFIX.length));
    if (n !== null) out.push(n);
  }
  out.sort((a: Note, b: Note): i32 => b.seq - a.seq);
  return out;
}

/** Whether the note matches: every word of q in its title, body or tags (any case), and the tag. */
export function matches(n: Note, words: string[], tag: string | null): bool {
  if (tag !== null && !n.tags.includes(tag)) return false;
  if (words.length == 0) return true;
  const hay = (n.title + "\n" + n.body + "\n" + n.tags.join(" ")).toLowerCase();
  for (let i = 0; i < words.length; i++) {
    if (!hay.includes(words[i])) return false;
  }
  return true;
}

/** The words of a search query, lowercased. */
export function words(q: string): string[] {
  const parts = q.toLowerCase().split(" ");
  const out = new Array<string>();
  for (let i = 0; i < parts.length; i++) if (parts[i].length > 0) out.push(parts[i]);
  return out;
}
