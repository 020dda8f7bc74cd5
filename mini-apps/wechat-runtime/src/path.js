// Paths inside a mini-program package: '/pages/a/index' style, never leaving the package root.

/** Resolves `rel` against the file `from` ('pages/a/index.wxml'); '/x' is from the root. */
export function resolvePath(from, rel) {
  if (typeof rel !== 'string' || rel === '') throw new Error('empty path');
  const base = rel.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const seg of rel.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (base.length === 0) throw new Error(`path ${rel} leaves the mini-program package`);
      base.pop();
    } else base.push(seg);
  }
  return base.join('/');
}

/** Splits 'pages/a/index?x=1&y=2' into a route without a leading slash and a query object. */
export function parseUrl(url) {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).replace(/^\/+/, '');
  const query = {};
  if (q >= 0) {
    for (const pair of url.slice(q + 1).split('&')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      const k = eq < 0 ? pair : pair.slice(0, eq);
      const v = eq < 0 ? '' : pair.slice(eq + 1);
      // WeChat hands query values to onLoad as they were written (not decoded).
      if (k && k !== '__proto__') query[k] = v;
    }
  }
  return { path, query };
}
