// SPDX-License-Identifier: Apache-2.0
// Unit tests of the thermostat against build/app.wasm ("sh build.sh && npm test"), with
// stand-ins for the node's store and for the MQTT bridge's iot_mqtt_* functions.
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { loadThermostat, message } from "./host.mjs";

const WASM = new URL("../build/app.wasm", import.meta.url).pathname;
const JSON_HEADERS = { "content-type": "application/json" };
let app;

beforeEach(async () => {
  app = await loadThermostat(WASM);
});
afterEach(() => app.close());

const setpoint = (body, headers = JSON_HEADERS) =>
  app.request("POST", "/setpoint", { body: typeof body === "string" ? body : JSON.stringify(body), headers });

test("start subscribes to the readings, idempotently", async () => {
  const first = await app.request("POST", "/start");
  assert.equal(first.status, 200, first.body);
  assert.deepEqual(first.json(), { subscribed: "home/thermostat/+/reading" });
  assert.equal((await app.request("POST", "/start")).status, 200);
  assert.deepEqual(app.mqtt.subscribed, ["home/thermostat/+/reading", "home/thermostat/+/reading"]);
  assert.deepEqual(app.mqtt.status.subscriptions, ["home/thermostat/+/reading"], "one subscription at the bridge");
  assert.equal((await app.request("GET", "/start")).status, 405);
});

test("a setpoint is validated and published to the device's set topic", async () => {
  const res = await setpoint({ device: "living", celsius: 21.5 });
  assert.equal(res.status, 202, res.body);
  assert.deepEqual(res.json(), { device: "living", celsius: 21.5, topic: "home/thermostat/living/set" });
  assert.deepEqual(app.mqtt.published, [
    { topic: "home/thermostat/living/set", payload: '{"celsius":21.5}', json: { celsius: 21.5 } },
  ]);
  assert.equal((await setpoint({ device: "hall_2", celsius: 5 })).status, 202, "the bounds are allowed");
  assert.equal((await setpoint({ device: "Hall-3", celsius: 30 })).status, 202);
  assert.deepEqual(app.mqtt.published.map((p) => p.json.celsius), [21.5, 5, 30]);
  assert.equal(app.json("setpoint/living").celsius, 21.5);

  const bad = [
    [{ device: "living", celsius: 4.99 }, 400],
    [{ device: "living", celsius: 30.01 }, 400],
    [{ device: "living", celsius: -20 }, 400],
    [{ device: "living", celsius: "21" }, 400],
    [{ device: "living", celsius: null }, 400],
    [{ device: "living" }, 400],
    [{ celsius: 21 }, 400],
    [{ device: "", celsius: 21 }, 400],
    [{ device: "a/b", celsius: 21 }, 400],
    [{ device: "+", celsius: 21 }, 400],
    [{ device: "#", celsius: 21 }, 400],
    [{ device: "wohnzimmer ü", celsius: 21 }, 400],
    [{ device: "x".repeat(65), celsius: 21 }, 400],
    [{ device: 7, celsius: 21 }, 400],
    ["{", 400],
    ["[]", 400],
    ["1e999", 400],
  ];
  for (const [body, status] of bad) {
    const r = await setpoint(body);
    assert.equal(r.status, status, `${JSON.stringify(body)} -> ${r.body}`);
    assert.ok(r.json().error, "an error message");
  }
  assert.equal((await setpoint({ device: "living", celsius: 21 }, { "content-type": "text/plain" })).status, 415);
  assert.equal((await setpoint({ device: "living", celsius: 21, pad: "x".repeat(100000) })).status, 413);
  assert.equal(app.mqtt.published.length, 3, "nothing else was published");
});

test("a refused publish fails the call and stores no setpoint", async () => {
  app.mqtt.refuse = "iot.mqtt: the broker is away and 10000 messages already wait for it";
  await assert.rejects(setpoint({ device: "living", celsius: 21 }), /10000 messages/);
  app.mqtt.refuse = null;
  assert.equal(app.json("setpoint/living"), undefined);
});

