// The {{ }} expression language of WXML: a tokenizer, a recursive-descent parser and a
// compiler to closures. There is no eval, no Function and no `with`: identifiers are looked up
// only in the scope chain handed in (page data, wx:for item/index, template data), and member
// access reads only own properties, so nothing reachable from the page's globals or from
// Object.prototype can be named from a template.

export const MAX_EXPR_LENGTH = 4096;
const MAX_EXPR_DEPTH = 64;

// Names refused as members whatever object they are read on: the ways to reach a constructor
// or a prototype, and through them Function.
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype', '__defineGetter__',
  '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

export class ExprError extends Error {
  constructor(message, offset) {
    super(message);
    this.offset = offset;
  }
}

const PUNCT = ['===', '!==', '...', '==', '!=', '<=', '>=', '&&', '||', '??',
  '+', '-', '*', '/', '%', '<', '>', '!', '?', ':', '.', ',', '(', ')', '[', ']', '{', '}'];

function tokenize(src) {
  const toks = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    const start = i;
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] || ''))) {
      const m = /^(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(src.slice(i));
      toks.push({ t: 'num', v: Number(m[0]), pos: start });
      i += m[0].length;
      if (/[A-Za-z_$]/.test(src[i] || '')) throw new ExprError(`bad number`, start);
      continue;
    }
    if (c === '"' || c === "'") {
      let out = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new ExprError('unterminated string', start);
        const d = src[i];
        if (d === c) { i++; break; }
        if (d === '\\') {
          const e = src[i + 1];
          const simple = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', 0: '\0' };
          if (e === 'u') {
            const hex = /^[0-9a-fA-F]{4}/.exec(src.slice(i + 2));
            if (!hex) throw new ExprError('bad \\u escape', i);
            out += String.fromCharCode(parseInt(hex[0], 16));
            i += 6;
          } else if (e === 'x') {
            const hex = /^[0-9a-fA-F]{2}/.exec(src.slice(i + 2));
            if (!hex) throw new ExprError('bad \\x escape', i);
            out += String.fromCharCode(parseInt(hex[0], 16));
            i += 4;
          } else if (e !== undefined) {
            out += hasOwn(simple, e) ? simple[e] : e;
            i += 2;
          } else {
            throw new ExprError('unterminated string', start);
          }
          continue;
        }
        out += d;
        i++;
      }
      toks.push({ t: 'str', v: out, pos: start });
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][\w$]*/.exec(src.slice(i));
      toks.push({ t: 'id', v: m[0], pos: start });
      i += m[0].length;
      continue;
    }
    const p = PUNCT.find((q) => src.startsWith(q, i));
    if (!p) throw new ExprError(`unexpected character '${c}'`, i);
    toks.push({ t: 'p', v: p, pos: start });
    i += p.length;
  }
  toks.push({ t: 'eof', v: '', pos: src.length });
  return toks;
}

const BINARY = [
  ['??'], ['||'], ['&&'], ['===', '!==', '==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%'],
];

