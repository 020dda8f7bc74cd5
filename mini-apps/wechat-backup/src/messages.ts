// Reading a chat: a page of messages for the viewer, and the CSV export.
import { JsonValue } from "../sdk";
import { Chat, Month, monthsOf } from "./archive";
import { BACKUP_HEADER } from "./formats/backup_csv";
import { Msg } from "./model";
import { csvField, formatTime, hex64, monthStart, nextMonth, parseHex64 } from "./util";

/** A position in a chat: the message with this time and key (exclusive bound for paging). */
export class Cursor {
  constructor(
    public time: i64,
    public key: u64,
  ) {}

  toString(): string {
    return this.time.toString() + "." + hex64(this.key);
  }

  static parse(s: string): Cursor | null {
    const dot = s.indexOf(".");
    if (dot <= 0 || dot > 12) return null;
    for (let i = 0; i < dot; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x30 || c > 0x39) return null;
    }
    const key = parseHex64(s.substring(dot + 1));
    return key == 0 ? null : new Cursor(I64.parseInt(s.substring(0, dot)), key);
  }
}

/**
 * The newest `limit` messages of [from, to] older than `before` (if given), returned oldest
 * first, with the cursor of the oldest for the next page.
 */
export function listMessages(chat: Chat, from: i64, to: i64, before: Cursor | null, limit: i32): JsonValue {
  const out = new Array<Msg>();
  const months = monthsOf(chat.id);
  let passed = before === null;
  let more = false;
  for (let mi = months.length - 1; mi >= 0 && !more; mi--) {
    const month = months[mi];
    if (monthStart(month) > to || monthStart(nextMonth(month)) <= from) continue;
    if (before !== null && monthStart(month) > before.time) continue;
    const m = Month.load(chat.id, month);
    for (let ei = m.entries.length - 1; ei >= 0 && !more; ei--) {
      const e = m.entries[ei];
      if (e.first > to || e.last < from) continue;
      if (before !== null && e.first > before.time) continue;
      const msgs = m.page(e.no).msgs;
      for (let k = msgs.length - 1; k >= 0; k--) {
        const msg = msgs[k];
        if (msg.time > to || msg.time < from) continue;
        if (!passed) {
          const b = before as Cursor;
          if (msg.time > b.time) continue;
          if (msg.time == b.time) {
            if (msg.key == b.key) passed = true;
            continue;
          }
          passed = true; // the cursor message is gone; go on by time
        }
        if (out.length == limit) {
          more = true;
          break;
        }
        out.push(msg);
      }
    }
  }
  const list = JsonValue.arr();
  for (let i = out.length - 1; i >= 0; i--) list.push(out[i].toJson());
  const v = JsonValue.obj().set("chat", chat.toJson()).set("messages", list).set("more", JsonValue.bool(more));
  if (more) v.set("next", JsonValue.str(new Cursor(out[out.length - 1].time, out[out.length - 1].key).toString()));
  return v;
}

// An export answer stays well below the node's 4 MiB output cap: a chat is exported in parts
// of about this many characters of stored messages.
const PART_CHARS: i32 = 1536 * 1024;

class PageRef {
  constructor(
    public month: string,
    public no: i32,
  ) {}
}

/** The pages of each export part, in time order. */
function plan(chat: Chat): PageRef[][] {
  const parts = new Array<PageRef[]>();
  let cur = new Array<PageRef>();
  let size = 0;
  const months = monthsOf(chat.id);
  for (let i = 0; i < months.length; i++) {
    const m = Month.load(chat.id, months[i]);
    for (let k = 0; k < m.entries.length; k++) {
      const e = m.entries[k];
      if (cur.length > 0 && size + e.size > PART_CHARS) {
        parts.push(cur);
        cur = new Array<PageRef>();
        size = 0;
      }
      cur.push(new PageRef(months[i], e.no));
      size += e.size;
    }
  }
  if (cur.length > 0 || parts.length == 0) parts.push(cur);
  return parts;
}

export function exportParts(chat: Chat): i32 {
  return plan(chat).length;
}

/**
 * Part `part` of the chat as CSV (RFC 4180, CRLF); part 0 starts with a UTF-8 byte order mark
 * (so spreadsheet apps read UTF-8) and the header. null when there is no such part.
 */
export function exportCsv(chat: Chat, part: i32): string | null {
  const parts = plan(chat);
  if (part < 0 || part >= parts.length) return null;
  const out = new Array<string>();
  if (part == 0) out.push("\uFEFF" + BACKUP_HEADER + "\r\n");
  const refs = parts[part];
  let month: Month | null = null;
  for (let i = 0; i < refs.length; i++) {
    if (month === null || month.month != refs[i].month) month = Month.load(chat.id, refs[i].month);
    const msgs = month.page(refs[i].no).msgs;
    for (let k = 0; k < msgs.length; k++) {
      const m = msgs[k];
      out.push(
        csvField(formatTime(m.time)) + "," + csvField(m.sender) + "," + (m.isSender ? "1" : "0") + "," +
        m.type + "," + csvField(m.text) + "," + csvField(m.media) + "\r\n",
      );
    }
    month.pages.delete(refs[i].no); // keep memory to one page at a time
  }
  return out.join("");
}
