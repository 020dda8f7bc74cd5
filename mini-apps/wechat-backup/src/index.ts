// WeChat Backup: imports chat-history exports into a searchable archive per contact and group.
//   POST   /import            {"path","format","chat","me","group","budget","tzOffsetMinutes","restart"}
//   POST   /import/step       reads the next part of the file -> the job's status
//   GET    /import            the status: {"state","offset","size","imported","duplicates","problems","percent",...}
//   GET    /import/problems   {"problems":[{"line","reason","text"}],"total"} (the first 1000)
//   DELETE /import            forgets the job (the archive keeps what was imported)
//   GET    /inbox             files waiting in inbox/: [{"name","path","size"}]
//   DELETE /inbox/:name       deletes one of them
//   GET    /chats             [{"id","name","isGroup","count","first","last",...}], latest first
//   GET    /chats/:id         the chat, with "exportParts"
//   GET    /chats/:id/messages?from=&to=&before=&limit=
//   GET    /chats/:id/export.csv[?part=N]
//   DELETE /chats/:id
//   GET    /search?q=&chat=&from=YYYY-MM-DD&to=YYYY-MM-DD&limit=
//                             {"results":[{"chat","chatName","time","sender","snippet",...}],"more",
//                             "continueTo" (only when it stopped early: search again with to=)}
import { files, JsonValue, Request, Response, Router } from "../sdk";
import { addOwnerNames, allChats, Chat, chatFor, deleteChat } from "./archive";
import { carriesChat, detect, FORMATS, nameFromPath, titleOf } from "./formats/detect";
import { clearJob, DEFAULT_BUDGET, Job, MAX_BUDGET, MIN_BUDGET, problemList, step, storeProblems } from "./job";
import { Cursor, exportCsv, exportParts, listMessages } from "./messages";
import { MAX_PROBLEMS, Problem } from "./parse";
import { search, terms } from "./search";
import { parseDate } from "./util";

const SAMPLE: u64 = 64 * 1024;
const MAX_NAME: i32 = 200;

function body(req: Request): JsonValue | null {
  const ct = req.headers.has("content-type") ? req.headers.get("content-type") : "";
  if (ct.length > 0 && !ct.startsWith("application/json")) return null;
  const v = req.json();
  return v !== null && v.isObject() ? v : null;
}

function hasControl(s: string): bool {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < 0x20 || s.charCodeAt(i) == 0x7f) return true;
  return false;
}

/** A path in the app's file area: relative, no "..", no backslashes or control characters. */
function validPath(p: string): bool {
  if (p.length == 0 || p.length > 512 || p.startsWith("/") || p.endsWith("/") || p.includes("\\") || hasControl(p)) return false;
  const parts = p.split("/");
  for (let i = 0; i < parts.length; i++) if (parts[i].length == 0 || parts[i] == "." || parts[i] == "..") return false;
  return true;
}

