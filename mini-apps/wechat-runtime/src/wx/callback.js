// WeChat's two calling styles for an async API: callbacks (success/fail/complete) or, when
// none is given, a Promise. Results carry errMsg 'name:ok'; failures are {errMsg: 'name:fail ...'}.

export function failure(name, reason) {
  return { errMsg: `${name}:fail ${reason}` };
}

function toFailure(name, err) {
  if (err && typeof err === 'object' && typeof err.errMsg === 'string') return err;
  return failure(name, err && err.message ? err.message : String(err));
}

export function hasCallbacks(opts) {
  return !!opts && ['success', 'fail', 'complete'].some((k) => typeof opts[k] === 'function');
}

function call(fn, arg) {
  if (typeof fn !== 'function') return;
  try { fn(arg); } catch (e) { console.error(e); }
}

/** Settles a promise of a result through the caller's callbacks, or hands the promise back. */
export function settle(name, opts, promise) {
  const p = promise.then((res) => ({ errMsg: `${name}:ok`, ...res }), (err) => { throw toFailure(name, err); });
  if (!hasCallbacks(opts)) return p;
  p.then((r) => { call(opts.success, r); call(opts.complete, r); },
    (e) => { call(opts.fail, e); call(opts.complete, e); });
  return undefined;
}

/** Makes wx.<name> from impl(opts) -> result object (or a Promise of one). */
export function asyncApi(name, impl) {
  return function api(opts = {}) {
    const o = opts && typeof opts === 'object' ? opts : {};
    return settle(name, o, Promise.resolve().then(() => impl(o)));
  };
}
