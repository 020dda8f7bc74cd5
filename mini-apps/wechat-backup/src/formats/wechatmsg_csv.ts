// WeChatMsg / MemoTrace (LC044/WeChatMsg) "CSV" export of one chat, <remark>_utf8.csv:
//   localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender
// Rows of private chats from older versions stop after StrTime (9 fields under the 12-name header).
// Type/SubType are WeChat's message type codes; StrContent is text or the message's XML.
import { JsonValue } from "../../sdk";
import { Msg } from "../model";
import { Ctx } from "../parse";
import { attr, parseDateTime, plausible, stripTags, xmlElement } from "../util";
import { at, Columns, CsvRows } from "./csv";

export class WeChatMsgRows extends CsvRows {
  cols: Columns = new Columns([]);
  // Column positions, looked up once per header.
  cType: i32 = -1;
  cSub: i32 = -1;
  cIsSender: i32 = -1;
  cCreate: i32 = -1;
  cContent: i32 = -1;
  cStrTime: i32 = -1;
  cRemark: i32 = -1;
  cNick: i32 = -1;
  cSender: i32 = -1;

  header(f: string[]): string {
    this.setColumns(new Columns(f));
    const need = ["Type", "IsSender", "StrContent"];
    for (let i = 0; i < need.length; i++) {
      if (!this.cols.has(need[i])) return "not a WeChatMsg CSV: the header has no " + need[i] + " column";
    }
    if (!this.cols.has("StrTime") && !this.cols.has("CreateTime")) return "not a WeChatMsg CSV: no StrTime or CreateTime column";
    return "";
  }

  setColumns(c: Columns): void {
    this.cols = c;
    this.cType = c.index("Type");
    this.cSub = c.index("SubType");
    this.cIsSender = c.index("IsSender");
    this.cCreate = c.index("CreateTime");
    this.cContent = c.index("StrContent");
    this.cStrTime = c.index("StrTime");
    this.cRemark = c.index("Remark");
    this.cNick = c.index("NickName");
    this.cSender = c.index("Sender");
  }

  row(ctx: Ctx, f: string[], line: i32, s: i32, e: i32): void {
    const n = this.cols.names.length;
    const short = n == 12 && f.length == 9 && this.cStrTime == 8;
    if (f.length != n && !short) {
      ctx.problem(line, "expected " + n.toString() + " fields, found " + f.length.toString() + "; row skipped", s, e);
      return;
    }
    const m = new Msg();
    m.isSender = at(f, this.cIsSender).trim() == "1";
    m.time = parseDateTime(at(f, this.cStrTime));
    if (m.time < 0) {
      // StrTime is the exporter's local time of CreateTime (Unix seconds).
      const ct = at(f, this.cCreate).trim();
      const secs = isDigits(ct) && ct.length <= 12 ? I64.parseInt(ct) + <i64>ctx.tz * 60 : -1;
      if (secs < 0 || !plausible(secs)) {
        ctx.problem(line, "bad timestamp; row skipped", s, e);
        return;
      }
      m.time = secs;
    }
    const remark = at(f, this.cRemark).trim();
    const nick = at(f, this.cNick).trim();
    let name = remark.length > 0 ? remark : nick.length > 0 ? nick : at(f, this.cSender).trim();
    if (m.isSender) {
      ctx.learnMe(remark);
      ctx.learnMe(nick);
      if (name.length == 0) name = ctx.me.length > 0 ? ctx.me[0] : "我";
    } else if (name.length == 0) {
      name = ctx.chatName;
    }
    m.sender = name;
    const typeText = at(f, this.cType).trim();
    if (!isDigits(typeText) || typeText.length > 9) {
      ctx.problem(line, "bad Type '" + typeText + "'; kept as other", s, e);
      m.type = "other";
      m.text = at(f, this.cContent);
    } else {
      const sub = at(f, this.cSub).trim();
      const subCode = isDigits(sub) && sub.length <= 9 ? I32.parseInt(sub) : 0;
      if (!fromWeChat(m, I32.parseInt(typeText), subCode, at(f, this.cContent))) {
        ctx.problem(line, "unknown message type " + typeText + "; kept as other", s, e);
      }
    }
    if (m.type == "system") m.sender = "";
    ctx.add(m);
  }

  save(state: JsonValue): void {
    state.set("columns", this.cols.toJson());
  }
  load(state: JsonValue): void {
    this.setColumns(Columns.fromJson(state.get("columns")));
  }
}

export function isDigits(s: string): bool {
  if (s.length == 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function isXml(s: string): bool {
  const t = s.trimStart();
  return t.startsWith("<");
}

/**
 * Fills type, text and media from WeChat's type code and content (text or XML); false when the
 * code is not one WeChat is known to use (the message is kept as "other").
 */
export function fromWeChat(m: Msg, type: i32, sub: i32, content: string): bool {
  const xml = isXml(content);
  switch (type) {
    case 1:
      m.type = "text";
      m.text = content;
      return true;
    case 3:
      m.type = "image";
      m.media = xml ? md5Ref(content) : content;
      return true;
    case 34:
      m.type = "voice";
      if (!xml) m.text = content;
      return true;
    case 43:
    case 62:
      m.type = "video";
      m.media = xml ? md5Ref(content) : content;
      return true;
    case 47:
      m.type = "other"; // sticker
      m.text = "[表情]";
      m.media = xml ? attr(content, "cdnurl") : "";
      return true;
    case 42:
    case 66:
      m.type = "other"; // contact card
      m.text = xml ? "[名片] " + attr(content, "nickname") : content;
      return true;
    case 48:
      m.type = "other"; // location
      m.text = xml ? "[位置] " + (attr(content, "poiname").length > 0 ? attr(content, "poiname") : attr(content, "label")) : content;
      return true;
    case 49:
      appMessage(m, sub, content, xml);
      return true;
    case 50:
      m.type = "other"; // voice or video call
      m.text = xml ? "[通话]" : content;
      return true;
    case 10000:
    case 10002:
    case 9999:
    case 64:
      m.type = "system";
      m.text = xml && xmlElement(content, "replacemsg").length > 0 ? xmlElement(content, "replacemsg") : stripTags(content).trim();
      return true;
    case 37:
    case 40:
    case 51:
    case 52:
    case 53:
      m.type = "other";
      m.text = xml ? "" : content;
      return true;
  }
  m.type = "other";
  m.text = xml ? stripTags(content).trim() : content;
  return false;
}

function md5Ref(xml: string): string {
  const md5 = attr(xml, "md5");
  return md5.length > 0 ? "md5:" + md5 : "";
}

// Type 49 ("app messages"): the SubType says what was shared.
function appMessage(m: Msg, sub: i32, content: string, xml: bool): void {
  const title = xml ? xmlElement(content, "title") : content;
  const url = xml ? xmlElement(content, "url") : "";
  m.text = title;
  if (sub == 57) {
    m.type = "text"; // a reply quoting another message
  } else if (sub == 6) {
    m.type = "file";
    m.media = title;
  } else if (sub == 5 || sub == 3 || sub == 4 || sub == 33 || sub == 36) {
    m.type = "link";
    m.media = url;
  } else if (sub == 2000) {
    m.type = "other"; // transfer
    const des = xml ? xmlElement(content, "des") : "";
    m.text = "[转账] " + (des.length > 0 ? des : title);
  } else {
    m.type = url.length > 0 ? "link" : "other";
    m.media = url;
  }
}