function startImport(req: Request): Response {
  const v = body(req);
  if (v === null) return Response.error(400, "the body must be a JSON object (application/json)");
  const old = Job.load();
  if (old !== null && old.state == "running" && !v.getBool("restart", false)) {
    return Response.error(409, "an import of " + old.path + " is running; finish it, DELETE /import, or pass restart");
  }
  const path = v.getString("path", "");
  if (!validPath(path)) return Response.error(400, "path must name a file in the app's file area, such as inbox/chat.csv");
  const size = files.size(path);
  if (size < 0) return Response.error(404, "no such file: " + path);
  let format = v.getString("format", "auto");
  if (format != "auto" && !FORMATS.includes(format)) return Response.error(400, "format must be auto or one of " + FORMATS.join(", "));
  let chat = v.getString("chat", "").trim();
  if (chat.length > MAX_NAME || hasControl(chat)) return Response.error(400, "chat must be a name of at most 200 characters");
  const budget = <i64>v.getNumber("budget", <f64>DEFAULT_BUDGET);
  if (budget < MIN_BUDGET || budget > MAX_BUDGET) return Response.error(400, "budget must be 256 to 16777216 bytes");
  const tz = v.getNumber("tzOffsetMinutes", 480);
  if (tz < -720 || tz > 840 || tz != Math.floor(tz)) return Response.error(400, "tzOffsetMinutes must be whole minutes, -720 to 840");
  const me = new Array<string>();
  const meV = v.get("me");
  if (meV !== null) {
    if (meV.isString()) me.push(meV.s);
    else if (meV.isArray()) for (let i = 0; i < meV.length && i < 20; i++) if (meV.at(i).isString()) me.push(meV.at(i).s);
    for (let i = 0; i < me.length; i++) {
      if (me[i].trim().length == 0 || me[i].length > 100 || hasControl(me[i])) return Response.error(400, "me must be your display name(s)");
    }
  }

  clearJob();
  const job = new Job();
  job.path = path;
  job.size = size;
  job.budget = budget;
  job.tz = <i32>tz;
  const sample = files.readRange(path, 0, SAMPLE);
  const found = detect(sample);
  if (found == "utf16" || (format == "auto" && found.length == 0)) {
    // Reported like any other problem, with the import failed at line 1.
    job.format = format;
    job.state = "failed";
    job.error = found == "utf16"
      ? "the file is UTF-16; save it as UTF-8"
      : "cannot tell the format of this file; pass format (" + FORMATS.join(", ") + ")";
    job.problems = 1;
    storeProblems(0, [new Problem(1, job.error, "")]);
    job.save();
    return Response.json(job.toJson(false));
  }
  if (format == "auto") format = found;
  job.format = format;
  if (chat.length == 0 && carriesChat(format)) chat = titleOf(format, sample);
  if (chat.length == 0) chat = nameFromPath(path);
  if (chat.length == 0) chat = "Imported chat";
  chat = chat.length > MAX_NAME ? chat.substring(0, MAX_NAME) : chat;
  const c = chatFor(chat, v.getBool("group", false) || path.includes("@chatroom"));
  job.chat = c.name;
  job.chatId = c.id;
  addOwnerNames(me);
  job.save();
  return Response.json(job.toJson(false));
}

function importStep(req: Request): Response {
  const job = Job.load();
  if (job === null) return Response.error(404, "no import; POST /import first");
  step(job);
  return Response.json(job.toJson(false));
}

function importStatus(req: Request): Response {
  const job = Job.load();
  if (job === null) return Response.json(JsonValue.obj().set("state", JsonValue.str("idle")));
  return Response.json(job.toJson(false));
}

function importProblems(req: Request): Response {
  const job = Job.load();
  const total = job === null ? 0 : job.problems;
  return Response.json(
    JsonValue.obj()
      .set("problems", problemList())
      .set("total", JsonValue.num(total))
      .set("kept", JsonValue.num(total < MAX_PROBLEMS ? total : MAX_PROBLEMS)),
  );
}

function importCancel(req: Request): Response {
  clearJob();
  return Response.text("", 204);
}

function inbox(req: Request): Response {
  const names = files.list("inbox");
  const out = JsonValue.arr();
  for (let i = 0; i < names.length; i++) {
    if (names[i].endsWith("/")) continue;
    const path = "inbox/" + names[i];
    out.push(
      JsonValue.obj()
        .set("name", JsonValue.str(names[i]))
        .set("path", JsonValue.str(path))
        .set("size", JsonValue.num(<f64>files.size(path))),
    );
  }
  return Response.json(out);
}

function inboxDelete(req: Request): Response {
  const name = req.param("name");
  if (!validPath(name) || name.includes("/")) return Response.error(404, "no such file");
  return files.remove("inbox/" + name) ? Response.text("", 204) : Response.error(404, "no such file");
}

function chats(req: Request): Response {
  const all = allChats();
  all.sort((a: Chat, b: Chat): i32 => (a.last < b.last ? 1 : a.last > b.last ? -1 : a.name < b.name ? -1 : 1));
  const out = JsonValue.arr();
  // A chat made for an import that found nothing is not listed.
  for (let i = 0; i < all.length; i++) if (all[i].count > 0) out.push(all[i].toJson());
  return Response.json(out);
}

function chatOf(req: Request): Chat | null {
  return Chat.load(req.param("id"));
}

function chat(req: Request): Response {
  const c = chatOf(req);
  if (c === null) return Response.error(404, "no such chat");
  return Response.json(c.toJson().set("exportParts", JsonValue.num(exportParts(c))));
}

