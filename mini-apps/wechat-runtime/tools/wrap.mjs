#!/usr/bin/env node
// Wraps a mini-program's CommonJS files as ES modules under <dir>/__esm__/, the form the
// runtime imports in the browser (where the node's CSP forbids eval). Until
// `elastos app port-wechat` does this as part of porting, run it by hand:
//   node tools/wrap.mjs path/to/miniprogram
import fs from 'node:fs';
import path from 'node:path';
import { wrapModule, ESM_DIR } from '../src/loader.js';

export function wrapTree(dir) {
  const out = path.join(dir, ESM_DIR);
  let n = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (p !== out.replace(/\/$/, '') && e.name !== 'node_modules' && !e.name.startsWith('.')) walk(p);
      } else if (e.name.endsWith('.js')) {
        const target = path.join(out, path.relative(dir, p));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, wrapModule(fs.readFileSync(p, 'utf8')));
        n++;
      }
    }
  };
  walk(dir);
  return n;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (!dir) { console.error('usage: node tools/wrap.mjs <mini-program dir>'); process.exit(2); }
  console.log(`wrapped ${wrapTree(path.resolve(dir))} files into ${path.join(dir, ESM_DIR)}`);
}