class Parser {
  constructor(src) {
    this.toks = tokenize(src);
    this.i = 0;
    this.depth = 0;
  }
  peek() { return this.toks[this.i]; }
  next() { return this.toks[this.i++]; }
  is(v) { const t = this.peek(); return t.t === 'p' && t.v === v; }
  eat(v) {
    const t = this.next();
    if (t.t !== 'p' || t.v !== v) throw new ExprError(`expected '${v}' but found '${t.v || 'end'}'`, t.pos);
    return t;
  }
  enter() {
    if (++this.depth > MAX_EXPR_DEPTH) throw new ExprError('expression nested too deeply', this.peek().pos);
  }
  expression() {
    this.enter();
    const test = this.binary(0);
    let node = test;
    if (this.is('?')) {
      this.next();
      const yes = this.expression();
      this.eat(':');
      const no = this.expression();
      node = { k: 'cond', test, yes, no };
    }
    this.depth--;
    return node;
  }
  binary(level) {
    if (level === BINARY.length) return this.unary();
    let left = this.binary(level + 1);
    while (this.peek().t === 'p' && BINARY[level].includes(this.peek().v)) {
      const op = this.next().v;
      left = { k: 'bin', op, left, right: this.binary(level + 1) };
    }
    return left;
  }
  unary() {
    const t = this.peek();
    if (t.t === 'p' && (t.v === '!' || t.v === '-' || t.v === '+')) {
      this.next();
      this.enter();
      const arg = this.unary();
      this.depth--;
      return { k: 'un', op: t.v, arg };
    }
    if (t.t === 'id' && t.v === 'typeof') {
      this.next();
      return { k: 'un', op: 'typeof', arg: this.unary() };
    }
    return this.postfix();
  }
  postfix() {
    let node = this.primary();
    for (;;) {
      if (this.is('.')) {
        this.next();
        const t = this.next();
        if (t.t !== 'id') throw new ExprError('expected a property name after .', t.pos);
        node = { k: 'mem', obj: node, prop: { k: 'lit', v: t.v } };
      } else if (this.is('[')) {
        this.next();
        const prop = this.expression();
        this.eat(']');
        node = { k: 'mem', obj: node, prop };
      } else if (this.is('(')) {
        // Calls parse (so a template with one still loads) but always yield undefined: WXML
        // has no functions outside WXS modules, which this runtime does not run yet.
        this.next();
        const args = [];
        while (!this.is(')')) {
          args.push(this.expression());
          if (!this.is(')')) this.eat(',');
        }
        this.eat(')');
        node = { k: 'call', callee: node, args };
      } else {
        return node;
      }
    }
  }
  primary() {
    const t = this.next();
    if (t.t === 'num' || t.t === 'str') return { k: 'lit', v: t.v };
    if (t.t === 'id') {
      if (t.v === 'true') return { k: 'lit', v: true };
      if (t.v === 'false') return { k: 'lit', v: false };
      if (t.v === 'null') return { k: 'lit', v: null };
      if (t.v === 'undefined') return { k: 'lit', v: undefined };
      return { k: 'id', name: t.v };
    }
    if (t.t === 'p' && t.v === '(') {
      const e = this.expression();
      this.eat(')');
      return e;
    }
    if (t.t === 'p' && t.v === '[') return this.arrayLit();
    if (t.t === 'p' && t.v === '{') {
      const o = this.objectBody('}');
      this.eat('}');
      return o;
    }
    throw new ExprError(`unexpected '${t.v || 'end of expression'}'`, t.pos);
  }
  arrayLit() {
    this.enter();
    const items = [];
    while (!this.is(']')) {
      if (this.is('...')) { this.next(); items.push({ spread: this.expression() }); } else items.push({ v: this.expression() });
      if (!this.is(']')) this.eat(',');
    }
    this.eat(']');
    this.depth--;
    return { k: 'arr', items };
  }
  // Object literal entries up to `end` (not consumed): {a: 1, b, ...c, 'd': 2}.
  objectBody(end) {
    this.enter();
    const props = [];
    while (!(end === 'eof' ? this.peek().t === 'eof' : this.is(end))) {
      if (this.is('...')) {
        this.next();
        props.push({ spread: this.expression() });
      } else {
        const t = this.next();
        if (t.t !== 'id' && t.t !== 'str' && t.t !== 'num') throw new ExprError('expected a property name', t.pos);
        const key = String(t.v);
        if (this.is(':')) {
          this.next();
          props.push({ key, v: this.expression() });
        } else if (t.t === 'id') {
          props.push({ key, v: { k: 'id', name: key } }); // shorthand {item}
        } else {
          throw new ExprError(`expected ':' after '${key}'`, this.peek().pos);
        }
      }
      if (end === 'eof' ? this.peek().t !== 'eof' : !this.is(end)) this.eat(',');
    }
    this.depth--;
    return { k: 'obj', props };
  }
}

/** Parses one expression (the text between {{ and }}). Throws ExprError with an offset. */
export function parseExpr(src) {
  if (src.length > MAX_EXPR_LENGTH) throw new ExprError(`expression longer than ${MAX_EXPR_LENGTH} characters`, 0);
  const p = new Parser(src);
  const node = p.expression();
  if (p.peek().t !== 'eof') throw new ExprError(`unexpected '${p.peek().v}'`, p.peek().pos);
  return node;
}

/**
 * Parses the `data` of <template is data="{{...}}">, which WeChat reads as the inside of an
 * object literal ({{item}} passes {item: item}, {{...item}} spreads); `{{ {a: 1} }}` is also
 * taken as a plain expression.
 */
export function parseTemplateData(src) {
  try {
    const p = new Parser(src);
    const node = p.objectBody('eof');
    return node;
  } catch (first) {
    try { return parseExpr(src); } catch { throw first; }
  }
}

/** Reads one member without ever leaving own properties (strings: length and indexes). */
export function getMember(obj, key) {
  if (obj === null || obj === undefined) return undefined;
  if (typeof key !== 'string' && typeof key !== 'number') return undefined;
  const k = String(key);
  if (FORBIDDEN.has(k)) return undefined;
  let v;
  if (typeof obj === 'string') {
    if (k === 'length') return obj.length;
    if (/^\d+$/.test(k)) return obj[Number(k)];
    return undefined;
  }
  if (typeof obj !== 'object') return undefined;
  if (!hasOwn(obj, k)) return undefined;
  v = obj[k];
  // Functions never reach a template: WeChat's data is JSON, and a function is a way out.
  return typeof v === 'function' ? undefined : v;
}

