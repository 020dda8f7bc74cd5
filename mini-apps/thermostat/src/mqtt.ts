// SPDX-License-Identifier: Apache-2.0
// The iot.mqtt capability, which a bundle (examples/mqtt-bridge) provides: declared here, not in
// the shared SDK. A function f of the capability is imported as iot_mqtt_f from
// "extism:host/user", (i64) -> i64: one kernel block of JSON in, one of JSON out. The node lets
// the app import them because manifest.json asks for iot.mqtt:home.thermostat, which confines
// it to the topics home/thermostat/#. A refused call (a topic outside the grant, a full offline
// buffer, no bridge installed) fails the whole app call.
import { JsonValue, fromUtf8, hostBlock, hostBytes, utf8 } from "../sdk";

@external("extism:host/user", "iot_mqtt_publish")
declare function iot_mqtt_publish(input: u64): u64;
@external("extism:host/user", "iot_mqtt_subscribe")
declare function iot_mqtt_subscribe(input: u64): u64;
@external("extism:host/user", "iot_mqtt_status")
declare function iot_mqtt_status(input: u64): u64;

// The SDK's block helpers pass the JSON in and out.
const block = hostBlock;
const bytesOf = hostBytes;

function answer(p: u64): JsonValue {
  const b = bytesOf(p);
  if (b === null) return JsonValue.obj();
  const v = JsonValue.parse(fromUtf8(b));
  return v === null ? JsonValue.obj() : v;
}

/** Publishes text to a topic (QoS 1; the bridge keeps it while the broker is away). */
export function publish(topic: string, payload: string): JsonValue {
  const req = JsonValue.obj().set("topic", JsonValue.str(topic)).set("payload", JsonValue.str(payload));
  return answer(iot_mqtt_publish(block(utf8(req.toString()))));
}

/** Subscribes to a filter; matching messages come to the export on_mqtt_message. Idempotent. */
export function subscribe(filter: string): JsonValue {
  const req = JsonValue.obj().set("filter", JsonValue.str(filter));
  return answer(iot_mqtt_subscribe(block(utf8(req.toString()))));
}

/** The bridge's state: {"connected","broker","buffered","subscriptions",...}. */
export function status(): JsonValue {
  return answer(iot_mqtt_status(block(utf8("{}"))));
}
