// WeChat Backup UI: upload an export, import it step by step, browse chats, search, export.
// Everything goes through the app's API (app-api.js); data only ever becomes text nodes.
import { api, upload } from "./app-api.js";

const $ = (id) => document.getElementById(id);
const state = { chats: [], chat: null, next: null, search: null };
const TYPE_LABEL = { image: "[image]", voice: "[voice]", video: "[video]", file: "[file]", link: "[link]", other: "" };

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "onclick") e.addEventListener("click", v);
    else if (k === "className") e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

function show(section) {
  $("results-box").hidden = section !== "results";
  $("chat-box").hidden = section !== "chat";
  $("empty").hidden = section !== "";
}

function status(text) {
  $("progress-text").textContent = text;
}

// --- import -------------------------------------------------------------------------------

async function importFile(event) {
  event.preventDefault();
  const file = $("file").files[0];
  if (!file) return;
  const name = file.name.replace(/[\\/]/g, "_");
  $("import").disabled = true;
  $("progress-box").hidden = false;
  $("problems-box").hidden = true;
  try {
    status("Uploading " + name);
    await upload(file, "inbox/" + name, (sent, total) => {
      $("progress").value = total ? (100 * sent) / total : 0;
    });
    await startImport("inbox/" + name);
  } catch (e) {
    status("Failed: " + e.message);
  } finally {
    $("import").disabled = false;
  }
}

async function startImport(path) {
  // Starting an import replaces one left unfinished (the page offered to continue it).
  const body = { path, format: $("format").value, restart: true };
  if ($("chat-name").value.trim()) body.chat = $("chat-name").value.trim();
  if ($("me").value.trim()) body.me = $("me").value.trim();
  let job = await api("POST", "import", body);
  if (job.state === "running") job = await runImport(job);
  await finishImport(job);
}

async function runImport(job) {
  $("progress-box").hidden = false;
  $("continue").hidden = true;
  while (job.state === "running") {
    $("progress").value = job.percent;
    status(`Importing ${job.chat}: ${job.percent}% · ${job.imported} messages · ${job.duplicates} already there · ${job.problems} problems`);
    job = await api("POST", "import/step");
  }
  return job;
}

async function finishImport(job) {
  $("progress").value = job.state === "done" ? 100 : job.percent;
  status(job.state === "done"
    ? `Imported ${job.imported} messages into ${job.chat} (${job.duplicates} already there, ${job.problems} problems).`
    : `Import ${job.state}: ${job.error || ""}`);
  if (job.problems > 0) await showProblems();
  await refreshChats();
  await refreshInbox();
  if (job.chatId && job.state === "done") openChat(job.chatId);
}

async function showProblems() {
  const p = await api("GET", "import/problems");
  $("problems-box").hidden = false;
  $("problems-title").textContent = p.total > p.kept
    ? `Problems: ${p.total} (the first ${p.kept} are listed)`
    : `Problems: ${p.total}`;
  $("problems").replaceChildren(...p.problems.map((x) =>
    el("tr", {}, el("td", {}, String(x.line)), el("td", {}, x.reason), el("td", { className: "mono" }, x.text))));
}

async function refreshInbox() {
  const files = await api("GET", "inbox");
  $("inbox").replaceChildren(...(files.length ? [el("span", { className: "muted" }, "Uploaded: ")] : []), ...files.map((f) =>
    el("span", { className: "file" }, `${f.name} (${Math.ceil(f.size / 1024)} KiB) `,
      el("button", { type: "button", onclick: () => startImport(f.path).catch((e) => status("Failed: " + e.message)) }, "Import"),
      el("button", { type: "button", onclick: async () => { await api("DELETE", "inbox/" + encodeURIComponent(f.name)); refreshInbox(); } }, "Delete"))));
}

// --- chats and messages -------------------------------------------------------------------

async function refreshChats() {
  state.chats = await api("GET", "chats");
  $("no-chats").hidden = state.chats.length > 0;
  $("chats").replaceChildren(...state.chats.map((c) => el("li", {},
    el("button", { type: "button", "aria-current": String(state.chat?.id === c.id), onclick: () => openChat(c.id) },
      c.name, c.isGroup ? el("span", { className: "badge" }, "group") : null,
      el("small", {}, `${c.count} messages · ${day(c.last)}`)))));
  const current = $("search-chat").value;
  $("search-chat").replaceChildren(el("option", { value: "" }, "All chats"),
    ...state.chats.map((c) => el("option", { value: c.id }, c.name)));
  $("search-chat").value = state.chats.some((c) => c.id === current) ? current : "";
}

