// Photo Frame owner page: pick the album from the owner's folders, pair frames with one-time
// codes, revoke them, and set the slideshow. Data only ever goes into the page as text.
import { api } from "./app-api.js";

const $ = (id) => document.getElementById(id);
let browsing = "/";
let codeTimer = null;

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "onclick") e.addEventListener("click", v); else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

function showError(e) {
  $("error").textContent = e ? e.message : "";
  $("error").hidden = !e;
}

// Runs an action, showing its failure at the top instead of losing it.
async function guarded(fn) {
  try {
    showError(null);
    await fn();
  } catch (e) {
    showError(e);
  }
}

const when = (ms) => (ms ? new Date(ms).toLocaleString() : "never");
const join = (dir, name) => (dir === "/" ? "/" + name : dir + "/" + name);

async function loadAlbum() {
  const a = await api("GET", "album");
  $("album").textContent = a.path === null ? "none yet" : `${a.path} (${a.photoCount} photos)${a.exists ? "" : ", folder is gone"}`;
  return a;
}

async function browse(path) {
  const f = await api("GET", "folders?path=" + encodeURIComponent(path));
  browsing = f.path;
  const crumbs = [el("button", { type: "button", onclick: () => guarded(() => browse("/")) }, "My files")];
  let at = "";
  for (const part of f.path.split("/").filter(Boolean)) {
    at += "/" + part;
    const target = at;
    crumbs.push(el("span", {}, " / "), el("button", { type: "button", onclick: () => guarded(() => browse(target)) }, part));
  }
  $("crumbs").replaceChildren(...crumbs);
  $("folders").replaceChildren(...f.folders.map((name) =>
    el("li", {}, el("button", { type: "button", onclick: () => guarded(() => browse(join(f.path, name))) }, name))));
  $("here").textContent = `${f.photoCount} photos in ${f.path}`;
}

async function pick() {
  await api("PUT", "album", { path: browsing });
  await loadAlbum();
}

async function loadDevices() {
  const list = await api("GET", "devices");
  $("no-devices").hidden = list.length > 0;
  $("devices").replaceChildren(...list.map((d) => {
    const revoke = el("button", { type: "button", class: "danger" }, "Revoke");
    // Two clicks instead of confirm(): modal dialogs may be blocked in the desktop's frame.
    let armed = null;
    revoke.addEventListener("click", () => guarded(async () => {
      if (!armed) {
        revoke.textContent = "Click again to revoke";
        armed = setTimeout(() => { armed = null; revoke.textContent = "Revoke"; }, 4000);
        return;
      }
      await api("DELETE", "devices/" + encodeURIComponent(d.id));
      await loadDevices();
    }));
    return el("tr", {}, el("td", {}, d.name), el("td", {}, when(d.pairedAt)), el("td", {}, when(d.lastSeen)), el("td", {}, revoke));
  }));
}

async function pair() {
  const p = await api("POST", "pairings");
  $("code").textContent = p.code.slice(0, 4) + " " + p.code.slice(4);
  clearInterval(codeTimer);
  // Counts down, and watches for the new frame while the code is open.
  const tick = () => {
    const left = Math.round((p.expiresAt - Date.now()) / 1000);
    if (left <= 0) {
      clearInterval(codeTimer);
      $("code").textContent = "";
      $("code-expiry").textContent = "The code expired.";
      return;
    }
    $("code-expiry").textContent = `valid for ${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}, once`;
    if (left % 5 === 0) loadDevices().catch(() => {});
  };
  tick();
  codeTimer = setInterval(tick, 1000);
}

async function loadSettings() {
  const s = await api("GET", "settings");
  $("interval").value = s.intervalSeconds;
  $("edge").value = s.maxEdge;
}

async function saveSettings(event) {
  event.preventDefault();
  $("settings-status").textContent = "";
  await api("PUT", "settings", { intervalSeconds: Number($("interval").value), maxEdge: Number($("edge").value) });
  $("settings-status").textContent = "Saved";
}

const frameUrl = new URL("frame.html", location.href).href;
$("frame-url").href = frameUrl;
$("frame-url").textContent = frameUrl;
$("pick").addEventListener("click", () => guarded(pick));
$("pair").addEventListener("click", () => guarded(pair));
$("settings").addEventListener("submit", (e) => guarded(() => saveSettings(e)));
guarded(async () => {
  const [a] = await Promise.all([loadAlbum(), loadDevices(), loadSettings()]);
  // Start browsing at the album when there is one, else at the top.
  await browse(a.path !== null && a.exists ? a.path : "/");
});
