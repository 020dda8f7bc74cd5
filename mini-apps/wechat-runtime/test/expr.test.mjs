import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, parseExpr, MAX_EXPR_LENGTH } from '../src/wxml/expr.js';
import { parseWxml } from '../src/wxml/parse.js';
import { boot } from '../support/helpers.mjs';

const data = {
  a: { b: [10, 20, { c: 'deep' }] }, n: 3, s: 'str', t: true, f: false, nil: null,
  list: [1, 2, 3], obj: { x: 1, y: 2 }, 'weird-key': 1,
};

test('literals', () => {
  assert.equal(evaluate('42', {}), 42);
  assert.equal(evaluate('0x1f', {}), 31);
  assert.equal(evaluate('1.5e2', {}), 150);
  assert.equal(evaluate('.5', {}), 0.5);
  assert.equal(evaluate('"a\\"b\\n"', {}), 'a"b\n');
  assert.equal(evaluate("'\\u4e2d'", {}), '中');
  assert.equal(evaluate('true', {}), true);
  assert.equal(evaluate('null', {}), null);
  assert.equal(evaluate('undefined', {}), undefined);
});

test('paths', () => {
  assert.equal(evaluate('a.b[0]', data), 10);
  assert.equal(evaluate('a.b[2].c', data), 'deep');
  assert.equal(evaluate("a['b'][1]", data), 20);
  assert.equal(evaluate('list.length', data), 3);
  assert.equal(evaluate('s.length', data), 3);
  assert.equal(evaluate('s[1]', data), 't');
  assert.equal(evaluate('list[n - 1]', data), 3);
  assert.equal(evaluate('missing.deep.path', data), undefined);
  assert.equal(evaluate('nil.x', data), undefined);
});

test('arithmetic, comparison, logical, ternary, unary, concatenation', () => {
  assert.equal(evaluate('n * 2 + 1', data), 7);
  assert.equal(evaluate('(n + 1) * 2', data), 8);
  assert.equal(evaluate('10 % n', data), 1);
  assert.equal(evaluate('-n', data), -3);
  assert.equal(evaluate('!t', data), false);
  assert.equal(evaluate('!!s', data), true);
  assert.equal(evaluate('n > 2 && n <= 3', data), true);
  assert.equal(evaluate('n === 3 ? "yes" : "no"', data), 'yes');
  assert.equal(evaluate('f || "fallback"', data), 'fallback');
  assert.equal(evaluate('nil ?? "dflt"', data), 'dflt');
  assert.equal(evaluate('"n=" + n', data), 'n=3');
  assert.equal(evaluate('s + 1 + 2', data), 'str12');
  assert.equal(evaluate('1 + 2 + s', data), '3str');
  assert.equal(evaluate('n == "3"', data), true);
  assert.equal(evaluate('n !== "3"', data), true);
  assert.equal(evaluate('a > b ? 1 : a < b ? 2 : 3', { a: 1, b: 1 }), 3);
  assert.equal(evaluate('typeof n', data), 'number');
});

test('object and array literals, spread, shorthand', () => {
  assert.deepEqual(evaluate('{a: 1, "b": n, s}', data), { a: 1, b: 3, s: 'str' });
  assert.deepEqual(evaluate('{...obj, z: 3}', data), { x: 1, y: 2, z: 3 });
  assert.deepEqual(evaluate('[1, n, ...list]', data), [1, 3, 1, 2, 3]);
  assert.deepEqual(evaluate('[]', data), []);
});

test('syntax errors carry an offset', () => {
  for (const src of ['a +', 'a ? b', '(a', 'a..b', '{a: }', '"open', '#', '1a', 'a[', 'a.1']) {
    assert.throws(() => parseExpr(src), (e) => typeof e.offset === 'number', src);
  }
  assert.throws(() => parseExpr('x'.repeat(MAX_EXPR_LENGTH + 1)), /longer than/);
  assert.throws(() => parseExpr('('.repeat(200) + '1' + ')'.repeat(200)), /nested too deeply/);
  assert.throws(() => parseExpr('!'.repeat(200) + '1'), /nested too deeply/);
});

test('hostile: globals are unknown identifiers', () => {
  for (const name of ['window', 'document', 'parent', 'top', 'globalThis', 'self', 'Function', 'eval',
    'process', 'require', 'constructor', '__proto__', 'Object', 'Array', 'alert', 'location', 'fetch', 'this']) {
    assert.equal(evaluate(name, {}), undefined, name);
  }
  assert.equal(evaluate('window.parent', {}), undefined);
  assert.equal(evaluate('top.location.href', {}), undefined);
  assert.equal(evaluate('globalThis.process', {}), undefined);
  assert.equal(evaluate('self["document"]', {}), undefined);
});