function day(seconds) {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

function messageItem(m) {
  const kind = TYPE_LABEL[m.type];
  return el("li", { className: `msg ${m.isSender ? "mine" : ""} ${m.type}` },
    el("div", { className: "meta" }, m.type === "system" ? "" : m.sender + " ", el("time", {}, m.time)),
    el("div", { className: "text" }, kind ? el("span", { className: "kind" }, kind + " ") : null, m.text),
    m.media ? el("div", { className: "media mono" }, m.media) : null);
}

async function openChat(id, query = "") {
  const data = await api("GET", `chats/${encodeURIComponent(id)}/messages?limit=100${query}`);
  state.chat = data.chat;
  state.next = data.more ? data.next : null;
  state.query = query;
  $("chat-title").textContent = data.chat.name;
  $("chat-info").textContent = `${data.chat.isGroup ? "group · " : ""}${data.chat.count} messages, ${day(data.chat.first)} to ${day(data.chat.last)}`;
  $("messages").replaceChildren(...data.messages.map(messageItem));
  $("older").hidden = !state.next;
  show("chat");
  refreshChats();
  $("messages").lastElementChild?.scrollIntoView({ block: "end" });
}

async function loadOlder() {
  if (!state.chat || !state.next) return;
  const data = await api("GET", `chats/${encodeURIComponent(state.chat.id)}/messages?limit=100&before=${encodeURIComponent(state.next)}${state.query || ""}`);
  state.next = data.more ? data.next : null;
  $("messages").prepend(...data.messages.map(messageItem));
  $("older").hidden = !state.next;
}

async function exportChat() {
  const c = state.chat;
  if (!c) return;
  const info = await api("GET", `chats/${encodeURIComponent(c.id)}`);
  const parts = [];
  for (let i = 0; i < info.exportParts; i++) {
    const text = await api("GET", `chats/${encodeURIComponent(c.id)}/export.csv?part=${i}`);
    parts.push(text.startsWith("\uFEFF") ? text.slice(1) : text);
  }
  // The byte order mark tells spreadsheet apps the file is UTF-8 (text() drops the server's).
  const url = URL.createObjectURL(new Blob(["\uFEFF", ...parts], { type: "text/csv;charset=utf-8" }));
  const a = el("a", { href: url, download: c.name.replace(/[\\/:*?"<>|]/g, "_") + ".csv" });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

// The desktop's frame allows no dialogs (confirm, alert), so deleting takes a second click.
let armed = null;
async function deleteChat() {
  const c = state.chat;
  if (!c) return;
  if (armed !== c.id) {
    armed = c.id;
    $("delete").textContent = `Delete ${c.count} messages?`;
    setTimeout(() => { armed = null; $("delete").textContent = "Delete"; }, 4000);
    return;
  }
  armed = null;
  $("delete").textContent = "Delete";
  await api("DELETE", `chats/${encodeURIComponent(c.id)}`);
  state.chat = null;
  show("");
  refreshChats();
}

// --- search -------------------------------------------------------------------------------

function searchQuery(to) {
  const p = new URLSearchParams({ q: $("q").value.trim(), limit: "100" });
  if ($("search-chat").value) p.set("chat", $("search-chat").value);
  if ($("from").value) p.set("from", $("from").value);
  if (to || $("to").value) p.set("to", to || $("to").value);
  return p;
}

async function runSearch(event, to) {
  event?.preventDefault();
  if (!$("q").value.trim()) return;
  const res = await api("GET", "search?" + searchQuery(to));
  const items = res.results.map((h) => el("li", {},
    el("button", { type: "button", onclick: () => openChat(h.chat, "&to=" + h.time.slice(0, 10)) },
      el("strong", {}, h.chatName), " ", el("span", { className: "muted" }, `${h.sender} · ${h.time}`),
      el("div", {}, h.snippet))));
  if (to) $("results").append(...items); else $("results").replaceChildren(...items);
  const count = $("results").children.length;
  $("results-title").textContent = count ? `${count}${res.more ? "+" : ""} messages found` : "Nothing found";
  state.search = res.continueTo || null;
  $("search-older").hidden = !state.search;
  show("results");
}

$("import-form").addEventListener("submit", importFile);
$("continue").addEventListener("click", () =>
  api("GET", "import").then(runImport).then(finishImport).catch((e) => status("Failed: " + e.message)));
$("older").addEventListener("click", loadOlder);
const report = (e) => { $("chat-info").textContent = e.message; $("results-title").textContent = e.message; };
$("export").addEventListener("click", () => exportChat().catch(report));
$("delete").addEventListener("click", () => deleteChat().catch(report));
$("search-form").addEventListener("submit", (e) => runSearch(e).catch((err) => { report(err); show("results"); }));
$("search-older").addEventListener("click", () => runSearch(null, state.search).catch(report));
$("close-results").addEventListener("click", () => show(state.chat ? "chat" : ""));

(async () => {
  await refreshChats();
  await refreshInbox();
  const job = await api("GET", "import");
  if (job.state === "running") {
    $("progress-box").hidden = false;
    $("progress").value = job.percent;
    status(`An import of ${job.path} stopped at ${job.percent}%.`);
    $("continue").hidden = false;
  }
})().catch((e) => { $("empty").textContent = "Cannot load: " + e.message; });
