// Notes: markdown notes with tags in the app's own (encrypted) store.
//   GET    /notes[?q=words&tag=t]  list, most recently edited first (excerpts)
//   POST   /notes                  {"title","body","tags"} -> 201 the note
//   GET    /notes/:id              the note
//   PUT    /notes/:id              {"title"?,"body"?,"tags"?} -> the note
//   DELETE /notes/:id              204
//   GET    /tags                   [{"tag","count"}]
import { JsonValue, Request, Response, Router } from "../sdk";
import * as notes from "./notes";

function list(req: Request): Response {
  const q = req.queryParam("q");
  if (q !== null && q.length > notes.MAX_QUERY) return Response.error(400, "query too long");
  const tagParam = req.queryParam("tag");
  let tag: string | null = null;
  if (tagParam !== null && tagParam.length > 0) {
    tag = notes.normalizeTag(tagParam);
    if (tag === null) return Response.error(400, "bad tag");
  }
  const words = notes.words(q === null ? "" : q);
  const all = notes.all();
  const out = JsonValue.arr();
  for (let i = 0; i < all.length; i++) {
    if (notes.matches(all[i], words, tag)) out.push(all[i].toJson(false));
  }
  return Response.json(out);
}

function body(req: Request): JsonValue | null {
  const ct = req.headers.has("content-type") ? req.headers.get("content-type") : "";
  if (ct.length > 0 && !ct.startsWith("application/json")) return null;
  return req.json();
}

function create(req: Request): Response {
  const v = body(req);
  if (v === null) return Response.error(400, "the body must be JSON (application/json)");
  if (notes.count() >= notes.MAX_NOTES) return Response.error(409, "too many notes");
  const n = new notes.Note();
  const problem = notes.apply(n, v, true);
  if (problem.length > 0) return Response.error(400, problem);
  notes.save(n);
  return Response.json(n.toJson(true), 201);
}

function read(req: Request): Response {
  const n = notes.load(req.param("id"));
  return n === null ? Response.error(404, "no such note") : Response.json(n.toJson(true));
}

function update(req: Request): Response {
  const n = notes.load(req.param("id"));
  if (n === null) return Response.error(404, "no such note");
  const v = body(req);
  if (v === null) return Response.error(400, "the body must be JSON (application/json)");
  const problem = notes.apply(n, v, false);
  if (problem.length > 0) return Response.error(400, problem);
  notes.save(n);
  return Response.json(n.toJson(true));
}

function destroy(req: Request): Response {
  if (!notes.remove(req.param("id"))) return Response.error(404, "no such note");
  const r = Response.text("", 204);
  return r;
}

function tags(req: Request): Response {
  const all = notes.all();
  const counts = new Map<string, i32>();
  for (let i = 0; i < all.length; i++) {
    for (let j = 0; j < all[i].tags.length; j++) {
      const t = all[i].tags[j];
      counts.set(t, (counts.has(t) ? counts.get(t) : 0) + 1);
    }
  }
  const names = counts.keys().sort();
  const out = JsonValue.arr();
  for (let i = 0; i < names.length; i++) {
    out.push(
      JsonValue.obj()
        .set("tag", JsonValue.str(names[i]))
        .set("count", JsonValue.num(counts.get(names[i]))),
    );
  }
  return Response.json(out);
}

const router = new Router()
  .get("/notes", list)
  .post("/notes", create)
  .get("/notes/:id", read)
  .put("/notes/:id", update)
  .delete("/notes/:id", destroy)
  .get("/tags", tags);
// A note is at most 100,000 characters of body plus a title and tags.
router.maxBodyBytes = 512 * 1024;

export function handle(): i32 {
  return router.serve();
}