test('hostile: prototypes and constructors are refused, even when named indirectly', () => {
  globalThis.__wxPwned = false;
  const hostile = [
    "constructor.constructor('globalThis.__wxPwned = true')()",
    "a.constructor.constructor('globalThis.__wxPwned = true')()",
    "s.constructor.constructor('globalThis.__wxPwned = true')()",
    "list['constructor']['constructor']('globalThis.__wxPwned = true')()",
    "a['__proto__']", '__proto__', 'a.__proto__', 'obj.prototype', "obj['pro' + 'totype']",
    "obj['__pro' + 'to__']", "list['con' + 'structor']", "s['constructor']", 'n.constructor',
    "obj.__defineGetter__", "obj.hasOwnProperty", "obj.toString", "list.map", "list.push", 's.concat',
    '[].constructor', '({}).constructor', "''.constructor", '(1).constructor', 'a.b.constructor.prototype',
    "{...a}['constructor']", 'list.__proto__.constructor',
  ];
  for (const src of hostile) {
    let v;
    try { v = evaluate(src, data); } catch (e) { assert.fail(`${src} threw ${e}`); }
    assert.equal(v, undefined, src);
  }
  assert.equal(globalThis.__wxPwned, false);
  delete globalThis.__wxPwned;
});

test('hostile: calls never run anything, and functions in data are invisible', () => {
  let called = false;
  const d = { fn: () => { called = true; return 1; }, o: { m() { called = true; } } };
  assert.equal(evaluate('fn()', d), undefined);
  assert.equal(evaluate('o.m()', d), undefined);
  assert.equal(evaluate('fn', d), undefined);
  assert.equal(evaluate('o.m', d), undefined);
  assert.equal(called, false);
});

test('hostile: object literals cannot plant __proto__', () => {
  const o = evaluate('{__proto__: {polluted: 1}, "constructor": 2, ...x}', { x: JSON.parse('{"__proto__": {"p": 1}}') });
  assert.equal(Object.getPrototypeOf(o), Object.prototype);
  assert.equal(o.polluted, undefined);
  assert.equal(o.p, undefined);
  assert.equal(Object.prototype.hasOwnProperty.call(o, 'constructor'), false);
  assert.equal({}.polluted, undefined);
});

test('hostile: own properties named like Object.prototype members are still data', () => {
  assert.equal(evaluate('x.toString', { x: { toString: 'mine' } }), 'mine');
  assert.equal(evaluate('x.valueOf + 1', { x: { valueOf: 1 } }), 2);
  // Operands are never converted by calling the object's own methods.
  let ran = false;
  const tricky = { toString() { ran = true; return 'x'; }, valueOf() { ran = true; return 1; } };
  assert.equal(evaluate('o + ""', { o: tricky }), '[object Object]');
  assert.equal(evaluate('o * 1', { o: tricky }), NaN);
  assert.equal(ran, false);
});

test('hostile expressions rendered in a page show nothing and change nothing', async () => {
  globalThis.__wxPwned = false;
  const wxml = [
    "<view id='a'>{{constructor.constructor('globalThis.__wxPwned = true')()}}</view>",
    "<view id='b'>{{window.parent}}{{document.cookie}}{{top}}{{self}}{{globalThis}}</view>",
    "<view id='c'>{{__proto__}}{{a['__proto__']}}{{a.constructor}}</view>",
    "<view id='d' class=\"{{Function('return this')()}}\">{{this}}</view>",
  ].join('\n');
  const files = {
    'app.json': '{"pages":["pages/index/index"]}', 'app.js': 'App({})',
    'pages/index/index.js': 'Page({ data: { a: { x: 1 } } })', 'pages/index/index.wxml': wxml,
  };
  const { container } = await boot(files);
  for (const id of ['a', 'b', 'c', 'd']) assert.equal(container.querySelector(`#${id}`).textContent, '', id);
  assert.equal(container.querySelector('#d').className, '');
  assert.equal(globalThis.__wxPwned, false);
  delete globalThis.__wxPwned;
});

test('the runtime never evaluates source text: no eval, Function or with in src/', () => {
  const src = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src');
  const files = [];
  const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (p.endsWith('.js')) files.push(p); } };
  walk(src);
  assert.ok(files.length > 10);
  for (const f of files) {
    const code = fs.readFileSync(f, 'utf8').replace(/\/\/.*$/gm, '');
    assert.doesNotMatch(code, /\beval\s*\(|\bnew\s+Function\b|\bFunction\s*\(|\bwith\s*\(/, f);
  }
  assert.ok(parseWxml('<view>{{a}}</view>'));
});

test('the hostile fixture (also run in Chromium by WechatPortIT): nothing runs, data is text, 1.1 MB refused', async () => {
  const { boot: start, fixture, click, page, tick } = await import('../support/helpers.mjs');
  globalThis.__wxPwned = undefined;
  const { rt, container } = await start(fixture('hostile'));
  const p = page(container);
  for (const id of ['a', 'b', 'c']) assert.equal(p.querySelector(`#${id}`).textContent, '', id);
  assert.equal(p.querySelector('#d').textContent, '<img src="x" onerror="window.__wxPwned = true; parent.__wxPwned = true">');
  assert.equal(p.querySelector('#d img'), null);
  assert.equal(p.querySelector('#d').className, '');
  assert.equal(p.querySelector('#note').textContent, 'note: none');
  click(p.querySelector('#big'));
  await tick(rt);
  assert.equal(p.querySelector('#result').textContent, 'refused: setStorageSync:fail exceed storage item max length');
  click(p.querySelector('#small'));
  await tick(rt);
  assert.equal(p.querySelector('#result').textContent, 'note stored');
  assert.equal(globalThis.__wxPwned, undefined);
});