test("on_mqtt_message keeps the latest reading per device and a bounded history", async () => {
  await app.deliver(message("home/thermostat/kitchen/reading", { temperature: 21.5, humidity: 40 }, 1000));
  await app.deliver(message("home/thermostat/bedroom/reading", { temperature: 18 }, 2000));
  let readings = (await app.request("GET", "/readings")).json();
  assert.deepEqual(readings, [
    { device: "bedroom", temperature: 18, at: 2000 },
    { device: "kitchen", temperature: 21.5, humidity: 40, at: 1000 },
  ]);

  await app.deliver(message("home/thermostat/kitchen/reading", { temperature: 22 }, 3000));
  await setpoint({ device: "kitchen", celsius: 23 });
  readings = (await app.request("GET", "/readings")).json();
  assert.deepEqual(readings[1], { device: "kitchen", temperature: 22, at: 3000, setpoint: 23 });

  for (let i = 0; i < 105; i++) {
    await app.deliver(message("home/thermostat/bedroom/reading", { temperature: 10 + i / 10 }, 10000 + i));
  }
  const history = (await app.request("GET", "/history/bedroom")).json();
  assert.equal(history.length, 100);
  assert.deepEqual(history[0], { temperature: 10.5, at: 10005 }, "the oldest are dropped");
  assert.deepEqual(history[99], { temperature: 20.4, at: 10104 });
  assert.equal((await app.request("GET", "/history/kitchen")).json().length, 2);
  assert.equal((await app.request("GET", "/history/a%2Fb")).status, 400);
  assert.deepEqual((await app.request("GET", "/stats")).json(), { messages: 108, badPayloads: 0, ignored: 0 });
});

test("bad payloads and other topics are counted, never crash, change nothing", async () => {
  const inputs = [
    "not json",
    "[]",
    "{",
    { topic: "home/thermostat/a/reading" },
    message("home/thermostat/a/reading", "not json"),
    message("home/thermostat/a/reading", "[21]"),
    message("home/thermostat/a/reading", {}),
    message("home/thermostat/a/reading", { temperature: "21" }),
    message("home/thermostat/a/reading", { temperature: null }),
    message("home/thermostat/a/reading", { temperature: 1e6 }),
    message("home/thermostat/a/reading", { temperature: 20, humidity: 120 }),
    message("home/thermostat/a/reading", { temperature: 20, humidity: "wet" }),
    message("home/thermostat/a b/reading", { temperature: 20 }),
    { topic: "home/thermostat/a/reading", payload: null, payloadBase64: "w6g=", qos: 1 },
  ];
  const ignored = [
    message("home/thermostat/a/set", { celsius: 20 }),
    message("home/thermostat/a/reading/extra", { temperature: 20 }),
    message("home/thermostat/reading", { temperature: 20 }),
    message("home/door/a/reading", { temperature: 20 }),
  ];
  for (const input of [...inputs, ...ignored]) {
    assert.equal(await app.deliver(input), "", JSON.stringify(input));
  }
  assert.deepEqual((await app.request("GET", "/readings")).json(), []);
  assert.deepEqual((await app.request("GET", "/stats")).json(), {
    messages: inputs.length + ignored.length,
    badPayloads: inputs.length,
    ignored: ignored.length,
  });
  // Still working.
  await app.deliver(message("home/thermostat/a/reading", { temperature: 20 }));
  assert.equal((await app.request("GET", "/readings")).json().length, 1);
});

test("status passes the bridge's status through", async () => {
  app.mqtt.status = { connected: false, broker: "tcp://192.0.2.1:1883", buffered: 3, subscriptions: ["home/thermostat/+/reading"] };
  const res = await app.request("GET", "/status");
  assert.equal(res.status, 200);
  assert.deepEqual(res.json(), app.mqtt.status);
});

test("unknown routes", async () => {
  assert.equal((await app.request("GET", "/nope")).status, 404);
  assert.equal((await app.request("DELETE", "/readings")).status, 405);
});
