// One archived message, as every parser produces it and the archive stores it.
import { JsonValue } from "../sdk";
import { esc, fnv, formatTime, hex64, parseHex64, unesc } from "./util";

export const TYPES: string[] = ["text", "image", "voice", "video", "file", "link", "system", "other"];

export function validType(t: string): bool {
  return TYPES.includes(t);
}

export class Msg {
  /** Dedup key: a hash of the time, sender, type, text and media (the chat is the bucket). */
  key: u64 = 0;
  time: i64 = 0;
  isSender: bool = false;
  type: string = "text";
  sender: string = "";
  text: string = "";
  media: string = "";
  /** Import only: the chat it goes to, and its order in the file (ties of equal times). */
  chat: string = "";
  seq: i32 = 0;

  computeKey(): void {
    let h = fnv(this.time.toString());
    h = fnv(this.media, fnv(this.text, fnv(this.type, fnv(this.sender, h, 1), 1), 1), 1);
    this.key = h == 0 ? 1 : h;
  }

  /** Rough stored size, for bounding pages. */
  size(): i32 {
    return this.sender.length + this.text.length + this.media.length + 40;
  }

  /** One tab-separated storage line. */
  encode(): string {
    const f = new Array<string>(7);
    f[0] = hex64(this.key);
    f[1] = this.time.toString();
    f[2] = this.isSender ? "1" : "0";
    f[3] = this.type;
    f[4] = esc(this.sender);
    f[5] = esc(this.text);
    f[6] = esc(this.media);
    return f.join("\t");
  }

  static decode(line: string): Msg | null {
    const f = line.split("\t");
    if (f.length != 7) return null;
    const m = new Msg();
    m.key = parseHex64(f[0]);
    m.time = I64.parseInt(f[1]);
    m.isSender = f[2] == "1";
    m.type = f[3];
    m.sender = unesc(f[4]);
    m.text = unesc(f[5]);
    m.media = unesc(f[6]);
    return m;
  }

  toJson(): JsonValue {
    return JsonValue.obj()
      .set("key", JsonValue.str(hex64(this.key)))
      .set("t", JsonValue.num(<f64>this.time))
      .set("time", JsonValue.str(formatTime(this.time)))
      .set("sender", JsonValue.str(this.sender))
      .set("isSender", JsonValue.bool(this.isSender))
      .set("type", JsonValue.str(this.type))
      .set("text", JsonValue.str(this.text))
      .set("media", JsonValue.str(this.media));
  }
}
