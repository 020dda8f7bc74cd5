// Search: every term must occur in a message's text. Terms made of letters match whole words
// (any case); terms with Chinese (or other unspaced) characters match as a substring. The index
// narrows a month to the chats that have every token; those months are then read and checked.
import { JsonValue } from "../sdk";
import { allChats, Chat, Month } from "./archive";
import { Msg } from "./model";
import { clip, formatTime, hex64, monthOf, monthStart, nextMonth } from "./util";
import { IndexReader, isWordChar, tokenize } from "./words";

export const MAX_TERMS: i32 = 10;

class Term {
  constructor(
    public text: string,
    public tokens: string[],
  ) {}
}

class Hit {
  constructor(
    public chat: Chat,
    public msg: Msg,
    public at: i32,
  ) {}
}

function isSpace(c: i32): bool {
  return c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d || c == 0x3000 || c == 0xa0;
}

/** The query's terms, lowercased and without punctuation at their ends; null if too many. */
export function terms(q: string): Term[] | null {
  const out = new Array<Term>();
  let i = 0;
  while (i < q.length) {
    while (i < q.length && isSpace(q.charCodeAt(i))) i++;
    const start = i;
    while (i < q.length && !isSpace(q.charCodeAt(i))) i++;
    if (i == start) break;
    const raw = q.substring(start, i).toLowerCase();
    const set = new Set<string>();
    tokenize(raw, set);
    if (set.size == 0) continue;
    // Trim to the first and last token character so "hello," finds "hello".
    let a = 0;
    let b = raw.length;
    while (a < b && !tokenStart(raw, a)) a++;
    while (b > a && !tokenStart(raw, b - 1)) b--;
    const text = raw.substring(a, b);
    let dup = false;
    for (let k = 0; k < out.length; k++) if (out[k].text == text) dup = true;
    if (!dup) out.push(new Term(text, set.values()));
    if (out.length > MAX_TERMS) return null;
  }
  return out;
}

function tokenStart(s: string, i: i32): bool {
  const probe = new Set<string>();
  tokenize(s.charAt(i), probe);
  const c = s.charCodeAt(i);
  return probe.size > 0 || (c >= 0xd800 && c <= 0xdfff);
}

/** Where term occurs in hay (both lowercased) as a whole word at its letter ends; -1 if not. */
export function find(hay: string, term: string): i32 {
  const wordStart = isWordChar(term.charCodeAt(0));
  const wordEnd = isWordChar(term.charCodeAt(term.length - 1));
  let i = hay.indexOf(term);
  while (i >= 0) {
    const end = i + term.length;
    const okStart = !wordStart || i == 0 || !isWordChar(hay.charCodeAt(i - 1));
    const okEnd = !wordEnd || end >= hay.length || !isWordChar(hay.charCodeAt(end));
    if (okStart && okEnd) return i;
    i = hay.indexOf(term, i + 1);
  }
  return -1;
}

function snippet(text: string, at: i32): string {
  const flat = text.replaceAll("\r", " ").replaceAll("\n", " ");
  let start = at - 30;
  if (start < 0) start = 0;
  let s = flat.substring(start);
  s = clip(s, 80);
  return (start > 0 ? "…" : "") + s + (start + s.length < flat.length ? "…" : "");
}

// A search reads at most about this many pages (each call's memory and deadline are bounded);
// then it answers what it found with the day to continue from.
export const MAX_SCAN_PAGES: i32 = 150;

export class SearchResult {
  hits: JsonValue = JsonValue.arr();
  more: bool = false;
  /** When the page budget ran out: search again with to=continueTo for older messages. */
  continueTo: string = "";
}

let scanned = 0;

