// The frame's own page, opened on the device without a node session: pair once with a code,
// keep the device token in localStorage, then show the album as a slideshow. The token goes in
// the query string because the node passes no Authorization header or cookie to the app.
const $ = (id) => document.getElementById(id);
const KEY = "elastos.photo-frame.token";
const FEED_REFRESH_MS = 5 * 60 * 1000;
const RETRY_MS = 30 * 1000;

let feed = null;
let index = -1;
let front = $("a");
let slideTimer = null;
let feedTimer = null;

function token() {
  try { return localStorage.getItem(KEY); } catch { return null; }
}

function setToken(t) {
  try {
    if (t) localStorage.setItem(KEY, t); else localStorage.removeItem(KEY);
  } catch { /* private mode: the pairing lasts for this page only */ }
}

async function call(method, path, body) {
  const init = { method, cache: "no-store", credentials: "omit" };
  if (body) {
    init.headers = { "content-type": "application/json" };
    init.body = JSON.stringify(body);
  }
  const res = await fetch("api/" + path, init);
  let data = null;
  try { data = await res.json(); } catch { /* not JSON */ }
  return { status: res.status, data };
}

// ---- pairing ----

function showPairing(message) {
  clearTimeout(slideTimer);
  clearTimeout(feedTimer);
  feed = null;
  $("show").hidden = true;
  $("pair-form").hidden = false;
  if (message) $("pair-message").textContent = message;
  if (!$("name").value) $("name").value = "Photo frame";
  $("code").focus();
}

async function pair(event) {
  event.preventDefault();
  $("pair-error").textContent = "";
  try {
    const r = await call("POST", "frame/pair", { code: $("code").value, name: $("name").value });
    if (r.status !== 201) {
      $("pair-error").textContent = r.data && r.data.error ? r.data.error : "Pairing failed (HTTP " + r.status + ")";
      return;
    }
    setToken(r.data.token);
    $("code").value = "";
    start();
  } catch {
    $("pair-error").textContent = "Cannot reach the node.";
  }
}

// ---- slideshow ----

// Asks for images no larger than the screen needs, and no larger than the owner's setting.
function edge() {
  const px = Math.max(screen.width, screen.height) * (window.devicePixelRatio || 1);
  return Math.max(64, Math.min(feed.maxEdge || 2048, Math.round(px)));
}

async function loadFeed() {
  clearTimeout(feedTimer);
  const t = token();
  if (!t) return showPairing();
  let r;
  try {
    r = await call("GET", "frame/feed?token=" + encodeURIComponent(t));
  } catch {
    feedTimer = setTimeout(loadFeed, RETRY_MS); // offline: keep showing what we have
    return;
  }
  if (r.status === 401) {
    setToken(null);
    return showPairing("This frame is unpaired. Make a new code on the owner page to pair it again.");
  }
  if (r.status !== 200 || !r.data) {
    feedTimer = setTimeout(loadFeed, RETRY_MS);
    return;
  }
  const first = feed === null;
  feed = r.data;
  if (index >= feed.photos.length) index = -1;
  feedTimer = setTimeout(loadFeed, FEED_REFRESH_MS);
  if (feed.photos.length === 0) {
    $("empty").textContent = feed.album === null ? "No album is chosen yet." : `The album "${feed.album}" has no photos.`;
    $("empty").hidden = false;
    front.classList.remove("on");
  } else {
    $("empty").hidden = true;
    if (first) next();
  }
}

function schedule() {
  clearTimeout(slideTimer);
  slideTimer = setTimeout(next, Math.max(5, feed ? feed.intervalSeconds : 15) * 1000);
}

// Loads the next photo into the hidden image and cross-fades to it once it has arrived.
function next() {
  if (!feed || feed.photos.length === 0) return schedule();
  index = (index + 1) % feed.photos.length;
  const back = front === $("a") ? $("b") : $("a");
  back.onload = () => {
    back.classList.add("on");
    front.classList.remove("on");
    front = back;
    schedule();
  };
  // A photo the node cannot read is skipped; a revoked token shows up in the feed check.
  back.onerror = () => {
    loadFeed();
    schedule();
  };
  back.src = "api/" + feed.photos[index].url + "&edge=" + edge();
}

function start() {
  $("pair-form").hidden = true;
  $("show").hidden = false;
  feed = null;
  index = -1;
  loadFeed();
}

// ---- controls: shown briefly when the screen is touched or the mouse moves ----

let awakeTimer = null;
function wake() {
  $("show").classList.add("awake");
  clearTimeout(awakeTimer);
  awakeTimer = setTimeout(() => $("show").classList.remove("awake"), 3000);
}

$("pair-form").addEventListener("submit", pair);
$("show").addEventListener("pointermove", wake);
$("show").addEventListener("pointerdown", wake);
$("fullscreen").addEventListener("click", () => {
  if (document.fullscreenElement) document.exitFullscreen();
  else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(() => {});
});
$("forget").addEventListener("click", () => {
  const t = token();
  setToken(null);
  showPairing("This frame is unpaired.");
  // Revokes the token on the node too; if that fails, the owner page still lists the frame.
  if (t) call("POST", "frame/unpair?token=" + encodeURIComponent(t)).catch(() => {});
});
// Keep the screen on where the browser allows it (secure contexts only).
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && navigator.wakeLock) navigator.wakeLock.request("screen").catch(() => {});
});
if (navigator.wakeLock) navigator.wakeLock.request("screen").catch(() => {});

if (token()) start(); else showPairing();
