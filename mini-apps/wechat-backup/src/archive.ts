// The archive in the app's key/value store. Every value stays small (a page is at most
// PAGE_MSGS messages or about PAGE_CHARS characters), so no call ever loads a whole chat:
//   chat/<id>                 {"id","name","isGroup","group","count","first","last","others"}
//   name/<hash of the name>   the id of the chat of that display name
//   meta/chats                the last chat number; meta/me: the owner's names, one a line
//   dir/<id>/<YYYYMM>         the month's pages in time order: "next" line, then
//                             "no,first,last,count,size" per page
//   page/<id>/<YYYYMM>/<no>   messages in time order, one Msg.encode() line each
import { JsonValue, kv } from "../sdk";
import { Msg } from "./model";
import { fnv, hex64 } from "./util";

export const PAGE_MSGS: i32 = 400;
export const PAGE_CHARS: i32 = 96 * 1024;
const MAX_ME: i32 = 20;

export class Chat {
  id: string = "";
  name: string = "";
  /** Set by the importer (file name "@chatroom" or the request), or learned from the senders. */
  group: bool = false;
  count: i64 = 0;
  first: i64 = 0;
  last: i64 = 0;
  /** Up to two distinct names of other senders: two make it a group. */
  others: string[] = [];

  get isGroup(): bool {
    return this.group || this.others.length >= 2;
  }

  toJson(): JsonValue {
    const others = JsonValue.arr();
    for (let i = 0; i < this.others.length; i++) others.push(JsonValue.str(this.others[i]));
    return JsonValue.obj()
      .set("id", JsonValue.str(this.id))
      .set("name", JsonValue.str(this.name))
      .set("isGroup", JsonValue.bool(this.isGroup))
      .set("group", JsonValue.bool(this.group))
      .set("count", JsonValue.num(<f64>this.count))
      .set("first", JsonValue.num(<f64>this.first))
      .set("last", JsonValue.num(<f64>this.last))
      .set("others", others);
  }

  save(): void {
    kv.putString("chat/" + this.id, this.toJson().toString());
  }

  static load(id: string): Chat | null {
    if (!validChatId(id)) return null;
    const s = kv.getString("chat/" + id);
    if (s === null) return null;
    const v = JsonValue.parse(s);
    if (v === null) return null;
    const c = new Chat();
    c.id = id;
    c.name = v.getString("name", id);
    c.group = v.getBool("group", false);
    c.count = <i64>v.getNumber("count", 0);
    c.first = <i64>v.getNumber("first", 0);
    c.last = <i64>v.getNumber("last", 0);
    const o = v.get("others");
    if (o !== null && o.isArray()) {
      for (let i = 0; i < o.length; i++) if (o.at(i).isString()) c.others.push(o.at(i).s);
    }
    return c;
  }
}

/** Chat ids are "c" + a base-36 number: anything else names no chat (and no other key). */
export function validChatId(id: string): bool {
  if (id.length < 2 || id.length > 12 || id.charCodeAt(0) != 0x63) return false;
  for (let i = 1; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a))) return false;
  }
  return true;
}

function nameKey(name: string): string {
  return "name/" + hex64(fnv(name.trim().toLowerCase()));
}

/** The chat of a display name, made (empty) when there is none yet. */
export function chatFor(name: string, group: bool): Chat {
  const idKey = nameKey(name);
  const id = kv.getString(idKey);
  if (id !== null) {
    const c = Chat.load(id);
    if (c !== null) {
      if (group && !c.group) {
        c.group = true;
        c.save();
      }
      return c;
    }
  }
  const s = kv.getString("meta/chats");
  const n = (s === null ? 0 : I32.parseInt(s)) + 1;
  kv.putString("meta/chats", n.toString());
  const c = new Chat();
  c.id = "c" + n.toString(36);
  c.name = name.trim();
  c.group = group;
  c.save();
  kv.putString(idKey, c.id);
  return c;
}

export function allChats(): Chat[] {
  const keys = kv.list("chat/");
  const out = new Array<Chat>();
  for (let i = 0; i < keys.length; i++) {
    const c = Chat.load(keys[i].substring(5));
    if (c !== null) out.push(c);
  }
  return out;
}

