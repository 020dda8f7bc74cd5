// SPDX-License-Identifier: Apache-2.0
// Runs build/app.wasm in the official Extism JS runtime with in-memory stand-ins for the host
// functions it imports: the node's kv_* and time_now (as in ../sdk/testing.mjs, whose loadApp
// takes no extra functions) and the MQTT bridge's iot_mqtt_publish/subscribe/status, which
// record what the app asks for and check topics as the bridge does for iot.mqtt:home.thermostat.
import { readFileSync } from "node:fs";
import createPlugin from "@extism/extism";

process.removeAllListeners("warning"); // node:wasi's ExperimentalWarning

const GRANTED = "home/thermostat";

function inGrant(topic, filter) {
  const levels = topic.split("/");
  if (topic.length === 0 || topic.length > 256 || levels.some((l) => l === "")) return false;
  if (!filter && /[+#]/.test(topic)) return false;
  return topic === GRANTED || topic.startsWith(GRANTED + "/");
}

export async function loadThermostat(wasmPath) {
  const kv = new Map();
  const mqtt = {
    published: [],
    subscribed: [],
    status: { connected: true, broker: "tcp://127.0.0.1:1883", buffered: 0, subscriptions: [] },
    refuse: null, // set to a message to make the bridge refuse the next calls
  };
  const clock = { now: () => Date.now() };
  const text = (ctx, p) => (p === 0n ? "" : (ctx.read(p)?.string() ?? ""));
  const bytes = (ctx, p) => (p === 0n ? new Uint8Array(0) : (ctx.read(p)?.bytes().slice() ?? new Uint8Array(0)));
  const put = (ctx, v) => (v.length === 0 ? 0n : ctx.store(typeof v === "string" ? v : Uint8Array.from(v)));
  const bridge = (fn) => (ctx, p) => {
    if (mqtt.refuse) throw new Error(mqtt.refuse);
    const input = JSON.parse(text(ctx, p) || "{}");
    return put(ctx, JSON.stringify(fn(input)));
  };
  const functions = {
    "extism:host/user": {
      kv_get: (ctx, k) => {
        const v = kv.get(text(ctx, k));
        return v === undefined ? 0n : put(ctx, v);
      },
      kv_put: (ctx, k, v) => void kv.set(text(ctx, k), bytes(ctx, v)),
      kv_delete: (ctx, k) => (kv.delete(text(ctx, k)) ? 1n : 0n),
      kv_list: (ctx, p) => put(ctx, [...kv.keys()].filter((k) => k.startsWith(text(ctx, p))).sort().join("\n")),
      time_now: () => BigInt(clock.now()),
      iot_mqtt_publish: bridge((input) => {
        if (!inGrant(input.topic, false)) throw new Error(`iot.mqtt: ${input.topic} is outside the topics you may use`);
        mqtt.published.push({ topic: input.topic, payload: input.payload, json: JSON.parse(input.payload) });
        return { ok: true };
      }),
      iot_mqtt_subscribe: bridge((input) => {
        if (!inGrant(input.filter, true)) throw new Error(`iot.mqtt: ${input.filter} is outside the topics you may use`);
        mqtt.subscribed.push(input.filter);
        if (!mqtt.status.subscriptions.includes(input.filter)) mqtt.status.subscriptions.push(input.filter);
        return { ok: true };
      }),
      iot_mqtt_status: bridge(() => mqtt.status),
    },
  };
  const logs = [];
  const logger = {
    info: (m) => logs.push(m), debug: (m) => logs.push(m), warn: (m) => logs.push(m),
    error: (m) => logs.push(m), trace: (m) => logs.push(m), log: (m) => logs.push(m),
  };
  const plugin = await createPlugin(
    { wasm: [{ data: new Uint8Array(readFileSync(wasmPath)) }] },
    { useWasi: false, runInWorker: false, functions, logger },
  );
  const json = (key) => (kv.has(key) ? JSON.parse(Buffer.from(kv.get(key)).toString("utf8")) : undefined);
  return {
    kv,
    json,
    mqtt,
    clock,
    logs,
    /** Calls the app's handle export as the node would for METHOD /apps/<id>/api/PATH. */
    async request(method, path, { body = "", headers = {} } = {}) {
      const raw = typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(JSON.stringify(body));
      const envelope = JSON.stringify({ method, path, query: "", headers, body: raw.toString("base64") });
      const out = await plugin.call("handle", envelope);
      const res = JSON.parse(out.text());
      const payload = res.body ?? "";
      return { status: res.status ?? 200, body: payload, json: () => JSON.parse(payload) };
    },
    /** Calls on_mqtt_message as the bridge does; input is an object (sent as JSON) or raw text. */
    async deliver(input) {
      const out = await plugin.call("on_mqtt_message", typeof input === "string" ? input : JSON.stringify(input));
      return out === null ? "" : out.text();
    },
    close: () => plugin.close(),
  };
}

/** The input the bridge gives on_mqtt_message for a text payload. */
export function message(topic, payload, receivedAt = 1767225600000) {
  return { topic, payload: typeof payload === "string" ? payload : JSON.stringify(payload), qos: 1, retained: false, receivedAt };
}
