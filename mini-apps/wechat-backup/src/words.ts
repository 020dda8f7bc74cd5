// The search index: which chats use a word in which month.
//   idx/<YYYYMM>/<s>   "\n" + lines "token\tc1,c7" + "\n"; s = one hex digit of the token's hash
// Tokens are lowercased runs of letters and digits; for scripts written without spaces
// (Chinese, Japanese, Korean) every character and every pair of adjacent characters, so
// "新年快乐" is looked up through 新 年 快 乐 新年 年快 快乐 and then confirmed against the
// message text; emoji and symbols are single-character tokens. A value grows with the chats
// and the vocabulary of a month, not with its messages.
import { kv } from "../sdk";
import { fnv } from "./util";

const MAX_TOKEN: i32 = 40;

/** Characters of scripts written without spaces: CJK, kana, hangul. */
function isCjk(c: i32): bool {
  return (
    (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0x20000 && c <= 0x3ffff)
  );
}

/** Single-character tokens: CJK as above, symbols and emoji. */
function isCharToken(c: i32): bool {
  return isCjk(c) || (c >= 0x2600 && c <= 0x27bf) || (c >= 0x1f000 && c <= 0x1faff);
}

/** Letters and digits that make words (Latin, Greek, Cyrillic and their accents). */
export function isWordChar(c: i32): bool {
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  return (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7) || (c >= 0x370 && c <= 0x52f);
}

/** Adds the tokens of text to out. */
export function tokenize(text: string, out: Set<string>): void {
  const s = text.toLowerCase();
  let start = -1;
  let prevCjk = -1; // start of the previous character when it was CJK
  let i = 0;
  while (i < s.length) {
    let c = s.charCodeAt(i);
    let w = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
        w = 2;
      }
    }
    if (isWordChar(c)) {
      if (start < 0) start = i;
    } else {
      if (start >= 0) {
        addWord(s.substring(start, i), out);
        start = -1;
      }
      if (isCharToken(c)) out.add(s.substring(i, i + w));
    }
    if (isCjk(c)) {
      if (prevCjk >= 0) out.add(s.substring(prevCjk, i + w));
      prevCjk = i;
    } else {
      prevCjk = -1;
    }
    i += w;
  }
  if (start >= 0) addWord(s.substring(start), out);
}

function addWord(w: string, out: Set<string>): void {
  out.add(w.length > MAX_TOKEN ? w.substring(0, MAX_TOKEN) : w);
}

function shardKey(month: string, token: string): string {
  return "idx/" + month + "/" + "0123456789abcdef".charAt(<i32>(fnv(token) & 15));
}

/** Index additions collected during an import step, written once at its end. */
export class IndexBatch {
  // shard key -> "token\tchat" pairs
  pending: Map<string, Set<string>> = new Map<string, Set<string>>();

  add(month: string, chat: string, tokens: Set<string>): void {
    const list = tokens.values();
    for (let i = 0; i < list.length; i++) {
      const k = shardKey(month, list[i]);
      if (!this.pending.has(k)) this.pending.set(k, new Set<string>());
      this.pending.get(k).add(list[i] + "\t" + chat);
    }
  }

  flush(): void {
    const keys = this.pending.keys();
    for (let i = 0; i < keys.length; i++) {
      const map = new Map<string, string>();
      const order = new Array<string>();
      const old = kv.getString(keys[i]);
      if (old !== null) {
        const lines = old.split("\n");
        for (let k = 0; k < lines.length; k++) {
          const tab = lines[k].indexOf("\t");
          if (tab <= 0) continue;
          const tok = lines[k].substring(0, tab);
          map.set(tok, lines[k].substring(tab + 1));
          order.push(tok);
        }
      }
      let changed = false;
      const pairs = this.pending.get(keys[i]).values();
      for (let k = 0; k < pairs.length; k++) {
        const tab = pairs[k].indexOf("\t");
        const tok = pairs[k].substring(0, tab);
        const chat = pairs[k].substring(tab + 1);
        if (!map.has(tok)) {
          map.set(tok, chat);
          order.push(tok);
          changed = true;
        } else {
          const ids = map.get(tok);
          if (!ids.split(",").includes(chat)) {
            map.set(tok, ids + "," + chat);
            changed = true;
          }
        }
      }
      if (!changed) continue;
      const lines = new Array<string>(order.length);
      for (let k = 0; k < order.length; k++) lines[k] = order[k] + "\t" + map.get(order[k]);
      kv.putString(keys[i], "\n" + lines.join("\n") + "\n");
    }
    this.pending.clear();
  }
}

/** Reads index shards for a search, each at most once. */
export class IndexReader {
  cache: Map<string, string> = new Map<string, string>();

  /** The chats that used token in month. */
  chats(month: string, token: string): string[] {
    const k = shardKey(month, token);
    if (!this.cache.has(k)) {
      const v = kv.getString(k);
      this.cache.set(k, v === null ? "" : v);
    }
    const v = this.cache.get(k);
    const at = v.indexOf("\n" + token + "\t");
    if (at < 0) return [];
    const from = at + token.length + 2;
    const end = v.indexOf("\n", from);
    return v.substring(from, end < 0 ? v.length : end).split(",");
  }
}
