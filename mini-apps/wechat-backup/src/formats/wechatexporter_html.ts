// WechatExporter (BlueMatthew/WechatExporter) HTML output, <UsrName>.html, with the messages in
// the page (not the "load asynchronously" option, which moves them into script files). From
// res/templates/*.html, each message is one block:
//   <div class="msg chat-left" msgid="..." msgtype="1">              (chat-right: sent by me;
//     <div class="avatar-box"><img src="Portrait/x.jpg" class="avatar"></div>   media blocks use
//     <div class="nt-box"><span class="name-left">Alice</span> 2021-03-04 20:15:09</div>    "msg media
//     <div class="content-box msg"><span class="dont-break-out">text&nbsp;with<br/>lines</span></div>   right")
//   </div>
// Images carry rawUrl="<UsrName>_files/<id>.jpg", audio and video a <source src="...">, shares an
// <a href> with a <b> title; system messages are <div class="msg chat-notice"> with "系统消息："
// and no time. The page title is "<chat name> - 微信聊天记录".
import { JsonValue } from "../../sdk";
import { containsAscii } from "../bytes";
import { Msg } from "../model";
import { Ctx, LINE_END, LINE_MORE, LINE_SKIP, LINE_START, RecordParser } from "../parse";
import { attr, htmlDecode, parseDateTime, stripTags } from "../util";
import { placeholder, SYSTEM_PREFIX } from "./wechatexporter_txt";

export class WechatExporterHtmlParser extends RecordParser {
  lastTime: i64 = -1;

  kind(ctx: Ctx, s: i32, e: i32, no: i32): i32 {
    if (containsAscii(ctx.buf, s, e, '<div class="msg')) return LINE_START;
    if (containsAscii(ctx.buf, s, e, "</body>")) return LINE_END;
    return this.recStart >= 0 ? LINE_MORE : LINE_SKIP;
  }

  emit(ctx: Ctx, s: i32, e: i32, no: i32): void {
    const rec = ctx.text(s, e);
    const open = rec.indexOf('<div class="msg');
    const tagEnd = rec.indexOf(">", open);
    if (tagEnd < 0) {
      ctx.problem(no, "broken message markup; skipped", s, e);
      return;
    }
    const tag = rec.substring(open, tagEnd + 1);
    const cls = " " + attr(tag, "class") + " ";
    const code = attr(tag, "msgtype");
    const m = new Msg();
    if (cls.includes(" chat-notice ")) {
      if (this.lastTime < 0) {
        ctx.problem(no, "system message before any dated message (it has no time); skipped", s, e);
        return;
      }
      m.time = this.lastTime;
      m.type = "system";
      let t = spans(rec, tagEnd);
      if (t.startsWith(SYSTEM_PREFIX)) t = t.substring(SYSTEM_PREFIX.length);
      m.text = t;
      ctx.add(m);
      return;
    }
    const nt = rec.indexOf('class="nt-box"', tagEnd);
    const ntStart = nt < 0 ? -1 : rec.indexOf(">", nt);
    const ntEnd = ntStart < 0 ? -1 : rec.indexOf("</div>", ntStart);
    if (ntEnd < 0) {
      ctx.problem(no, "message without a name and time; skipped", s, e);
      return;
    }
    const box = rec.substring(ntStart + 1, ntEnd);
    const nameEnd = box.indexOf("</span>");
    m.sender = nameEnd < 0 ? "" : htmlDecode(stripTags(box.substring(0, nameEnd))).trim();
    m.time = parseDateTime(htmlDecode(stripTags(nameEnd < 0 ? box : box.substring(nameEnd + 7))));
    if (m.time < 0) {
      ctx.problem(no, "bad timestamp; message skipped", s, e);
      return;
    }
    this.lastTime = m.time;
    m.isSender = cls.includes(" right ") || cls.includes(" chat-right ") || cls.includes(" media-right ");
    const body = rec.substring(ntEnd);
    m.text = spans(body, 0);
    if (!typeOf(m, code, body)) ctx.problem(no, "unknown message type " + code + "; kept as other", s, e);
    ctx.add(m);
  }

  save(state: JsonValue): void {
    state.set("lastTime", JsonValue.num(<f64>this.lastTime));
  }
  load(state: JsonValue): void {
    this.lastTime = <i64>state.getNumber("lastTime", -1);
  }
}

/** The text of every <span class="dont-break-out..."> in rec after from, lines kept. */
function spans(rec: string, from: i32): string {
  const parts = new Array<string>();
  let i = rec.indexOf('class="dont-break-out', from);
  while (i >= 0) {
    const gt = rec.indexOf(">", i);
    const end = gt < 0 ? -1 : rec.indexOf("</span>", gt);
    if (end < 0) break;
    parts.push(markupText(rec.substring(gt + 1, end)));
    i = rec.indexOf('class="dont-break-out', end);
  }
  return parts.join("\n");
}

function markupText(html: string): string {
  const t = html.replaceAll("<br/>", "\n").replaceAll("<br />", "\n").replaceAll("<br>", "\n");
  return htmlDecode(stripTags(t));
}

/** Sets the type (and media) from the msgtype code or the markup; false for an unknown code. */
function typeOf(m: Msg, code: string, body: string): bool {
  const raw = attr(body, "rawUrl");
  const source = attr(body, "src");
  const sourceTag = body.indexOf("<source ");
  const mediaSrc = sourceTag >= 0 ? attr(body.substring(sourceTag), "src") : "";
  const n = code.length > 0 ? I32.parseInt(code) : -1;
  let known = true;
  if (n == 3 || (n < 0 && raw.length > 0)) {
    m.type = "image";
    m.media = raw.length > 0 ? raw : source;
  } else if (n == 34 || (n < 0 && body.includes("<audio"))) {
    m.type = "voice";
    m.media = mediaSrc;
  } else if (n == 43 || n == 62 || (n < 0 && body.includes("<video"))) {
    m.type = "video";
    m.media = mediaSrc;
  } else if (n == 47) {
    m.type = "other"; // sticker
    m.media = source;
    if (m.text.length == 0) m.text = "[表情]";
  } else if (n == 49) {
    if (body.includes("<a ")) share(m, body);
    else m.type = "link"; // a file or share written as text: [文件: name] becomes a file below
  } else if (n == 10000 || n == 10002) {
    m.type = "system";
  } else if (n == 42 || n == 66 || n == 48 || n == 50 || n == 35 || n == 37 || n == 40 || n == 64) {
    m.type = "other";
  } else if (n != 1 && n >= 0) {
    m.type = "other";
    known = false;
  }
  // Media the exporter could not copy are written as text placeholders.
  if (m.media.length == 0 && m.type != "system" && m.type != "other") {
    placeholder(m);
  }
  return known;
}

function share(m: Msg, body: string): void {
  const a = body.indexOf("<a ");
  const href = a >= 0 ? attr(body.substring(a), "href") : "";
  const b = body.indexOf("<b>");
  const bEnd = b < 0 ? -1 : body.indexOf("</b>", b);
  const title = bEnd < 0 ? "" : markupText(body.substring(b + 3, bEnd)).trim();
  if (title.length > 0 && !m.text.startsWith(title)) m.text = m.text.length > 0 ? title + "\n" + m.text : title;
  m.type = "link";
  m.media = href == "##" ? "" : href;
}
