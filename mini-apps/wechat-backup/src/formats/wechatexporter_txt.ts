// WechatExporter (BlueMatthew/WechatExporter, iTunes backups) "TXT" output, <UsrName>.txt:
//   Alice - 微信聊天记录                     (the frame: chat name, blank line, messages)
//   Alice (2021-03-04 20:15:09):Hello       (templates_txt/msg.html: NAME (TIME):MESSAGE)
//   more lines of the same message
//   系统消息：Bob joined the group chat       (templates_txt/system.html: no name, no time)
// TIME is "%Y-%m-%d %H:%M:%S" (v1.8+) or "%Y-%m-%d %I:%M:%S %p" (older). Media are localized
// placeholders: [图片]/[Photo], [视频]/[Video], [语音]/[Audio]/[音频], [表情]/[Emoji], ...
import { JsonValue, utf8 } from "../../sdk";
import { decodeLossy, isBlank, trimCr } from "../bytes";
import { Msg } from "../model";
import { Ctx, LINE_MORE, LINE_SKIP, LINE_START, RecordParser, splitLines } from "../parse";
import { parseDateTime } from "../util";

export const SYSTEM_PREFIX = "系统消息：";
const SYSTEM_BYTES = utf8(SYSTEM_PREFIX);
export const TITLE_SUFFIX = " - 微信聊天记录";

/** Index of the " (" that opens "(TIME):" in buf[s, e), or -1. */
export function stampAt(buf: Uint8Array, s: i32, e: i32): i32 {
  for (let i = s; i + 8 < e; i++) {
    if (buf[i] != 0x20 || buf[i + 1] != 0x28) continue;
    let ok = buf[i + 6] == 0x2d;
    for (let k = 2; k < 6 && ok; k++) ok = buf[i + k] >= 0x30 && buf[i + k] <= 0x39;
    if (!ok) continue;
    for (let j = i + 7; j + 1 < e && j < i + 40; j++) {
      if (buf[j] == 0x29 && buf[j + 1] == 0x3a) return i;
    }
  }
  return -1;
}

function startsWithBytes(buf: Uint8Array, s: i32, e: i32, p: Uint8Array): bool {
  if (e - s < p.length) return false;
  for (let i = 0; i < p.length; i++) if (buf[s + i] != p[i]) return false;
  return true;
}

export class WechatExporterTxtParser extends RecordParser {
  lastTime: i64 = -1;
  system: bool = false;

  kind(ctx: Ctx, s: i32, e: i32, no: i32): i32 {
    const end = trimCr(ctx.buf, s, e);
    if (startsWithBytes(ctx.buf, s, end, SYSTEM_BYTES)) return LINE_START;
    if (stampAt(ctx.buf, s, end) >= 0) return LINE_START;
    if (this.recStart >= 0) return LINE_MORE;
    if (isBlank(ctx.buf, s, end)) return LINE_SKIP;
    // The frame's title line comes before the first message.
    if (no <= 2 && decodeLossy(ctx.buf, s, end).endsWith(TITLE_SUFFIX)) return LINE_SKIP;
    return LINE_MORE;
  }

  stray(ctx: Ctx, s: i32, e: i32, no: i32): void {
    ctx.problem(no, "text outside any message; skipped", s, e);
  }

  emit(ctx: Ctx, s: i32, e: i32, no: i32): void {
    const lines = splitLines(ctx.text(s, e));
    let last = lines.length - 1;
    while (last > 0 && lines[last].trim().length == 0) last--;
    const head = lines[0];
    const more = last > 0 ? "\n" + lines.slice(1, last + 1).join("\n") : "";
    const m = new Msg();
    if (head.startsWith(SYSTEM_PREFIX)) {
      if (this.lastTime < 0) {
        ctx.problem(no, "system message before any dated message (it has no time); skipped", s, e);
        return;
      }
      m.time = this.lastTime;
      m.type = "system";
      m.text = head.substring(SYSTEM_PREFIX.length) + more;
      ctx.add(m);
      return;
    }
    const open = stampIndex(head);
    const close = head.indexOf("):", open);
    m.time = parseDateTime(head.substring(open + 2, close));
    if (m.time < 0) {
      ctx.problem(no, "bad timestamp; message skipped", s, e);
      return;
    }
    this.lastTime = m.time;
    m.sender = head.substring(0, open);
    m.isSender = ctx.isMe(m.sender);
    m.text = head.substring(close + 2) + more;
    placeholder(m);
    ctx.add(m);
  }

  save(state: JsonValue): void {
    state.set("lastTime", JsonValue.num(<f64>this.lastTime));
  }
  load(state: JsonValue): void {
    this.lastTime = <i64>state.getNumber("lastTime", -1);
  }
}

// The same search as stampAt, on a decoded line.
function stampIndex(head: string): i32 {
  let i = head.indexOf(" (");
  while (i >= 0) {
    const close = head.indexOf("):", i);
    if (close > i && close - i < 40) {
      const c = head.charCodeAt(i + 2);
      if (c >= 0x30 && c <= 0x39 && head.charAt(i + 6) == "-") return i;
    }
    i = head.indexOf(" (", i + 1);
  }
  return 0;
}

const EXACT_ZH = ["[图片]", "[视频]", "[语音]", "[音频]"];
const EXACT_EN = ["[Photo]", "[Video]", "[Audio]", "[Audio]"];
const EXACT_TYPE = ["image", "video", "voice", "voice"];

/** WechatExporter's media placeholders (Chinese or English) become the message type. */
export function placeholder(m: Msg): void {
  const t = m.text.trim();
  for (let i = 0; i < EXACT_ZH.length; i++) {
    if (t == EXACT_ZH[i] || t == EXACT_EN[i]) {
      m.type = EXACT_TYPE[i];
      m.text = "";
      return;
    }
  }
  if (t.startsWith("[语音 ") || t.startsWith("[Audio ")) m.type = "voice";
  else if (t.startsWith("[文件") || t.startsWith("[File")) {
    m.type = "file";
    const colon = t.indexOf(":");
    if (colon > 0 && t.endsWith("]")) m.media = t.substring(colon + 1, t.length - 1).trim();
  } else if (t.startsWith("[链接]") || t.startsWith("[Link]")) m.type = "link";
  else if (
    t.startsWith("[表情]") || t.startsWith("[Emoji]") || t.startsWith("[位置]") || t.startsWith("[Location]") ||
    t.startsWith("[名片]") || t.startsWith("[个人名片]") || t.startsWith("[Contact Card]") ||
    t.startsWith("[视频/语音通话]") || t.startsWith("[Video/Audio Call]") || t.startsWith("[红包]") ||
    t.startsWith("[Red Packet]") || t.startsWith("[转账]") || t.startsWith("[Transfer]") ||
    t.startsWith("微信转账") || t.startsWith("Weixin Transfer")
  ) m.type = "other";
}

