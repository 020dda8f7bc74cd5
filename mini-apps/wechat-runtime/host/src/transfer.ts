// wx.uploadFile, made by the node through the same net.fetch allow-list as wx.request (the
// downloads are in tmp.ts):
//   POST /wx/upload {"url","filePath","name","header","formData"} -> {"statusCode","data"}
// It sends one wxfile:// file as multipart/form-data (RFC 7578) with the form fields.
import { JsonValue, Request, Response, base64Encode, fetch, system, utf8 } from "../sdk";
import * as media from "./files";
import * as request from "./request";
import { hexOf, validUtf8 } from "./utf8";

const MAX_FIELDS = 64;
const MAX_FIELD_BYTES = 64 * 1024;

// A form field name or file name may not break out of its quoted header parameter.
function plainHeaderText(s: string): bool {
  if (s.length == 0 || s.length > 256) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c == 0x7f || c == 0x22 || c == 0x5c) return false;
  }
  return true;
}

// A form field's text: scalars as wx.request sends them, null as "", objects as JSON.
function fieldText(item: JsonValue): string {
  const text = request.scalarText(item);
  if (text !== null) return text;
  return item.isNull() ? "" : item.toString();
}

class Parts {
  chunks: Uint8Array[] = [];
  size: i32 = 0;
  add(b: Uint8Array): void {
    this.chunks.push(b);
    this.size += b.length;
  }
  addText(s: string): void {
    this.add(utf8(s));
  }
  join(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (let i = 0; i < this.chunks.length; i++) {
      out.set(this.chunks[i], at);
      at += this.chunks[i].length;
    }
    return out;
  }
}

export function upload(req: Request): Response {
  const v = req.json();
  if (v !== null && v.isObject()) {
    v.set("method", JsonValue.str("POST"));
    v.set("data", JsonValue.nul());
  }
  const o = request.parse(v);
  if (o.error.length > 0) return Response.error(400, o.error);
  const body = <JsonValue>v;
  const name = body.getString("name", "");
  if (!plainHeaderText(name)) return Response.error(400, "parameter error: name must be a plain field name");
  const filePath = body.getString("filePath", "");
  const bytes = media.bytesOf(filePath, media.MAX_EDGE);
  if (bytes === null) return Response.error(400, "no such file: " + filePath);

  const boundary = "----ElastOSFormBoundary" + hexOf(system.random(12));
  const parts = new Parts();
  const form = body.get("formData");
  if (form !== null && form.isObject()) {
    if (form.keys.length > MAX_FIELDS) return Response.error(400, "parameter error: too many formData fields");
    for (let i = 0; i < form.keys.length; i++) {
      const key = form.keys[i];
      const text = fieldText(form.items[i]);
      if (!plainHeaderText(key) || text.length > MAX_FIELD_BYTES) {
        return Response.error(400, "parameter error: bad formData field");
      }
      parts.addText("--" + boundary + '\r\nContent-Disposition: form-data; name="' + key + '"\r\n\r\n' + text + "\r\n");
    }
  }
  const fileName = media.fileName(filePath);
  parts.addText(
    "--" +
      boundary +
      '\r\nContent-Disposition: form-data; name="' +
      name +
      '"; filename="' +
      (plainHeaderText(fileName) ? fileName : "file") +
      '"\r\nContent-Type: ' +
      media.sniff(bytes) +
      "\r\n\r\n",
  );
  parts.add(bytes);
  parts.addText("\r\n--" + boundary + "--\r\n");
  o.headers.set("content-type", "multipart/form-data; boundary=" + boundary);

  const r = fetch("POST", o.url, o.headers, parts.join());
  if (r.status <= 0) return Response.error(502, "the node could not reach " + o.url);
  const out = JsonValue.obj().set("statusCode", JsonValue.num(<f64>r.status));
  if (validUtf8(r.body)) out.set("data", JsonValue.str(r.text()));
  else out.set("dataBase64", JsonValue.str(base64Encode(r.body)));
  return Response.json(out);
}
