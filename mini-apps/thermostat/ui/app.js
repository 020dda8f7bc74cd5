// Thermostat UI: the devices with their last reading and a setpoint each. Every call goes
// through the app's API under ./api/ with the SDK's client; the DOM is built from nodes with
// textContent only, so nothing a device sends can become markup.
import { api } from "./app-api.js";

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "onsubmit") e.addEventListener("submit", v); else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

function ago(at) {
  const s = Math.max(0, Math.round((Date.now() - at) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return new Date(at).toLocaleString();
}

function showError(e) {
  $("error").hidden = false;
  $("error").textContent = e.message || String(e);
}

function card(r) {
  const input = el("input", {
    type: "number", min: "5", max: "30", step: "0.5", required: "",
    value: String(r.setpoint ?? Math.min(30, Math.max(5, Math.round(r.temperature * 2) / 2))),
    "aria-label": `Setpoint for ${r.device} in °C`,
  });
  const note = el("span", { class: "note", role: "status" });
  const form = el("form", {
    onsubmit: async (ev) => {
      ev.preventDefault();
      note.textContent = "sending…";
      try {
        await api("POST", "setpoint", { device: r.device, celsius: Number(input.value) });
        note.textContent = `set to ${input.value} °C`;
      } catch (e) {
        note.textContent = e.message;
      }
    },
  }, input, el("span", {}, "°C"), el("button", {}, "Set"), note);
  return el("li", {},
    el("h2", {}, r.device),
    el("p", { class: "temp" }, `${r.temperature.toFixed(1)} °C`),
    el("p", { class: "meta" },
      (r.humidity !== undefined ? `${Math.round(r.humidity)} % humidity · ` : "") + ago(r.at)),
    form);
}

async function refresh() {
  try {
    const [readings, status] = await Promise.all([api("GET", "readings"), api("GET", "status")]);
    $("bridge").textContent = status.connected
      ? "broker connected"
      : `broker away${status.buffered ? ` (${status.buffered} waiting)` : ""}`;
    $("bridge").className = status.connected ? "up" : "down";
    $("empty").hidden = readings.length > 0;
    // Keep the cards of setpoints being typed: only redraw when nothing has focus in the list.
    if (!$("devices").contains(document.activeElement)) {
      $("devices").replaceChildren(...readings.map(card));
    }
    $("error").hidden = true;
  } catch (e) {
    showError(e);
  }
}

try {
  await api("POST", "start"); // subscribes; harmless when already subscribed
} catch (e) {
  showError(e);
}
await refresh();
setInterval(refresh, 10000);
