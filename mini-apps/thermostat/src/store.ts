// SPDX-License-Identifier: Apache-2.0
// What the app keeps in its own key/value store:
//   latest/<device>    {"device","temperature","humidity"?,"at"}   the last reading
//   history/<device>   [{"temperature","humidity"?,"at"}, ...]     the last HISTORY readings, oldest first
//   setpoint/<device>  {"celsius","at"}                            the last setpoint sent
//   stats              {"messages","badPayloads","ignored"}
import { JsonValue, kv } from "../sdk";

export const HISTORY: i32 = 100;
export const MAX_DEVICES: i32 = 200;

/** A device name is one topic level the app accepts: 1 to 64 of A-Z a-z 0-9 - _. */
export function validDevice(d: string): bool {
  if (d.length < 1 || d.length > 64) return false;
  for (let i = 0; i < d.length; i++) {
    const c = d.charCodeAt(i);
    const ok =
      (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x2d || c == 0x5f;
    if (!ok) return false;
  }
  return true;
}

export function getJson(key: string): JsonValue | null {
  const s = kv.getString(key);
  return s === null ? null : JsonValue.parse(s);
}

export function putJson(key: string, v: JsonValue): void {
  kv.putString(key, v.toString());
}

/** The devices with a reading, sorted. */
export function devices(): string[] {
  const keys = kv.list("latest/");
  const out = new Array<string>();
  for (let i = 0; i < keys.length; i++) out.push(keys[i].substring(7));
  return out;
}

/** Stores a reading as the device's latest and appends it to its bounded history. */
export function record(device: string, temperature: f64, humidity: f64, hasHumidity: bool, at: f64): void {
  const latest = JsonValue.obj()
    .set("device", JsonValue.str(device))
    .set("temperature", JsonValue.num(temperature));
  if (hasHumidity) latest.set("humidity", JsonValue.num(humidity));
  latest.set("at", JsonValue.num(at));
  putJson("latest/" + device, latest);

  const entry = JsonValue.obj().set("temperature", JsonValue.num(temperature));
  if (hasHumidity) entry.set("humidity", JsonValue.num(humidity));
  entry.set("at", JsonValue.num(at));
  const old = getJson("history/" + device);
  const list = JsonValue.arr();
  if (old !== null && old.isArray()) {
    const from = old.length >= HISTORY ? old.length - HISTORY + 1 : 0;
    for (let i = from; i < old.length; i++) list.push(old.at(i));
  }
  list.push(entry);
  putJson("history/" + device, list);
}

export function history(device: string): JsonValue {
  const v = getJson("history/" + device);
  return v !== null && v.isArray() ? v : JsonValue.arr();
}

/** Adds to one of the counters in stats. */
export function count(name: string): void {
  let s = getJson("stats");
  if (s === null || !s.isObject()) s = JsonValue.obj();
  s.set(name, JsonValue.num(s.getNumber(name, 0) + 1));
  putJson("stats", s);
}

export function stats(): JsonValue {
  const s = getJson("stats");
  const out = JsonValue.obj();
  const names = ["messages", "badPayloads", "ignored"];
  for (let i = 0; i < names.length; i++) {
    out.set(names[i], JsonValue.num(s !== null && s.isObject() ? s.getNumber(names[i], 0) : 0));
  }
  return out;
}
