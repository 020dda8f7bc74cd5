// A module hook for the host's tests: when the SDK's testing.mjs imports @extism/extism it gets
// extism-fetch.mjs instead, which adds a stand-in for the kernel's http_request (the JS
// runtime only performs HTTP in worker mode, which loadApp does not use).
export async function resolve(specifier, context, next) {
  if (specifier === '@extism/extism' && context.parentURL && context.parentURL.endsWith('/testing.mjs')) {
    return { url: new URL('./extism-fetch.mjs', import.meta.url).href, shortCircuit: true };
  }
  return next(specifier, context);
}
