// createPlugin from @extism/extism with a synchronous stand-in for net.fetch: set
// globalThis.__wxHostFetch = (request, bodyBytes) => ({ status, body }) at any time. request is
// what the app sent: {method, url, headers}. Without a stand-in, every request fails (status 0),
// as a refused host does.
import createPlugin from '@extism/extism';

export default async function createPluginWithFetch(manifest, opts) {
  let status = 0;
  const env = {
    http_request: (ctx, reqAddr, bodyAddr) => {
      status = 0;
      const stub = globalThis.__wxHostFetch; // read per call, so a test can set it after loadApp
      if (!stub) return 0n;
      const req = JSON.parse(ctx.read(reqAddr).string());
      const body = bodyAddr === 0n ? null : ctx.read(bodyAddr).bytes().slice();
      const res = stub(req, body);
      status = res.status;
      const out = typeof res.body === 'string' ? new TextEncoder().encode(res.body) : Uint8Array.from(res.body ?? []);
      return out.length === 0 ? 0n : ctx.store(out);
    },
    http_status_code: () => status,
  };
  return createPlugin(manifest, { ...opts, functions: { ...opts.functions, 'extism:host/env': env } });
}