/** The months that hold messages of a chat, oldest first ("YYYYMM"). */
export function monthsOf(chat: string): string[] {
  const prefix = "dir/" + chat + "/";
  const keys = kv.list(prefix);
  const out = new Array<string>();
  for (let i = 0; i < keys.length; i++) out.push(keys[i].substring(prefix.length));
  return out;
}

/** Deletes a chat and all its messages. Index entries naming it become dead ends for search. */
export function deleteChat(c: Chat): void {
  const months = monthsOf(c.id);
  for (let i = 0; i < months.length; i++) {
    const pages = kv.list("page/" + c.id + "/" + months[i] + "/");
    for (let k = 0; k < pages.length; k++) kv.remove(pages[k]);
    kv.remove("dir/" + c.id + "/" + months[i]);
  }
  kv.remove(nameKey(c.name));
  kv.remove("chat/" + c.id);
}

/** The owner's own display names, learned from formats that mark sent messages. */
export function ownerNames(): string[] {
  const s = kv.getString("meta/me");
  if (s === null) return [];
  const parts = s.split("\n");
  const out = new Array<string>();
  for (let i = 0; i < parts.length; i++) if (parts[i].length > 0) out.push(parts[i]);
  return out;
}

export function addOwnerNames(names: string[]): void {
  if (names.length == 0) return;
  const known = ownerNames();
  let changed = false;
  for (let i = 0; i < names.length && known.length < MAX_ME; i++) {
    const n = names[i].trim();
    if (n.length > 0 && n.length <= 100 && !known.includes(n)) {
      known.push(n);
      changed = true;
    }
  }
  if (changed) kv.putString("meta/me", known.join("\n"));
}

export class Entry {
  constructor(
    public no: i32,
    public first: i64,
    public last: i64,
    public count: i32,
    public size: i32,
  ) {}
}

export class Page {
  msgs: Msg[] = [];
  keys: Set<u64> | null = null;
  dirty: bool = false;

  constructor(public no: i32) {}

  has(key: u64): bool {
    let k = this.keys;
    if (k === null) {
      k = new Set<u64>();
      for (let i = 0; i < this.msgs.length; i++) k.add(this.msgs[i].key);
      this.keys = k;
    }
    return k.has(key);
  }

  /** After the last message of the same or an earlier time, so equal times keep file order. */
  insert(m: Msg): void {
    let lo = 0;
    let hi = this.msgs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.msgs[mid].time <= m.time) lo = mid + 1;
      else hi = mid;
    }
    this.msgs.push(m);
    for (let i = this.msgs.length - 1; i > lo; i--) this.msgs[i] = this.msgs[i - 1];
    this.msgs[lo] = m;
    if (this.keys !== null) (this.keys as Set<u64>).add(m.key);
    this.dirty = true;
  }
}

/** One month of one chat: its page directory and the pages loaded so far. */
export class Month {
  next: i32 = 0;
  entries: Entry[] = [];
  pages: Map<i32, Page> = new Map<i32, Page>();
  dirty: bool = false;

  constructor(
    public chat: string,
    public month: string,
  ) {}

  static load(chat: string, month: string): Month {
    const m = new Month(chat, month);
    const s = kv.getString("dir/" + chat + "/" + month);
    if (s === null) return m;
    const lines = s.split("\n");
    m.next = I32.parseInt(lines[0]);
    for (let i = 1; i < lines.length; i++) {
      const f = lines[i].split(",");
      if (f.length != 5) continue;
      m.entries.push(new Entry(I32.parseInt(f[0]), I64.parseInt(f[1]), I64.parseInt(f[2]), I32.parseInt(f[3]), I32.parseInt(f[4])));
    }
    return m;
  }

  page(no: i32): Page {
    if (this.pages.has(no)) return this.pages.get(no);
    const p = new Page(no);
    const s = kv.getString("page/" + this.chat + "/" + this.month + "/" + no.toString());
    if (s !== null) {
      const lines = s.split("\n");
      for (let i = 0; i < lines.length; i++) {
        const m = Msg.decode(lines[i]);
        if (m !== null) p.msgs.push(m);
      }
    }
    this.pages.set(no, p);
    return p;
  }