/** A scope: own-property lookups in `vars`, then in the parent scope. */
export function scope(vars, parent = null) {
  return { vars, parent };
}

export function lookup(sc, name) {
  if (FORBIDDEN.has(name)) return undefined;
  for (let s = sc; s; s = s.parent) {
    if (s.vars && typeof s.vars === 'object' && hasOwn(s.vars, name)) {
      const v = s.vars[name];
      return typeof v === 'function' ? undefined : v;
    }
  }
  return undefined;
}

function copyEntries(target, src) {
  if (src && typeof src === 'object') {
    for (const k of Object.keys(src)) if (!FORBIDDEN.has(k)) target[k] = getMember(src, k);
  }
}

/** Compiles an expression AST into a function of a scope. */
export function compile(node) {
  switch (node.k) {
    case 'lit': { const v = node.v; return () => v; }
    case 'id': { const n = node.name; return (s) => lookup(s, n); }
    case 'mem': {
      const obj = compile(node.obj);
      const prop = compile(node.prop);
      return (s) => getMember(obj(s), prop(s));
    }
    case 'call': return () => undefined;
    case 'un': {
      const arg = compile(node.arg);
      switch (node.op) {
        case '!': return (s) => !arg(s);
        case '-': return (s) => -num(arg(s));
        case '+': return (s) => +num(arg(s));
        default: return (s) => typeof arg(s);
      }
    }
    case 'bin': {
      const l = compile(node.left);
      const r = compile(node.right);
      switch (node.op) {
        case '&&': return (s) => l(s) && r(s);
        case '||': return (s) => l(s) || r(s);
        case '??': return (s) => l(s) ?? r(s);
        case '===': return (s) => l(s) === r(s);
        case '!==': return (s) => l(s) !== r(s);
        // eslint-disable-next-line eqeqeq
        case '==': return (s) => l(s) == r(s);
        // eslint-disable-next-line eqeqeq
        case '!=': return (s) => l(s) != r(s);
        case '<': return (s) => prim(l(s)) < prim(r(s));
        case '>': return (s) => prim(l(s)) > prim(r(s));
        case '<=': return (s) => prim(l(s)) <= prim(r(s));
        case '>=': return (s) => prim(l(s)) >= prim(r(s));
        case '+': return (s) => {
          const a = prim(l(s)), b = prim(r(s));
          return typeof a === 'string' || typeof b === 'string' ? str(a) + str(b) : a + b;
        };
        case '-': return (s) => num(l(s)) - num(r(s));
        case '*': return (s) => num(l(s)) * num(r(s));
        case '/': return (s) => num(l(s)) / num(r(s));
        default: return (s) => num(l(s)) % num(r(s));
      }
    }
    case 'cond': {
      const t = compile(node.test), y = compile(node.yes), n = compile(node.no);
      return (s) => (t(s) ? y(s) : n(s));
    }
    case 'arr': {
      const items = node.items.map((it) => (it.spread ? { spread: compile(it.spread) } : { v: compile(it.v) }));
      return (s) => {
        const out = [];
        for (const it of items) {
          if (it.spread) {
            const a = it.spread(s);
            if (Array.isArray(a)) for (let i = 0; i < a.length; i++) out.push(a[i]);
          } else out.push(it.v(s));
        }
        return out;
      };
    }
    case 'obj': {
      const props = node.props.map((p) => (p.spread ? { spread: compile(p.spread) } : { key: p.key, v: compile(p.v) }));
      return (s) => {
        const out = {};
        for (const p of props) {
          if (p.spread) copyEntries(out, p.spread(s));
          else if (!FORBIDDEN.has(p.key)) out[p.key] = p.v(s);
        }
        return out;
      };
    }
    default: throw new Error(`unknown expression node ${node.k}`);
  }
}

// Operands are reduced to primitives by hand so no object's own valueOf/toString runs.
function prim(v) {
  if (v === null || v === undefined || typeof v !== 'object') return v;
  return Array.isArray(v) ? v.map((x) => str(x)).join(',') : '[object Object]';
}
function num(v) { return Number(prim(v)); }

/** How a value shows as text: undefined and null as nothing, like WeChat. */
export function str(v) {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return String(prim(v));
  return String(v);
}

/** Parses and compiles; for callers that hold an expression string. */
export function evaluate(src, data) {
  return compile(parseExpr(src))(scope(data));
}
