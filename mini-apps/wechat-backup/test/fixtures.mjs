// Test fixtures: two chats (a private chat and a group) rendered the way each supported tool
// writes them (see README.md for the sources of each layout), and the messages each rendering
// must import as. The owner is 小明; times are the exports' wall-clock times (UTC+8 devices).

export const ME = "小明";
const enc = new TextEncoder();

const PNG_MD5 = "0b4e7a0e5fe84ad35fb5f95b9ceeac79";
const MP4_MD5 = "6f5902ac237024bdd0c176cb93063dc4";
const URL = "https://mp.weixin.qq.com/s?__biz=MzA&mid=26&idx=1";

// kind: text image voice video sticker file link system reply
export const PRIVATE = {
  name: "张三",
  wxid: "wxid_zhangsan",
  usr: "wxid_zhangsan",
  group: false,
  messages: [
    { t: "2023-05-01 09:00:05", from: "张三", kind: "text", text: "早上好！今天去爬山吗？🏔️" },
    { t: "2023-05-01 09:01:10", from: ME, kind: "text", text: "Good morning! Sure, let's go hiking at 10." },
    { t: "2023-05-01 09:02:00", from: "张三", kind: "image", id: "1001" },
    { t: "2023-05-01 09:03:30", from: ME, kind: "voice", id: "1002", ms: 3000 },
    { t: "2023-05-01 09:03:30", from: "张三", kind: "text", text: "收到 👍" },
    { t: "2023-05-01 09:05:00", from: "", kind: "system", text: "你撤回了一条消息" },
    { t: "2023-05-02 20:15:09", from: "张三", kind: "text", text: "第一行\n第二行, with \"quotes\" & <b>markup</b>\n  indented  line" },
    { t: "2023-05-02 20:16:00", from: ME, kind: "sticker", id: "1003" },
    { t: "2023-06-10 08:00:00", from: ME, kind: "text", text: "See you in June 🎉, Zhang!" },
    { t: "2023-06-10 08:01:00", from: "张三", kind: "file", id: "1004", name: "会议纪要 report.pdf" },
    { t: "2023-06-10 08:02:00", from: "张三", kind: "link", id: "1005", title: "爬山攻略 Hiking guide", desc: "香山 weekend", app: "公众号" },
  ],
};

export const GROUP = {
  name: "家庭群",
  wxid: "20190101@chatroom",
  usr: "20190101@chatroom",
  group: true,
  members: { 爸爸: "wxid_dad", 妈妈: "wxid_mom", Alice: "wxid_alice", [ME]: "wxid_me" },
  messages: [
    { t: "2024-01-01 00:00:01", from: "爸爸", kind: "text", text: "新年快乐！Happy New Year!" },
    { t: "2024-01-01 00:00:30", from: "妈妈", kind: "text", text: "新年快乐 🧧🧧" },
    { t: "2024-01-01 00:01:00", from: "", kind: "system", text: "\"妈妈\"邀请\"Alice\"加入了群聊" },
    { t: "2024-01-01 00:01:00", from: "Alice", kind: "text", text: "Happy new year everyone! 大家好" },
    { t: "2024-01-01 00:02:10", from: ME, kind: "text", text: "大家新年快乐，身体健康" },
    { t: "2024-01-01 00:03:00", from: "爸爸", kind: "image", id: "2001" },
    { t: "2024-01-01 00:04:00", from: "Alice", kind: "video", id: "2002" },
    { t: "2024-02-10 12:00:00", from: "妈妈", kind: "voice", id: "2003", ms: 5000 },
    { t: "2024-02-10 12:01:00", from: "爸爸", kind: "text", text: "春节回家吗？" },
  ],
};

function unix(t) {
  // The exporting phone ran at UTC+8; CreateTime is UTC.
  return Date.parse(t.replace(" ", "T") + "+08:00") / 1000;
}

// --- WeChatMsg (LC044/WeChatMsg) ------------------------------------------------------------