  /** Adds a message unless one with its key is already there; false for a duplicate. */
  insert(m: Msg): bool {
    const t = m.time;
    let target = -1;
    for (let i = 0; i < this.entries.length; i++) {
      const e = this.entries[i];
      if (e.first <= t && t <= e.last && this.page(e.no).has(m.key)) return false;
      if (e.first <= t) target = i;
    }
    if (this.entries.length == 0) {
      this.entries.push(new Entry(this.next++, t, t, 0, 0));
      this.pages.set(this.entries[0].no, new Page(this.entries[0].no));
    }
    if (target < 0) target = 0;
    const e = this.entries[target];
    this.page(e.no).insert(m);
    if (t < e.first) e.first = t;
    if (t > e.last) e.last = t;
    e.count++;
    e.size += m.size();
    this.dirty = true;
    return true;
  }

  /** Splits over-full pages (preferably between different times), then writes what changed. */
  save(): void {
    if (!this.dirty) return;
    const out = new Array<Entry>();
    for (let i = 0; i < this.entries.length; i++) {
      const e = this.entries[i];
      if (e.count <= PAGE_MSGS && e.size <= PAGE_CHARS) {
        out.push(e);
        continue;
      }
      const p = this.page(e.no);
      const parts = splitPage(p.msgs);
      for (let k = 0; k < parts.length; k++) {
        const np = k == 0 ? p : new Page(this.next++);
        np.msgs = parts[k];
        np.keys = null;
        np.dirty = true;
        this.pages.set(np.no, np);
        out.push(entryOf(np));
      }
    }
    this.entries = out;
    const keys = this.pages.keys();
    for (let i = 0; i < keys.length; i++) {
      const p = this.pages.get(keys[i]);
      if (!p.dirty) continue;
      const lines = new Array<string>(p.msgs.length);
      for (let k = 0; k < p.msgs.length; k++) lines[k] = p.msgs[k].encode();
      kv.putString("page/" + this.chat + "/" + this.month + "/" + p.no.toString(), lines.join("\n"));
      p.dirty = false;
    }
    const dir = new Array<string>();
    dir.push(this.next.toString());
    for (let i = 0; i < this.entries.length; i++) {
      const e = this.entries[i];
      dir.push(e.no.toString() + "," + e.first.toString() + "," + e.last.toString() + "," + e.count.toString() + "," + e.size.toString());
    }
    kv.putString("dir/" + this.chat + "/" + this.month, dir.join("\n"));
    this.dirty = false;
  }

  /** Every message of the month in time order (reads every page). */
  all(): Msg[] {
    const out = new Array<Msg>();
    for (let i = 0; i < this.entries.length; i++) {
      const p = this.page(this.entries[i].no);
      for (let k = 0; k < p.msgs.length; k++) out.push(p.msgs[k]);
    }
    return out;
  }
}

function entryOf(p: Page): Entry {
  let size = 0;
  for (let i = 0; i < p.msgs.length; i++) size += p.msgs[i].size();
  const n = p.msgs.length;
  return new Entry(p.no, n > 0 ? p.msgs[0].time : 0, n > 0 ? p.msgs[n - 1].time : 0, n, size);
}

function splitPage(msgs: Msg[]): Msg[][] {
  const parts = new Array<Msg[]>();
  let cur = new Array<Msg>();
  let size = 0;
  for (let i = 0; i < msgs.length; i++) {
    const m = msgs[i];
    // Three quarters full: appends (the usual import) fill pages well, inserts still fit.
    const full = cur.length >= (PAGE_MSGS * 3) / 4 || size >= (PAGE_CHARS * 3) / 4;
    const boundary = cur.length > 0 && cur[cur.length - 1].time != m.time;
    const forced = cur.length >= PAGE_MSGS || size >= PAGE_CHARS;
    if (cur.length > 0 && ((full && boundary) || forced)) {
      parts.push(cur);
      cur = new Array<Msg>();
      size = 0;
    }
    cur.push(m);
    size += m.size();
  }
  if (cur.length > 0) parts.push(cur);
  return parts;
}
