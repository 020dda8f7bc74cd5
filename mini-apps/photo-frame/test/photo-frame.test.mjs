// Unit tests of the photo frame, run against build/app.wasm ("sh build.sh && npm test") with the
// SDK's stand-ins: owner files are a Map, "images" are files starting with FF D8, and the
// stand-in decoder answers "thumb:<path>:<edge>".
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { afterEach, beforeEach, test } from "node:test";
import { loadApp } from "../sdk/testing.mjs";

const WASM = new URL("../build/app.wasm", import.meta.url).pathname;
const JSON_HEADERS = { "content-type": "application/json" };
const ANON = { did: "", role: "anonymous" };
const T0 = 1_700_000_000_000;
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const TEXT = new TextEncoder().encode("hello");
const LONG1 = "x".repeat(38) + ".jpg";
const LONG2 = "y".repeat(97) + ".jpg";

// The SDK stand-in answers owner_image with Buffer.from(text), a view into Node's shared 8 KiB
// buffer pool, and the Extism JS runtime stores a view's whole ArrayBuffer: the app would get the
// pool's garbage around the text. Without a pool each Buffer has its own ArrayBuffer.
Buffer.poolSize = 0;

const sha256 = (s) => createHash("sha256").update(s).digest("hex");
const photoId = (album, name) => sha256(album + "\n" + name).slice(0, 16);

let app;
let now;

beforeEach(async () => {
  app = await loadApp(WASM, {
    ownerFiles: new Map([
      ["/Photos/Holiday/a.jpg", JPEG],
      ["/Photos/Holiday/b.JPEG", JPEG],
      ["/Photos/Holiday/c.png", TEXT], // listed, but the node cannot decode it
      ["/Photos/Holiday/notes.txt", JPEG], // not an image name
      ["/Photos/Holiday/.hidden.jpg", JPEG],
      ["/Photos/Holiday/Sub/d.jpg", JPEG],
      ["/Photos/Other/e.jpg", JPEG],
      // Names whose ids hash 56 and 115 bytes: the SHA-256 padding boundary and two blocks.
      ["/Photos/Other/" + LONG1, JPEG],
      ["/Photos/Other/" + LONG2, JPEG],
      ["/Photos/Empty/.keep", TEXT],
      ["/Documents/secret.jpg", JPEG],
    ]),
  });
  now = T0;
  app.clock.now = () => now;
});
afterEach(() => app.close());

const owner = (method, path, body, query = "") =>
  app.request(method, path, { query, body: body === undefined ? "" : JSON.stringify(body), headers: JSON_HEADERS });
const device = (method, path, { query = "", body } = {}) =>
  app.request(method, path, { query, body: body === undefined ? "" : JSON.stringify(body), headers: JSON_HEADERS, caller: ANON });
const pair = (code, name = "Kitchen") => device("POST", "/frame/pair", { body: { code, name } });
const feed = (token) => device("GET", "/frame/feed", { query: "token=" + token });
const image = (token, id, extra = "") => device("GET", "/frame/image", { query: `token=${token}&id=${encodeURIComponent(id)}${extra}` });

async function newCode() {
  const res = await owner("POST", "/pairings");
  assert.equal(res.status, 201, res.body);
  return res.json().code;
}

async function pairedDevice(album = "/Photos/Holiday", name = "Kitchen") {
  assert.equal((await owner("PUT", "/album", { path: album })).status, 200);
  const res = await pair(await newCode(), name);
  assert.equal(res.status, 201, res.body);
  return res.json();
}