function csvCell(v) {
  // Python csv.writer, QUOTE_MINIMAL: quote when the field holds , " \r or \n.
  const s = String(v);
  return /[",\r\n]/.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s;
}

function wechatMsgContent(m) {
  switch (m.kind) {
    case "text": return [1, 0, m.text];
    case "image": return [3, 0, `<?xml version="1.0"?>\n<msg>\n\t<img aeskey="5a1e0f" encryver="1" md5="${PNG_MD5}" length="53211" />\n</msg>\n`];
    case "voice": return [34, 0, `<msg><voicemsg endflag="1" cancelflag="0" forwardflag="0" voiceformat="4" voicelength="${m.ms}" length="5120" /></msg>`];
    case "video": return [43, 0, `<?xml version="1.0"?>\n<msg>\n\t<videomsg aeskey="9f00" cdnthumbwidth="288" length="1048576" playlength="12" md5="${MP4_MD5}" />\n</msg>\n`];
    case "sticker": return [47, 0, `<msg><emoji fromusername="wxid_me" type="2" md5="aa11" cdnurl="http://emoji.qpic.cn/wx_emoji/abc${m.id}/" /></msg>`];
    case "file": return [49, 6, `<?xml version="1.0"?>\n<msg>\n\t<appmsg appid="" sdkver="0">\n\t\t<title>${m.name}</title>\n\t\t<type>6</type>\n\t</appmsg>\n</msg>\n`];
    case "link": return [49, 5, `<msg><appmsg appid="" sdkver="0"><title>${m.title}</title><des>${m.desc}</des><type>5</type><url>${URL.replaceAll("&", "&amp;")}</url></appmsg></msg>`];
    case "system": return [10000, 0, m.text];
  }
  throw new Error(m.kind);
}

/** WeChatMsg's <remark>_utf8.csv (utf-8-sig, \r\n rows, 12 columns). */
export function wechatMsgCsv(chat, { oldPrivateRows = false } = {}) {
  const rows = [["localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime", "Status", "StrContent", "StrTime", "Remark", "NickName", "Sender"]];
  chat.messages.forEach((m, i) => {
    const [type, sub, content] = wechatMsgContent(m);
    const me = m.from === ME;
    const row = [i + 1, chat.group ? 19 : 7, type, sub, me ? 1 : 0, unix(m.t), 2, content, m.t];
    if (chat.group) {
      const who = m.from || "";
      row.push(who, who ? who + "_nick" : "", who ? chat.members[who] : "");
    } else if (!oldPrivateRows) {
      row.push(me ? ME : chat.name, me ? ME : "Zhang San", me ? "wxid_me" : chat.wxid);
    }
    rows.push(row);
  });
  return enc.encode("\uFEFF" + rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n");
}

export function wechatMsgCsvExpected(chat) {
  return chat.messages.map((m) => {
    const e = base(m);
    switch (m.kind) {
      case "image": return { ...e, media: "md5:" + PNG_MD5 };
      case "video": return { ...e, media: "md5:" + MP4_MD5 };
      case "sticker": return { ...e, type: "other", text: "[表情]", media: `http://emoji.qpic.cn/wx_emoji/abc${m.id}/` };
      case "file": return { ...e, text: m.name, media: m.name };
      case "link": return { ...e, text: m.title, media: URL };
    }
    return e;
  });
}

// escape_js_and_html: html.escape(quote=False), then \ ' " and line breaks escaped for JS.
function jsHtml(s) {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll("\\", "\\\\").replaceAll("'", "\\'").replaceAll('"', '\\"');
}

/** WeChatMsg's <remark>.txt. */
export function wechatMsgTxt(chat) {
  let out = "";
  for (const m of chat.messages) {
    const head = `${m.t} ${jsHtml(m.from)}`;
    switch (m.kind) {
      case "text": out += `${head}\n${m.text}\n\n`; break;
      case "image": out += `${head}\n[图片]\n\n`; break;
      case "voice": out += `${head}\n[语音]\n\n`; break;
      case "video": out += `${head}\n[视频]\n\n`; break;
      case "sticker": out += `${head}\n[表情包]\n\n`; break;
      case "file": out += `${head}\n[文件]\n\n`; break;
      case "link":
        out += `${head}\n            [链接]:title:${m.title}\n            description:${m.desc}\n            url:${URL}\n            name:${m.app}\n            \n\n`;
        break;
      case "system": out += `${m.t} ${m.text}\n\n`; break;
    }
  }
  return enc.encode(out);
}

export function wechatMsgTxtExpected(chat) {
  return chat.messages.map((m) => {
    const e = base(m);
    switch (m.kind) {
      case "image": case "voice": case "video": case "file": return { ...e, media: "" };
      case "sticker": return { ...e, type: "other", text: "[表情包]" };
      case "link": return { ...e, text: m.title + "\n" + m.desc, media: URL };
    }
    return e;
  });
}

// --- WechatExporter (BlueMatthew/WechatExporter) -------------------------------------------

function twelveHour(t) {
  // std::put_time "%Y-%m-%d %I:%M:%S %p" of versions before 1.8.
  const [d, hms] = t.split(" ");
  let [h, mi, s] = hms.split(":").map(Number);
  const pm = h >= 12;
  h = h % 12 === 0 ? 12 : h % 12;
  return `${d} ${String(h).padStart(2, "0")}:${String(mi).padStart(2, "0")}:${String(s).padStart(2, "0")} ${pm ? "PM" : "AM"}`;
}

/** WechatExporter's <UsrName>.txt (templates_txt). */
export function wechatExporterTxt(chat, { ampm = false } = {}) {
  let out = `${chat.name} - 微信聊天记录\n\n`;
  for (const m of chat.messages) {
    const head = `${m.from} (${ampm ? twelveHour(m.t) : m.t}):`;
    switch (m.kind) {
      case "text": out += `${head}${m.text}\n`; break;
      case "image": out += `${head}[图片]\n`; break;
      case "voice": out += `${head}[语音]\n`; break;
      case "video": out += `${head}[视频]\n`; break;
      case "sticker": out += `${head}[表情]\n`; break;
      case "file": out += `${head}[文件: ${m.name}]\n`; break;
      case "link": out += `${head}${m.title} - ${m.app}\n`; break;
      case "system": out += `系统消息：${m.text}\n`; break;
    }
  }
  return enc.encode(out + "\n");
}

export function wechatExporterTxtExpected(chat) {
  let last = null;
  return chat.messages.map((m) => {
    const e = base(m);
    if (m.kind === "system") return { ...e, t: last }; // the TXT has no time for these
    last = m.t;
    switch (m.kind) {
      case "image": case "voice": case "video": return { ...e, media: "" };
      case "sticker": return { ...e, type: "other", text: "[表情]" };
      case "file": return { ...e, text: `[文件: ${m.name}]`, media: m.name };
      case "link": return { ...e, type: "text", text: `${m.title} - ${m.app}`, media: "" };
    }
    return e;
  });
}

function safeHTML(s) {
  return s.replaceAll("&", "&amp;").replaceAll(" ", "&nbsp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll("\r\n", "<br/>").replaceAll("\r", "<br/>").replaceAll("\n", "<br/>");
}

const FRAME_HEAD = `<!doctype html>
<html>
\t<head>
\t\t<meta charset="utf-8">
\t\t<meta name="viewport" content="width=device-width,initial-scale=1">
\t\t<style type=text/css>
      body { background-color: #ebebeb; }
      .chat-notice span { background-color: #cecece; }
\t\t</style>
\t\t<title>%%DISPLAYNAME%% - 微信聊天记录</title>
\t</head>
\t<body>
`;

function htmlMessage(chat, m, msgid, usr) {
  const al = m.from === ME ? "right" : "left";
  const avatar = `Portrait/${m.from === ME ? "me" : "f" + msgid}.jpg`;
  const nt = (cls) => `\t\t\t<div class="nt-box"><span class="${cls}">${safeHTML(m.from)}</span> ${m.t}</div>\n`;
  const box = (cls, code) =>
    `\t\t<div class="${cls}" msgid="${msgid}" msgtype="${code}">\n\t\t\t<div class="avatar-box">\n\t\t\t\t<img src="${avatar}" class="avatar">\n\t\t\t</div>\n`;
  switch (m.kind) {
    case "text":
      return box(`msg chat-${al} `, 1) + nt(`name-${al}`) +
        `\t\t\t<div class="content-box msg">\n\t\t\t\t<div class="triangle"></div>\n\t\t\t\t<span class="dont-break-out">${safeHTML(m.text)}</span>\n\t\t\t</div>\n\t\t</div>\n`;
    case "image":
      return box(`msg media ${al} `, 3) + nt(`dspname ${al}`) +
        `\t\t\t<div class="content-box">\n\t\t\t\t<img rawUrl="${usr}_files/${msgid}.jpg" src="${usr}_files/${msgid}_thumb.jpg" class="image img-${al}_triangle" onclick="javascript:showImagePopup(this);" />\n\t\t\t</div>\n\t\t</div>\n`;
    case "voice":
      return box(`msg media ${al} `, 34) + nt(`dspname ${al}`) +
        `\t\t\t<div class="content-box">\n\t\t\t\t<audio controls><source src="${usr}_files/${msgid}.mp3" type="audio/mpeg"><a href="${usr}_files/${msgid}.mp3">播放</a></audio>\n\t\t\t</div>\n\t\t</div>\n`;
    case "video":
      return box(`msg media ${al} `, 43) + nt(`dspname ${al}`) +
        `\t\t\t<div class="content-box">\n\t\t\t\t<video controls poster="${usr}_files/${msgid}_thum.jpg"><source src="${usr}_files/${msgid}.mp4" type="video/mp4"><a href="${usr}_files/${msgid}.mp4">播放</a></video>\n\t\t\t</div>\n\t\t</div>\n`;
    case "sticker":
      return box(`msg media-${al} `, 47) + nt(`name-${al}`) +
        `\t\t\t<div class="content-box">\n\t\t\t\t<img src="Emoji/e${msgid}.gif" style="max-width:100px;max-height:60px" />\n\t\t\t</div>\n\t\t</div>\n`;
    case "file":
      return box(`msg chat-${al} `, 49) + nt(`name-${al}`) +
        `\t\t\t<div class="content-box msg">\n\t\t\t\t<div class="triangle"></div>\n\t\t\t\t<span class="dont-break-out">${safeHTML(`[文件: ${m.name}]`)}</span>\n\t\t\t</div>\n\t\t</div>\n`;
    case "link":
      return box(`msg chat ${al} `, 49) + nt(`dspname ${al}`) +
        `\t\t\t<div class="content-box">\n\t\t\t\t<div class="triangle"></div>\n\t\t\t\t<div>\n\t\t\t\t\t<div style="display:table-cell;">\n\t\t\t\t\t\t<img src="${usr}_files/${msgid}_share.jpg" style="max-width:60px;max-height:60px" />\n\t\t\t\t\t</div>\n` +
        `\t\t\t\t\t<div style="display:table-cell; vertical-align: middle; padding-left: 8px;">\n\t\t\t\t\t\t<div>\n\t\t\t\t\t\t\t<a href="${URL.replaceAll("&", "&amp;")}"><b>${safeHTML(m.title)}</b></a>\n\t\t\t\t\t\t</div>\n` +
        `\t\t\t\t\t\t<div>\n\t\t\t\t\t\t\t<span class="dont-break-out msg-text">${safeHTML(m.desc)}</span>\n\t\t\t\t\t\t</div>\n\t\t\t\t\t</div>\n\t\t\t\t</div>\n` +
        `\t\t\t\t<div class="appinfo">\n\t\t\t\t\t<img src="Portrait/appicon.png" class="app-icon" /><span class="app-name">${m.app}</span>\n\t\t\t\t</div>\n\t\t\t</div>\n\t\t</div>\n`;
    case "system":
      return `        <div class="msg chat-notice" msgid="${msgid} "><span class="dont-break-out">系统消息：${safeHTML(m.text)}</span></div>\n`;
  }
  throw new Error(m.kind);
}

/** WechatExporter's <UsrName>.html with the messages in the page (res/templates). */
export function wechatExporterHtml(chat) {
  let out = FRAME_HEAD.replace("%%DISPLAYNAME%%", chat.name);
  chat.messages.forEach((m, i) => (out += htmlMessage(chat, m, String(5000 + i), chat.usr)));
  out += "  </body>\n  \n</html>\n";
  return enc.encode(out);
}

export function wechatExporterHtmlExpected(chat) {
  let last = null;
  return chat.messages.map((m, i) => {
    const e = base(m);
    const id = String(5000 + i);
    if (m.kind === "system") return { ...e, t: last };
    last = m.t;
    switch (m.kind) {
      case "image": return { ...e, media: `${chat.usr}_files/${id}.jpg` };
      case "voice": return { ...e, media: `${chat.usr}_files/${id}.mp3` };
      case "video": return { ...e, media: `${chat.usr}_files/${id}.mp4` };
      case "sticker": return { ...e, type: "other", text: "[表情]", media: `Emoji/e${id}.gif` };
      case "file": return { ...e, text: `[文件: ${m.name}]`, media: m.name };
      case "link": return { ...e, text: m.title + "\n" + m.desc, media: URL };
    }
    return e;
  });
}

// --- common -----------------------------------------------------------------------------------

function base(m) {
  const type = m.kind === "sticker" ? "other" : m.kind;
  return {
    t: m.t,
    sender: m.kind === "system" ? "" : m.from,
    isSender: m.from === ME,
    type,
    text: ["text", "system"].includes(m.kind) ? m.text : "",
    media: "",
  };
}

/** The fields the tests compare, from GET /chats/:id/messages. */
export function simplify(messages) {
  return messages.map((m) => ({ t: m.time, sender: m.sender, isSender: m.isSender, type: m.type, text: m.text, media: m.media }));
}

/** A CSV parser (RFC 4180) for checking exports. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\r" && text[i + 1] === "\n") { row.push(field); rows.push(row); row = []; field = ""; i++; }
    else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** A WeChatMsg CSV of about `bytes` bytes: a busy group over many months. */
export function bigWechatMsgCsv(bytes) {
  const header = "localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\r\n";
  const words = ["今天", "天气", "不错", "我们", "一起", "吃饭", "hello", "world", "meeting", "tomorrow", "项目", "进度", "周末", "爬山", "photo", "coffee"];
  const who = ["爸爸", "妈妈", "Alice", "Bob", ME, "李雷", "韩梅梅"];
  const parts = [header];
  let size = header.length;
  let t = Date.parse("2022-01-01T08:00:00Z") / 1000;
  let i = 0;
  let seed = 7;
  const rnd = (n) => {
    // mulberry32: a small deterministic generator
    seed = (seed + 0x6d2b79f5) | 0;
    let r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) % n;
  };
  while (size < bytes) {
    i++;
    t += 30 + rnd(600);
    const n = 3 + rnd(12);
    let text = "";
    for (let k = 0; k < n; k++) text += words[rnd(words.length)] + (rnd(3) ? " " : "，");
    text += "#" + i;
    const from = who[rnd(who.length)];
    const d = new Date(t * 1000);
    const local = new Date(d.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 19).replace("T", " ");
    const line = `${i},19,1,0,${from === ME ? 1 : 0},${t},2,${csvCell(text)},${local},${from},${from},wxid_${i % 7}\r\n`;
    parts.push(line);
    size += Buffer.byteLength(line);
  }
  return { bytes: enc.encode(parts.join("")), count: i };
}
