// A network call as WeChat shapes it (wx.request, downloadFile, uploadFile): a timeout, abort(),
// and both calling styles — with callbacks it returns the task object, without them a Promise
// that also has abort(). run(signal) does the work; signal is aborted on timeout or abort().

import { settle, hasCallbacks, failure } from './callback.js';

export function networkTask(name, o, ms, timers, run) {
  const controller = typeof AbortController === 'function' ? new AbortController() : null;
  let stop = null;
  let timer = null;
  const work = new Promise((resolve, reject) => {
    stop = () => { controller?.abort(); reject(failure(name, 'abort')); };
    timer = timers.setTimeout(() => { controller?.abort(); reject(failure(name, 'timeout')); }, ms);
    Promise.resolve()
      .then(() => run(controller ? controller.signal : undefined))
      .then(resolve, (e) => reject(e && e.errMsg ? e : failure(name, (e && e.message) || String(e))));
  }).finally(() => timers.clearTimeout(timer));
  const handle = {
    abort() { stop(); },
    onProgressUpdate() {}, offProgressUpdate() {}, onHeadersReceived() {}, offHeadersReceived() {},
  };
  const result = settle(name, o, work);
  if (hasCallbacks(o)) return handle;
  result.abort = handle.abort;
  return result;
}

/** The call's own timeout when it gives one, else the app's. */
export const timeoutOf = (o, fallback) => (Number(o.timeout) > 0 ? Number(o.timeout) : fallback());
