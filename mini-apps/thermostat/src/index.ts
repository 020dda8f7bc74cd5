// SPDX-License-Identifier: Apache-2.0
// Thermostat: reads thermostats and sets their target temperature over MQTT, through the node's
// iot.mqtt capability (granted as iot.mqtt:home.thermostat: only topics home/thermostat/#).
//
//   POST /start                 subscribes to home/thermostat/+/reading (idempotent)
//   GET  /readings              [{"device","temperature","humidity"?,"at"}] latest per device
//   GET  /history/:device       that device's last 100 readings, oldest first
//   POST /setpoint              {"device","celsius"} (5..30) -> 202; publishes
//                               home/thermostat/<device>/set {"celsius":N}
//   GET  /status                the bridge's status, as it gives it
//   GET  /stats                 {"messages","badPayloads","ignored"} of on_mqtt_message
//
// Export on_mqtt_message: the bridge calls it with {"topic","payload","qos","retained",
// "receivedAt",...} for every message of the subscription.
import { Host } from "@extism/as-pdk";
import { JsonValue, Request, Response, Router, fromUtf8, system } from "../sdk";
import * as mqtt from "./mqtt";
import * as store from "./store";

const READINGS = "home/thermostat/+/reading";
const MIN_CELSIUS: f64 = 5;
const MAX_CELSIUS: f64 = 30;

function start(req: Request): Response {
  mqtt.subscribe(READINGS);
  return Response.json(JsonValue.obj().set("subscribed", JsonValue.str(READINGS)));
}

function readings(req: Request): Response {
  const names = store.devices();
  const out = JsonValue.arr();
  for (let i = 0; i < names.length; i++) {
    const v = store.getJson("latest/" + names[i]);
    if (v === null) continue;
    const sp = store.getJson("setpoint/" + names[i]);
    if (sp !== null && sp.isObject()) v.set("setpoint", JsonValue.num(sp.getNumber("celsius", 0)));
    out.push(v);
  }
  return Response.json(out);
}

function history(req: Request): Response {
  const device = req.param("device");
  if (!store.validDevice(device)) return Response.error(400, "bad device name");
  return Response.json(store.history(device));
}

function setpoint(req: Request): Response {
  const ct = req.headers.has("content-type") ? req.headers.get("content-type") : "";
  if (ct.length > 0 && !ct.startsWith("application/json")) {
    return Response.error(415, "the body must be JSON (application/json)");
  }
  const v = req.json();
  if (v === null || !v.isObject()) return Response.error(400, "the body must be a JSON object");
  const dv = v.get("device");
  if (dv === null || !dv.isString() || !store.validDevice(dv.s)) {
    return Response.error(400, "device must be 1 to 64 letters, digits, - or _");
  }
  const cv = v.get("celsius");
  if (cv === null || !cv.isNumber() || !isFinite(cv.n)) return Response.error(400, "celsius must be a number");
  if (cv.n < MIN_CELSIUS || cv.n > MAX_CELSIUS) {
    return Response.error(400, "celsius must be between 5 and 30");
  }
  const device = dv.s;
  const topic = "home/thermostat/" + device + "/set";
  const payload = JsonValue.obj().set("celsius", JsonValue.num(cv.n));
  mqtt.publish(topic, payload.toString());
  store.putJson(
    "setpoint/" + device,
    JsonValue.obj().set("celsius", JsonValue.num(cv.n)).set("at", JsonValue.num(<f64>system.now())),
  );
  return Response.json(
    JsonValue.obj()
      .set("device", JsonValue.str(device))
      .set("celsius", JsonValue.num(cv.n))
      .set("topic", JsonValue.str(topic)),
    202,
  );
}

function status(req: Request): Response {
  return Response.json(mqtt.status());
}

function stats(req: Request): Response {
  return Response.json(store.stats());
}

const router = new Router()
  .post("/start", start)
  .get("/readings", readings)
  .get("/history/:device", history)
  .post("/setpoint", setpoint)
  .get("/status", status)
  .get("/stats", stats);
router.maxBodyBytes = 4096;

export function handle(): i32 {
  return router.serve();
}

// The readings topic: home/thermostat/<device>/reading; the device, or "" for any other topic.
function readingDevice(topic: string): string {
  const parts = topic.split("/");
  if (parts.length != 4 || parts[0] != "home" || parts[1] != "thermostat" || parts[3] != "reading") return "";
  return parts[2];
}

/**
 * A message from the bridge. Readings are stored; anything else is counted and ignored. A bad
 * message never fails the call (the bridge would only count the failure): it is counted.
 */
export function on_mqtt_message(): i32 {
  store.count("messages");
  const msg = JsonValue.parse(fromUtf8(Host.input()));
  if (msg === null || !msg.isObject()) {
    store.count("badPayloads");
    return 0;
  }
  const device = readingDevice(msg.getString("topic", ""));
  if (device.length == 0) {
    store.count("ignored");
    return 0;
  }
  const payload = msg.get("payload");
  const reading = payload !== null && payload.isString() ? JsonValue.parse(payload.s) : null;
  if (!store.validDevice(device) || reading === null || !reading.isObject()) {
    store.count("badPayloads");
    return 0;
  }
  const t = reading.get("temperature");
  if (t === null || !t.isNumber() || !isFinite(t.n) || t.n < -100 || t.n > 150) {
    store.count("badPayloads");
    return 0;
  }
  const h = reading.get("humidity");
  const hasHumidity = h !== null;
  if (h !== null && (!h.isNumber() || !isFinite(h.n) || h.n < 0 || h.n > 100)) {
    store.count("badPayloads");
    return 0;
  }
  // A device the app has never heard from is only taken while there is room.
  if (store.getJson("latest/" + device) === null && store.devices().length >= store.MAX_DEVICES) {
    store.count("ignored");
    return 0;
  }
  const at = msg.getNumber("receivedAt", <f64>system.now());
  store.record(device, t.n, hasHumidity ? h!.n : 0, hasHumidity, at);
  return 0;
}