/** The from/to query parameters as inclusive seconds, or why they are malformed. */
class Range {
  from: i64 = I64.MIN_VALUE;
  to: i64 = I64.MAX_VALUE;
  error: string = "";
}

function range(req: Request): Range {
  const r = new Range();
  const f = req.queryParam("from");
  const t = req.queryParam("to");
  if (f !== null && f.length > 0) {
    r.from = parseDate(f);
    if (r.from < 0) r.error = "from must be a date YYYY-MM-DD";
  }
  if (t !== null && t.length > 0) {
    const d = parseDate(t);
    if (d < 0) r.error = "to must be a date YYYY-MM-DD";
    else r.to = d + 86399;
  }
  return r;
}

function limitOf(req: Request, def: i32, max: i32): i32 {
  const l = req.queryParam("limit");
  if (l === null || l.length == 0) return def;
  if (l.length > 6) return -1;
  for (let i = 0; i < l.length; i++) if (l.charCodeAt(i) < 0x30 || l.charCodeAt(i) > 0x39) return -1;
  const n = I32.parseInt(l);
  return n < 1 || n > max ? -1 : n;
}

function messages(req: Request): Response {
  const c = chatOf(req);
  if (c === null) return Response.error(404, "no such chat");
  const r = range(req);
  if (r.error.length > 0) return Response.error(400, r.error);
  const limit = limitOf(req, 100, 500);
  if (limit < 0) return Response.error(400, "limit must be 1 to 500");
  const b = req.queryParam("before");
  let before: Cursor | null = null;
  if (b !== null && b.length > 0) {
    before = Cursor.parse(b);
    if (before === null) return Response.error(400, "before must be a cursor from a previous answer (next)");
  }
  return Response.json(listMessages(c, r.from, r.to, before, limit));
}

function exportChat(req: Request): Response {
  const c = chatOf(req);
  if (c === null) return Response.error(404, "no such chat");
  const p = req.queryParam("part");
  let part = 0;
  if (p !== null && p.length > 0) {
    if (p.length > 6) return Response.error(400, "part must be a number");
    for (let i = 0; i < p.length; i++) if (p.charCodeAt(i) < 0x30 || p.charCodeAt(i) > 0x39) return Response.error(400, "part must be a number");
    part = I32.parseInt(p);
  }
  const csv = exportCsv(c, part);
  if (csv === null) return Response.error(404, "no such part");
  return Response.text(csv).header("content-type", "text/csv; charset=utf-8");
}

function removeChat(req: Request): Response {
  const c = chatOf(req);
  if (c === null) return Response.error(404, "no such chat");
  deleteChat(c);
  return Response.text("", 204);
}

function find(req: Request): Response {
  const q = req.queryParam("q");
  if (q === null || q.trim().length == 0) return Response.error(400, "q is required");
  if (q.length > 200) return Response.error(400, "q is longer than 200 characters");
  const list = terms(q);
  if (list === null) return Response.error(400, "at most 10 search terms");
  if (list.length == 0) return Response.error(400, "q has no words to search for");
  const r = range(req);
  if (r.error.length > 0) return Response.error(400, r.error);
  const limit = limitOf(req, 50, 200);
  if (limit < 0) return Response.error(400, "limit must be 1 to 200");
  const chatId = req.queryParam("chat");
  let c: Chat | null = null;
  if (chatId !== null && chatId.length > 0) {
    c = Chat.load(chatId);
    if (c === null) return Response.error(404, "no such chat");
  }
  const res = search(list, c, r.from, r.to, limit);
  const v = JsonValue.obj().set("results", res.hits).set("more", JsonValue.bool(res.more));
  if (res.continueTo.length > 0) v.set("continueTo", JsonValue.str(res.continueTo));
  return Response.json(v);
}

const router = new Router()
  .post("/import", startImport)
  .post("/import/step", importStep)
  .get("/import", importStatus)
  .delete("/import", importCancel)
  .get("/import/problems", importProblems)
  .get("/inbox", inbox)
  .delete("/inbox/:name", inboxDelete)
  .get("/chats", chats)
  .get("/chats/:id", chat)
  .get("/chats/:id/messages", messages)
  .get("/chats/:id/export.csv", exportChat)
  .delete("/chats/:id", removeChat)
  .get("/search", find);
router.maxBodyBytes = 64 * 1024;

export function handle(): i32 {
  return router.serve();
}
