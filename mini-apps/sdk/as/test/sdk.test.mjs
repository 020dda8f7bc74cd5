// Unit tests of the SDK itself, against test/build/sdk_test.wasm (built by test.sh).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { loadApp } from "../assembly/testing.mjs";

let t;
before(async () => {
  t = await loadApp(new URL("build/sdk_test.wasm", import.meta.url).pathname);
});
after(() => t.close());

test("JSON: strict parsing, canonical and HTML-safe output", async () => {
  const cases = {
    '{"a":1,"b":[true,false,null],"c":"x"}': '{"a":1,"b":[true,false,null],"c":"x"}',
    " [ 1.5 , -0.25e2 , 1e21 , 0 ] ": "[1.5,-25,1e+21,0]",
    '"\\u00fc\\ud83d\\udc4b\\n\\t\\"\\\\\\/"': '"ü👋\\n\\t\\"\\\\/"',
    '"<a href=x>&</a>\u2028"': '"\\u003ca href=x\\u003e\\u0026\\u003c/a\\u003e\\u2028"',
    "{}": "{}",
    "[]": "[]",
  };
  for (const [input, expected] of Object.entries(cases)) {
    assert.equal(await t.call("json_roundtrip", input), expected, input);
  }
  for (const bad of ["", "{", "[1,]", '{"a":1,"a":2}', "01", "1.", "-", "tru", '"\\x"', '"a\nb"', "{} x", "[" .repeat(65) + "]".repeat(65), "NaN", "'a'", '{"a" 1}']) {
    assert.match(await t.call("json_roundtrip", bad), /^ERR /, JSON.stringify(bad));
  }
  assert.equal(await t.call("json_roundtrip", "[".repeat(64) + "]".repeat(64)), "[".repeat(64) + "]".repeat(64));
  assert.equal(JSON.parse(await t.call("json_roundtrip", "9007199254740993")), 9007199254740992);
});

test("base64 round trips and refuses bad text", async () => {
  for (const s of ["", "f", "fo", "foo", "foob", "fooba", "foobar", "\u00ff\u0000"]) {
    const [text, same] = (await t.call("base64_roundtrip", s)).split(" ");
    assert.equal(text, Buffer.from(s).toString("base64"), s);
    assert.equal(same, "same");
  }
  for (const bad of ["a", "ab=c", "a===", "@@@@", "YQ=a"]) {
    assert.equal(await t.call("base64_decode", bad), "invalid", bad);
  }
  assert.equal(await t.call("base64_decode", "YQ=="), "ok 1");
});

test("percent-decoding keeps bad escapes", async () => {
  assert.equal(await t.call("url_decode", "a+b%20c%C3%BC"), "a b cü");
  assert.equal(await t.call("url_decode", "100%"), "100%");
  assert.equal(await t.call("url_decode", "%zz%4"), "%zz%4");
});

test("router: params, query, 404, 405, 413, binary bodies and bad envelopes", async () => {
  const r = await t.request("GET", "/items/a%2Fb", { query: "q=x+y&q=second" });
  assert.deepEqual(r.json(), { id: "a/b", q: "x y" });
  assert.equal((await t.request("HEAD", "/items/1")).status, 200);
  assert.equal((await t.request("GET", "/items")).status, 404);
  assert.equal((await t.request("GET", "/items/1/2")).status, 404);
  assert.equal((await t.request("DELETE", "/items/1")).status, 405);
  const bin = await t.request("POST", "/bytes", { body: Buffer.from([0, 1, 255]) });
  assert.equal(bin.headers["content-type"], "application/octet-stream");
  assert.equal((await t.request("POST", "/bytes", { body: "x".repeat(70000) })).status, 413);
  for (const envelope of ["", "[]", '{"method":"GET","path":"/items/1","body":"!"}']) {
    assert.equal(JSON.parse(await t.call("handle", envelope)).status, 400, envelope);
  }
});

test("host bindings reach the node's functions", async () => {
  const app = await loadApp(new URL("build/sdk_test.wasm", import.meta.url).pathname, {
    caller: { did: "did:key:z6MkCaller", role: "member" },
  });
  try {
    assert.equal(await app.call("who", ""), "did:key:z6MkCaller member");
    assert.equal(
      await app.call("store", ""),
      "get-missing=null;get=one;empty=null;list=a/1,a/2;remove=true,false;file=file body;dir=x.txt",
    );
    assert.equal(app.sent.length, 1);
    assert.equal(app.sent[0].did, "did:key:z6MkPeer");
    assert.equal(Buffer.from(app.sent[0].payload).toString(), "ping");
    assert.equal(await app.call("get", ""), "skipped");
    assert.deepEqual(app.logs, ["no url"]);
  } finally {
    await app.close();
  }
});

test("loadApp: fetch stands in for net.fetch; file paths are checked as the node checks them", async () => {
  const seen = [];
  const app = await loadApp(new URL("build/sdk_test.wasm", import.meta.url).pathname, {
    fetch: (req, body) => {
      seen.push({ req, body });
      return { status: 203, body: "hi" };
    },
  });
  try {
    assert.equal(await app.call("get", "https://a.example/x"), "203 hi");
    assert.deepEqual(seen, [{ req: { method: "GET", url: "https://a.example/x", headers: {} }, body: null }]);
    assert.equal(await app.call("writeAt", "a/b.txt"), "ok");
    assert.deepEqual([...app.files.keys()], ["a/b.txt"]);
    for (const bad of ["a//b", "wx/tmp/", "/a", "a/../b", "./a"]) {
      await assert.rejects(app.call("writeAt", bad), /bad path/, bad);
    }
    assert.deepEqual([...app.files.keys()], ["a/b.txt"], "nothing written at a bad path");
  } finally {
    await app.close();
  }
  const offline = await loadApp(new URL("build/sdk_test.wasm", import.meta.url).pathname);
  try {
    assert.equal(await offline.call("get", "https://a.example/x"), "0 ", "no fetch option: refused, as a host without net.fetch");
  } finally {
    await offline.close();
  }
});
