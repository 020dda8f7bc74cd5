// Collects the messages an import step parses and files them into the archive in batches,
// month by month, skipping messages whose key is already there.
import { Chat } from "./archive";
import { Month } from "./archive";
import { Msg } from "./model";
import { monthOf } from "./util";
import { IndexBatch, tokenize } from "./words";

// Parsed messages are held until about this many characters, then filed (bounds memory).
const FLUSH_CHARS: i32 = 1 << 20;

export class Writer {
  batch: Msg[] = [];
  chars: i32 = 0;
  seq: i32 = 0;
  imported: i32 = 0;
  duplicates: i32 = 0;
  index: IndexBatch = new IndexBatch();
  chats: Map<string, Chat> = new Map<string, Chat>();

  add(m: Msg): void {
    m.seq = this.seq++;
    m.computeKey();
    this.batch.push(m);
    this.chars += m.size();
    if (this.chars >= FLUSH_CHARS) this.flush();
  }

  chat(id: string): Chat | null {
    if (this.chats.has(id)) return this.chats.get(id);
    const c = Chat.load(id);
    if (c !== null) this.chats.set(id, c);
    return c;
  }

  flush(): void {
    const b = this.batch;
    if (b.length == 0) return;
    b.sort((x: Msg, y: Msg): i32 => {
      if (x.chat != y.chat) return x.chat < y.chat ? -1 : 1;
      if (x.time != y.time) return x.time < y.time ? -1 : 1;
      return x.seq - y.seq;
    });
    let month: Month | null = null;
    let tokens = new Set<string>();
    for (let i = 0; i < b.length; i++) {
      const m = b[i];
      const c = this.chat(m.chat);
      if (c === null) continue; // deleted while importing
      const mk = monthOf(m.time);
      if (month === null || month.chat != m.chat || month.month != mk) {
        if (month !== null) this.closeMonth(month, tokens);
        month = Month.load(m.chat, mk);
        tokens = new Set<string>();
      }
      if (!month.insert(m)) {
        this.duplicates++;
        continue;
      }
      this.imported++;
      tokenize(m.text, tokens);
      if (c.count == 0 || m.time < c.first) c.first = m.time;
      if (c.count == 0 || m.time > c.last) c.last = m.time;
      c.count++;
      if (!m.isSender && m.type != "system" && m.sender.length > 0 && c.others.length < 2 && !c.others.includes(m.sender)) {
        c.others.push(m.sender);
      }
    }
    if (month !== null) this.closeMonth(month, tokens);
    this.batch = [];
    this.chars = 0;
  }

  closeMonth(month: Month, tokens: Set<string>): void {
    month.save();
    if (tokens.size > 0) this.index.add(month.month, month.chat, tokens);
  }

  /** Files what is left and writes chat totals and the index. */
  finish(): void {
    this.flush();
    const ids = this.chats.keys();
    for (let i = 0; i < ids.length; i++) this.chats.get(ids[i]).save();
    this.index.flush();
  }
}