/** Messages matching every term, newest first. chat: "" for all; from/to: seconds, inclusive. */
export function search(list: Term[], chat: Chat | null, from: i64, to: i64, limit: i32): SearchResult {
  const chats = new Map<string, Chat>();
  let lo = from;
  let hi = to;
  if (chat !== null) {
    chats.set(chat.id, chat);
    if (chat.first > lo) lo = chat.first;
    if (chat.last < hi) hi = chat.last;
  } else {
    const all = allChats();
    let first: i64 = I64.MAX_VALUE;
    let last: i64 = I64.MIN_VALUE;
    for (let i = 0; i < all.length; i++) {
      if (all[i].count == 0) continue;
      chats.set(all[i].id, all[i]);
      if (all[i].first < first) first = all[i].first;
      if (all[i].last > last) last = all[i].last;
    }
    if (first > lo) lo = first;
    if (last < hi) hi = last;
  }
  const result = new SearchResult();
  scanned = 0;
  if (chats.size == 0 || lo > hi) return result;
  const reader = new IndexReader();
  const stop = monthOf(lo);
  const hits = new Array<Hit>();
  let month = monthOf(hi);
  while (true) {
    // Chats of this month that have every token of every term.
    let cands: string[] | null = null;
    for (let t = 0; t < list.length && (cands === null || cands.length > 0); t++) {
      for (let k = 0; k < list[t].tokens.length; k++) {
        const ids = reader.chats(month, list[t].tokens[k]);
        if (cands === null) {
          cands = ids;
        } else {
          const keep = new Array<string>();
          for (let c = 0; c < cands.length; c++) if (ids.includes(cands[c])) keep.push(cands[c]);
          cands = keep;
        }
        if (cands.length == 0) break;
      }
    }
    const monthHits = new Array<Hit>();
    if (cands !== null) {
      for (let c = 0; c < cands.length; c++) {
        if (!chats.has(cands[c])) continue; // another chat (filter), or a deleted one
        scanMonth(chats.get(cands[c]), month, list, lo, hi, monthHits);
      }
    }
    monthHits.sort((a: Hit, b: Hit): i32 => (a.msg.time < b.msg.time ? 1 : a.msg.time > b.msg.time ? -1 : 0));
    for (let i = 0; i < monthHits.length; i++) hits.push(monthHits[i]);
    if (hits.length > limit || month == stop || month < stop) break;
    if (scanned >= MAX_SCAN_PAGES) {
      result.continueTo = formatTime(monthStart(month) - 86400).substring(0, 10);
      break;
    }
    month = prevMonth(month);
  }
  result.more = hits.length > limit;
  for (let i = 0; i < hits.length && i < limit; i++) {
    const h = hits[i];
    result.hits.push(
      JsonValue.obj()
        .set("chat", JsonValue.str(h.chat.id))
        .set("chatName", JsonValue.str(h.chat.name))
        .set("key", JsonValue.str(hex64(h.msg.key)))
        .set("t", JsonValue.num(<f64>h.msg.time))
        .set("time", JsonValue.str(formatTime(h.msg.time)))
        .set("sender", JsonValue.str(h.msg.sender))
        .set("isSender", JsonValue.bool(h.msg.isSender))
        .set("type", JsonValue.str(h.msg.type))
        .set("snippet", JsonValue.str(snippet(h.msg.text, h.at))),
    );
  }
  return result;
}

function scanMonth(chat: Chat, month: string, list: Term[], lo: i64, hi: i64, out: Hit[]): void {
  if (monthStart(month) > hi || monthStart(nextMonth(month)) <= lo) return;
  const m = Month.load(chat.id, month);
  for (let e = 0; e < m.entries.length; e++) {
    const entry = m.entries[e];
    if (entry.first > hi || entry.last < lo) continue;
    const msgs = m.page(entry.no).msgs;
    scanned++;
    for (let i = 0; i < msgs.length; i++) {
      const msg = msgs[i];
      if (msg.time < lo || msg.time > hi) continue;
      const hay = msg.text.toLowerCase();
      let at = -1;
      let ok = true;
      for (let t = 0; t < list.length && ok; t++) {
        const p = find(hay, list[t].text);
        if (p < 0) ok = false;
        else if (t == 0) at = p;
      }
      if (ok) out.push(new Hit(chat, msg, at));
    }
    m.pages.delete(entry.no);
  }
}

function prevMonth(month: string): string {
  let y = I32.parseInt(month.substring(0, 4));
  let m = I32.parseInt(month.substring(4, 6)) - 1;
  if (m < 1) {
    m = 12;
    y--;
  }
  return y.toString() + (m < 10 ? "0" : "") + m.toString();
}
