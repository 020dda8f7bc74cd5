// Notes UI: a list with search and tag filter, and a markdown editor with a live preview.
// Every change goes through the app's API under ./api/. Nothing is ever put into the page
// as HTML: the preview is built from DOM nodes, so a note cannot run script.
const $ = (id) => document.getElementById(id);
const state = { notes: [], current: null, tag: null };

// The app's API through the SDK's client: the desktop's bridge inside a desktop window (the
// frame has no cookies), fetch with the session cookie and CSRF token when opened on its own.
import { api as call } from "./app-api.js";

const api = (method, path, body) => call(method, path.slice(1), body);

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "onclick") e.addEventListener("click", v); else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

async function refresh() {
  const params = new URLSearchParams();
  if ($("search").value.trim()) params.set("q", $("search").value.trim());
  if (state.tag) params.set("tag", state.tag);
  state.notes = await api("GET", "/notes" + (params.size ? "?" + params : ""));
  $("list").replaceChildren(...state.notes.map((n) => el("li", {},
    el("button", { type: "button", "aria-current": String(state.current?.id === n.id), onclick: () => open(n.id) },
      n.title, el("small", {}, n.tags.map((t) => "#" + t).join(" ") + " " + n.excerpt)))));
  const tags = await api("GET", "/tags");
  $("tags").replaceChildren(...tags.map((t) => el("button", {
    type: "button", "aria-pressed": String(state.tag === t.tag),
    onclick: () => { state.tag = state.tag === t.tag ? null : t.tag; refresh(); },
  }, `#${t.tag} ${t.count}`)));
}

function show(note) {
  state.current = note;
  $("editor").hidden = false;
  $("empty").hidden = true;
  $("title").value = note ? note.title : "";
  $("note-tags").value = note ? note.tags.join(", ") : "";
  $("body").value = note ? note.body : "";
  $("delete").hidden = !note;
  $("status").textContent = "";
  preview();
}

async function open(id) {
  show(await api("GET", "/notes/" + encodeURIComponent(id)));
  refresh();
}

async function save(event) {
  event.preventDefault();
  const note = {
    title: $("title").value,
    body: $("body").value,
    tags: $("note-tags").value.split(",").map((t) => t.trim()).filter(Boolean),
  };
  try {
    const saved = state.current
      ? await api("PUT", "/notes/" + encodeURIComponent(state.current.id), note)
      : await api("POST", "/notes", note);
    show(saved);
    $("status").textContent = "Saved";
    refresh();
  } catch (e) {
    $("status").textContent = e.message;
  }
}

async function remove() {
  if (!state.current || !confirm(`Delete "${state.current.title}"?`)) return;
  await api("DELETE", "/notes/" + encodeURIComponent(state.current.id));
  state.current = null;
  $("editor").hidden = true;
  $("empty").hidden = false;
  refresh();
}

// Markdown subset: # headings, - lists, ``` code blocks, `code`, **bold**, *italic*, links.
function preview() {
  const out = [];
  let list = null;
  let code = null;
  for (const line of $("body").value.split("\n")) {
    if (line.startsWith("```")) {
      if (code) { out.push(el("pre", {}, el("code", {}, code.join("\n")))); code = null; } else code = [];
      continue;
    }
    if (code) { code.push(line); continue; }
    const item = /^\s*[-*] (.*)/.exec(line);
    if (item) {
      if (!list) { list = el("ul"); out.push(list); }
      list.append(el("li", {}, ...inline(item[1])));
      continue;
    }
    list = null;
    const h = /^(#{1,6}) (.*)/.exec(line);
    if (h) out.push(el("h" + h[1].length, {}, ...inline(h[2])));
    else if (line.trim()) out.push(el("p", {}, ...inline(line)));
  }
  if (code) out.push(el("pre", {}, el("code", {}, code.join("\n"))));
  $("preview").replaceChildren(...out);
}

function inline(text) {
  const nodes = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*]+)\*|\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g;
  let last = 0;
  for (let m; (m = re.exec(text)); last = re.lastIndex) {
    nodes.push(text.slice(last, m.index));
    if (m[1]) nodes.push(el("code", {}, m[1]));
    else if (m[2]) nodes.push(el("strong", {}, m[2]));
    else if (m[3]) nodes.push(el("em", {}, m[3]));
    else nodes.push(el("a", { href: m[5], rel: "noopener noreferrer", target: "_blank" }, m[4]));
  }
  nodes.push(text.slice(last));
  return nodes;
}

$("new").addEventListener("click", () => show(null));
$("editor").addEventListener("submit", save);
$("delete").addEventListener("click", remove);
$("body").addEventListener("input", preview);
let timer;
$("search").addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(refresh, 200); });
refresh().catch((e) => { $("empty").textContent = "Cannot load notes: " + e.message; });
