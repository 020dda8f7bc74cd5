// Which format a file is in (format "auto"), the chat name a file carries, and the parsers.
import { decodeLossy } from "../bytes";
import { Parser } from "../parse";
import { BACKUP_HEADER, BackupRows } from "./backup_csv";
import { CsvParser } from "./csv";
import { WechatExporterHtmlParser } from "./wechatexporter_html";
import { stampAt, TITLE_SUFFIX, WechatExporterTxtParser } from "./wechatexporter_txt";
import { WeChatMsgRows } from "./wechatmsg_csv";
import { WeChatMsgTxtParser } from "./wechatmsg_txt";

export const FORMATS: string[] = ["wechatmsg-csv", "wechatmsg-txt", "wechatexporter-txt", "wechatexporter-html", "backup-csv"];

/** Formats whose files name their chat themselves. */
export function carriesChat(format: string): bool {
  return format == "wechatexporter-txt" || format == "wechatexporter-html";
}

export function makeParser(format: string): Parser {
  if (format == "wechatmsg-csv") return new CsvParser(new WeChatMsgRows());
  if (format == "backup-csv") return new CsvParser(new BackupRows());
  if (format == "wechatmsg-txt") return new WeChatMsgTxtParser();
  if (format == "wechatexporter-txt") return new WechatExporterTxtParser();
  return new WechatExporterHtmlParser();
}

/** "utf16" for a UTF-16 file, a format name, or "" when the start of the file fits none. */
export function detect(sample: Uint8Array): string {
  if (sample.length >= 2 && ((sample[0] == 0xff && sample[1] == 0xfe) || (sample[0] == 0xfe && sample[1] == 0xff))) return "utf16";
  const text = sampleText(sample);
  const nl = text.indexOf("\n");
  const first = (nl < 0 ? text : text.substring(0, nl)).trim();
  if (first.includes("StrContent") && first.includes("IsSender")) return "wechatmsg-csv";
  if (first == BACKUP_HEADER) return "backup-csv";
  const head = text.substring(0, 4096).toLowerCase();
  if (head.includes("<html") || head.includes("<!doctype html")) {
    return text.includes('<div class="msg') || text.includes("微信聊天记录</title>") ? "wechatexporter-html" : "";
  }
  if (first.endsWith(TITLE_SUFFIX.trim())) return "wechatexporter-txt";
  const lines = text.split("\n", 60);
  for (let i = 0; i < lines.length; i++) {
    const bytes = Uint8Array.wrap(String.UTF8.encode(lines[i]));
    if (stampAt(bytes, 0, bytes.length) >= 0) return "wechatexporter-txt";
    if (wechatMsgStamp(lines[i])) return "wechatmsg-txt";
  }
  return "";
}

function wechatMsgStamp(l: string): bool {
  if (l.length < 20 || l.charAt(19) != " ") return false;
  const shape = "dddd-dd-dd dd:dd:dd";
  for (let i = 0; i < 19; i++) {
    const c = l.charCodeAt(i);
    const want = shape.charCodeAt(i);
    if (want == 0x64 ? c < 0x30 || c > 0x39 : c != want) return false;
  }
  return true;
}

function sampleText(sample: Uint8Array): string {
  let s = 0;
  if (sample.length >= 3 && sample[0] == 0xef && sample[1] == 0xbb && sample[2] == 0xbf) s = 3;
  return decodeLossy(sample, s, sample.length);
}

/** The chat name in a file's first bytes ("" if it has none). */
export function titleOf(format: string, sample: Uint8Array): string {
  const text = sampleText(sample);
  let t = "";
  if (format == "wechatexporter-html") {
    const a = text.indexOf("<title>");
    const b = a < 0 ? -1 : text.indexOf("</title>", a);
    if (b > 0) t = text.substring(a + 7, b);
  } else if (format == "wechatexporter-txt") {
    const nl = text.indexOf("\n");
    t = nl < 0 ? text : text.substring(0, nl);
  }
  t = t.trim();
  const suffix = TITLE_SUFFIX.trim();
  if (!t.endsWith(suffix)) return "";
  return t.substring(0, t.length - suffix.length).trim();
}

/** A chat name from the file name: "inbox/张三_utf8.csv" gives "张三". */
export function nameFromPath(path: string): string {
  let base = path.substring(path.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  if (dot > 0) base = base.substring(0, dot);
  if (base.endsWith("_utf8")) base = base.substring(0, base.length - 5);
  return base.trim();
}
