// WeChatMsg / MemoTrace (LC044/WeChatMsg) "TXT" export of one chat, <remark>.txt. Each message:
//   2023-05-01 12:30:05 Alice          (StrTime, a space, the sender's display name)
//   the text, any number of lines      ([图片] [语音] [视频] [表情包] [文件] [音乐分享] for media)
//   <blank line>
// System messages are one line, "2023-05-01 12:31:00 Alice recalled a message", with no body.
// Names are written HTML- and JavaScript-escaped (&amp; \' \"), which is undone here.
import { isBlank, trimCr } from "../bytes";
import { Msg } from "../model";
import { Ctx, LINE_MORE, LINE_SKIP, LINE_START, RecordParser, splitLines } from "../parse";
import { htmlDecode, parseDateTime } from "../util";

const STAMP: i32 = 19; // "YYYY-MM-DD HH:MM:SS"

/** Whether buf[s, e) starts with a date-shaped stamp (digits where digits go, valid or not). */
function stamped(buf: Uint8Array, s: i32, e: i32): bool {
  if (e - s < STAMP || (e - s > STAMP && buf[s + STAMP] != 0x20)) return false;
  const shape = "dddd-dd-dd dd:dd:dd";
  for (let i = 0; i < STAMP; i++) {
    const c = buf[s + i];
    const want = shape.charCodeAt(i);
    if (want == 0x64 ? c < 0x30 || c > 0x39 : <i32>c != want) return false;
  }
  return true;
}

export class WeChatMsgTxtParser extends RecordParser {
  prevBlank: bool = true;

  kind(ctx: Ctx, s: i32, e: i32, no: i32): i32 {
    const end = trimCr(ctx.buf, s, e);
    const blank = isBlank(ctx.buf, s, end);
    // A stamp line starts a message only after a blank line, so message text that happens to
    // begin with a date does not split the message.
    const start = this.prevBlank && stamped(ctx.buf, s, end);
    this.prevBlank = blank;
    if (start) return LINE_START;
    if (blank && this.recStart < 0) return LINE_SKIP;
    return LINE_MORE;
  }

  stray(ctx: Ctx, s: i32, e: i32, no: i32): void {
    ctx.problem(no, "text outside any message; skipped", s, e);
  }

  emit(ctx: Ctx, s: i32, e: i32, no: i32): void {
    const lines = splitLines(ctx.text(s, e));
    const head = lines[0];
    const m = new Msg();
    m.time = parseDateTime(head.substring(0, STAMP));
    if (m.time < 0) {
      ctx.problem(no, "bad timestamp; message skipped", s, e);
      return;
    }
    let last = lines.length - 1;
    while (last > 0 && lines[last].trim().length == 0) last--;
    const rest = head.length > STAMP ? head.substring(STAMP + 1) : "";
    if (last == 0) {
      m.type = "system";
      m.text = rest;
      ctx.add(m);
      return;
    }
    m.sender = unescapeName(rest);
    m.isSender = ctx.isMe(m.sender);
    const body = lines.slice(1, last + 1);
    placeholder(m, body.join("\n"));
    if (m.type == "link") link(m, body);
    ctx.add(m);
  }
}

/** Undoes WeChatMsg's escape_js_and_html on names. */
export function unescapeName(s: string): string {
  let t = s;
  if (t.indexOf("\\") >= 0) {
    t = t.replaceAll("\\'", "'").replaceAll('\\"', '"').replaceAll("\\n", "\n").replaceAll("\\\\", "\\");
  }
  return htmlDecode(t);
}

/** Media placeholders of WeChatMsg's TXT become the message type. */
function placeholder(m: Msg, text: string): void {
  const t = text.trim();
  m.text = text;
  if (t == "[图片]") m.type = "image";
  else if (t == "[语音]") m.type = "voice";
  else if (t == "[视频]") m.type = "video";
  else if (t == "[文件]") m.type = "file";
  else if (t == "[音乐分享]") m.type = "link";
  else if (t == "[表情包]") {
    m.type = "other";
    return;
  } else if (t.startsWith("[链接]")) {
    m.type = "link";
    return;
  } else return;
  m.text = "";
}

// "[链接]:title:T", "description:D", "url:U", "name:N" lines (indented in the export).
function link(m: Msg, body: string[]): void {
  let title = "";
  let desc = "";
  for (let i = 0; i < body.length; i++) {
    const l = body[i].trim();
    if (l.startsWith("[链接]:title:")) title = l.substring(11);
    else if (l.startsWith("description:")) desc = l.substring(12);
    else if (l.startsWith("url:")) m.media = l.substring(4);
  }
  if (title.length > 0) m.text = desc.length > 0 && desc != "None" ? title + "\n" + desc : title;
}