test("owner browses, picks the album, pairs a frame; the frame sees exactly the album's photos", async () => {
  const root = (await owner("GET", "/folders")).json();
  assert.deepEqual(root, { path: "/", parent: null, folders: ["Documents", "Photos"], photoCount: 0 });
  const photos = (await owner("GET", "/folders", undefined, "path=%2FPhotos")).json();
  assert.deepEqual(photos.folders, ["Empty", "Holiday", "Other"]);
  assert.equal(photos.parent, "/");
  const holiday = (await owner("GET", "/folders", undefined, "path=/Photos/Holiday/")).json();
  assert.deepEqual(holiday, { path: "/Photos/Holiday", parent: "/Photos", folders: ["Sub"], photoCount: 3 });

  assert.equal((await owner("GET", "/album")).json().path, null);
  const picked = await owner("PUT", "/album", { path: "/Photos/Holiday/" });
  assert.equal(picked.status, 200, picked.body);
  assert.deepEqual(picked.json(), { path: "/Photos/Holiday", name: "Holiday", exists: true, photoCount: 3 });

  const created = await owner("POST", "/pairings");
  assert.equal(created.status, 201);
  const { code, expiresAt } = created.json();
  assert.match(code, /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
  assert.equal(expiresAt, T0 + 10 * 60 * 1000);
  assert.ok(app.kv.has("pair/" + sha256(code)), "the code is kept only as a hash");

  // Typed by hand on the frame: lower case and a dash are fine.
  const paired = await pair(code.slice(0, 4).toLowerCase() + "-" + code.slice(4), "Living room");
  assert.equal(paired.status, 201, paired.body);
  const { token, deviceId } = paired.json();
  assert.match(token, /^[0-9a-f]{64}$/);
  assert.equal(Buffer.from(app.kv.get("tok/" + sha256(token))).toString(), deviceId);
  for (const [k, v] of app.kv) {
    assert.ok(!k.includes(token) && !Buffer.from(v).toString().includes(token), "the token is never stored");
  }

  const f = await feed(token);
  assert.equal(f.status, 200, f.body);
  const names = ["a.jpg", "b.JPEG", "c.png"];
  assert.deepEqual(f.json(), {
    album: "Holiday",
    intervalSeconds: 15,
    maxEdge: 1280,
    photos: names.map((name) => {
      const id = photoId("/Photos/Holiday", name);
      return { id, name, url: `frame/image?token=${token}&id=${id}` };
    }),
  });

  const a = f.json().photos[0];
  const img = await device("GET", "/frame/" + a.url.slice("frame/".length).split("?")[0], { query: a.url.split("?")[1] });
  assert.equal(img.status, 200, img.body);
  assert.equal(img.body, "thumb:/Photos/Holiday/a.jpg:1280");
  assert.equal(img.headers["content-type"], "image/jpeg");
  assert.match(img.headers["cache-control"], /^private/);
  assert.equal((await image(token, a.id, "&edge=300")).body, "thumb:/Photos/Holiday/a.jpg:300");
  assert.equal((await image(token, a.id, "&edge=10")).body, "thumb:/Photos/Holiday/a.jpg:64");
  assert.equal((await image(token, a.id, "&edge=99999")).body, "thumb:/Photos/Holiday/a.jpg:2048");
  assert.equal((await image(token, a.id, "&edge=12px")).status, 400);
  assert.equal((await image(token, f.json().photos[2].id)).status, 415, "c.png is no image the node can read");

  const devices = (await owner("GET", "/devices")).json();
  assert.deepEqual(devices, [{ id: deviceId, name: "Living room", pairedAt: T0, lastSeen: T0 }]);
});

test("revoking a frame locks it out at once; other frames go on", async () => {
  const one = await pairedDevice();
  const two = await pairedDevice();
  const id = photoId("/Photos/Holiday", "a.jpg");
  assert.equal((await image(one.token, id)).status, 200);
  assert.equal((await owner("DELETE", "/devices/" + one.deviceId)).status, 204);
  assert.equal((await feed(one.token)).status, 401);
  assert.equal((await image(one.token, id)).status, 401);
  assert.equal((await feed(two.token)).status, 200);
  assert.equal((await owner("DELETE", "/devices/" + one.deviceId)).status, 404);
  assert.equal((await owner("DELETE", "/devices/..%2Fpair")).status, 404);
  assert.deepEqual((await owner("GET", "/devices")).json().map((d) => d.id), [two.deviceId]);
  assert.equal(app.kv.has("tok/" + sha256(one.token)), false);
});

test("a frame can revoke itself", async () => {
  const { token } = await pairedDevice();
  assert.equal((await device("POST", "/frame/unpair", { query: "token=" + token })).status, 204);
  assert.equal((await feed(token)).status, 401);
  assert.equal((await device("POST", "/frame/unpair", { query: "token=" + token })).status, 401);
  assert.deepEqual((await owner("GET", "/devices")).json(), []);
});

test("unknown and malformed tokens get 401", async () => {
  await pairedDevice();
  const id = photoId("/Photos/Holiday", "a.jpg");
  for (const t of ["", "x", "0".repeat(64), "A".repeat(64), "%00", "0".repeat(65)]) {
    assert.equal((await feed(t)).status, 401, t);
    assert.equal((await image(t, id)).status, 401, t);
  }
  assert.equal((await device("GET", "/frame/feed")).status, 401);
});

test("changing the album changes what every frame sees", async () => {
  const { token } = await pairedDevice();
  const oldId = photoId("/Photos/Holiday", "a.jpg");
  assert.equal((await owner("PUT", "/album", { path: "/Photos/Other" })).status, 200);
  const f = (await feed(token)).json();
  assert.equal(f.album, "Other");
  assert.deepEqual(f.photos.map((p) => p.name), ["e.jpg", LONG1, LONG2]);
  assert.deepEqual(f.photos.map((p) => p.id), f.photos.map((p) => photoId("/Photos/Other", p.name)));
  assert.equal((await image(token, oldId)).status, 404, "the old album's photos are out of reach");
  assert.equal((await image(token, f.photos[0].id)).body, "thumb:/Photos/Other/e.jpg:1280");
});

test("photo ids are never paths: nothing outside the album can be fetched", async () => {
  const { token } = await pairedDevice();
  const bad = [
    "/Documents/secret.jpg",
    "../../Documents/secret.jpg",
    "a.jpg",
    "/Photos/Holiday/a.jpg",
    photoId("/Documents", "secret.jpg"),
    photoId("/Photos/Holiday/Sub", "d.jpg"),
    photoId("/Photos/Holiday", "notes.txt"),
    photoId("/Photos/Holiday", ".hidden.jpg"),
    photoId("/Photos/Holiday", "Sub/d.jpg"),
    "",
  ];
  for (const id of bad) assert.equal((await image(token, id)).status, 404, id);
  assert.equal((await device("GET", "/frame/image", { query: "token=" + token })).status, 404);
});

test("a frame with no album gets an empty feed", async () => {
  const res = await pair(await newCode());
  const f = (await feed(res.json().token)).json();
  assert.deepEqual(f, { album: null, intervalSeconds: 15, maxEdge: 1280, photos: [] });
});

test("codes are single use and expire after 10 minutes", async () => {
  const code = await newCode();
  assert.equal((await pair(code)).status, 201);
  const again = await pair(code);
  assert.equal(again.status, 403);
  assert.match(again.json().error, /wrong or already used/);

  const late = await newCode();
  const inTime = await newCode();
  now = T0 + 10 * 60 * 1000 - 1;
  assert.equal((await pair(inTime)).status, 201);
  now = T0 + 10 * 60 * 1000;
  const expired = await pair(late);
  assert.equal(expired.status, 403);
  assert.match(expired.json().error, /expired/);
  assert.equal((await pair(late)).status, 403, "an expired code is gone");
});

test("at most 5 open codes, 20 frames", async () => {
  for (let i = 0; i < 5; i++) await newCode();
  assert.equal((await owner("POST", "/pairings")).status, 409);
  now += 10 * 60 * 1000;
  assert.equal((await owner("POST", "/pairings")).status, 201, "expired codes make room");
  for (let i = 1; i < 20; i++) assert.equal((await pair(await newCode(), "f" + i)).status, 201);
  const last = await newCode();
  assert.equal((await pair(last, "f20")).status, 201);
  assert.equal((await owner("GET", "/devices")).json().length, 20);
  assert.equal((await owner("POST", "/pairings")).status, 409);
});

test("failed pairing attempts are limited: 10 per 10 minutes, then 429", async () => {
  const code = await newCode();
  for (let i = 0; i < 10; i++) {
    const wrong = i % 2 ? "ABCDEFGH" : "nonsense!";
    assert.equal((await pair(wrong)).status, 403, "attempt " + i);
  }
  const locked = await pair(code);
  assert.equal(locked.status, 429, "even the right code is refused while locked");
  assert.equal((await pair("ABCDEFGH")).status, 429);
  now += 10 * 60 * 1000 - 1;
  assert.equal((await pair(code)).status, 429);
  now += 1;
  assert.equal((await pair("ABCDEFGH")).status, 403, "a new window");

  // A new code from the owner lifts the lock.
  for (let i = 0; i < 10; i++) await pair("ABCDEFGH");
  assert.equal((await pair("ABCDEFGH")).status, 429);
  assert.equal((await pair(await newCode())).status, 201);
});

test("only the owner reaches the owner routes", async () => {
  const routes = [
    ["GET", "/folders"],
    ["GET", "/album"],
    ["PUT", "/album", { path: "/Photos" }],
    ["GET", "/settings"],
    ["PUT", "/settings", { intervalSeconds: 10 }],
    ["POST", "/pairings"],
    ["GET", "/devices"],
    ["DELETE", "/devices/0123456789abcdef"],
    ["GET", "/nope"],
  ];
  const member = { did: "did:key:z6MkMember", role: "member" };
  for (const [method, path, body] of routes) {
    const req = (caller) =>
      app.request(method, path, { body: body ? JSON.stringify(body) : "", headers: JSON_HEADERS, caller });
    assert.equal((await req(ANON)).status, 401, `${method} ${path} anonymous`);
    assert.equal((await req(member)).status, 403, `${method} ${path} member`);
  }
  assert.equal((await owner("GET", "/album")).json().path, null, "nothing changed");
  assert.equal([...app.kv.keys()].length, 0);
});

test("settings: checked, saved, and used by the feed and images", async () => {
  const { token } = await pairedDevice();
  for (const bad of [
    { intervalSeconds: 1 },
    { intervalSeconds: 2.5 },
    { intervalSeconds: "10" },
    { maxEdge: 32 },
    { maxEdge: 4096 },
    { other: 1 },
  ]) {
    assert.equal((await owner("PUT", "/settings", bad)).status, 400, JSON.stringify(bad));
  }
  const ok = await owner("PUT", "/settings", { intervalSeconds: 30, maxEdge: 800 });
  assert.deepEqual(ok.json(), { intervalSeconds: 30, maxEdge: 800 });
  assert.deepEqual((await owner("PUT", "/settings", { intervalSeconds: 60 })).json(), { intervalSeconds: 60, maxEdge: 800 });
  assert.equal((await feed(token)).json().intervalSeconds, 60);
  assert.equal((await image(token, photoId("/Photos/Holiday", "a.jpg"))).body, "thumb:/Photos/Holiday/a.jpg:800");
});

test("lastSeen follows the feed, at most once a minute", async () => {
  const { token } = await pairedDevice();
  now = T0 + 30_000;
  await feed(token);
  assert.equal((await owner("GET", "/devices")).json()[0].lastSeen, T0);
  now = T0 + 90_000;
  await feed(token);
  assert.equal((await owner("GET", "/devices")).json()[0].lastSeen, T0 + 90_000);
});

test("hostile inputs are refused with 4xx and change nothing they should not", async () => {
  for (const path of ["Photos", "/Photos/../Documents", "/Photos//Holiday", "/Photos/./Holiday", "/a\u0000b", "/a\\b", 5, null]) {
    assert.equal((await owner("PUT", "/album", { path })).status, 400, String(path));
  }
  assert.equal((await owner("PUT", "/album", { path: "/Nope" })).status, 404);
  assert.equal((await owner("PUT", "/album", { path: "/Photos/Holiday/a.jpg" })).status, 404, "a file is no folder");
  assert.equal((await owner("PUT", "/album", { path: "/Photos", x: 1 })).status, 400);
  assert.equal((await owner("GET", "/folders", undefined, "path=/Photos/..")).status, 400);
  assert.equal((await owner("GET", "/folders", undefined, "path=/Nope/Deeper")).status, 404);
  assert.equal((await owner("PUT", "/album", "x".repeat(1000) + "/")).status, 400);
  assert.equal((await app.request("PUT", "/album", { body: "{", headers: JSON_HEADERS })).status, 400);
  assert.equal(
    (await app.request("PUT", "/album", { body: '{"path":"/Photos"}', headers: { "content-type": "text/plain" } })).status,
    400,
  );
  assert.equal(app.kv.has("album"), false);

  const code = await newCode();
  for (const body of [{ code }, { code, name: "" }, { code, name: "x".repeat(65) }, { code, name: "a\nb" }, { code, name: "k", extra: 1 }]) {
    assert.equal((await device("POST", "/frame/pair", { body })).status, 400, JSON.stringify(body));
  }
  assert.equal((await device("POST", "/frame/pair", { body: [code] })).status, 400);

  const big = JSON.stringify({ code, name: "x".repeat(20000) });
  assert.equal((await app.request("POST", "/frame/pair", { body: big, headers: JSON_HEADERS, caller: ANON })).status, 413);
  const huge = JSON.stringify({ path: "/" + "x".repeat(200000) });
  assert.equal((await app.request("PUT", "/album", { body: huge, headers: JSON_HEADERS })).status, 413);
  assert.equal((await pair(code)).status, 201, "the code survived all of that");
  assert.equal((await device("GET", "/frame/nope")).status, 404);
  assert.equal((await device("GET", "/frame/pair")).status, 405);
});
