// Batches renders: setData marks its owner dirty and one microtask renders every dirty owner,
// then runs the setData callbacks and the components' pending `ready` lifetimes.

export function createScheduler(onError = (e) => console.error(e)) {
  const dirty = new Set();
  let callbacks = [];
  let afterFlush = [];
  let scheduled = false;
  let waiters = [];

  function flush() {
    scheduled = false;
    // Renders may make more owners dirty (a child's props); loop until quiet, bounded.
    for (let round = 0; dirty.size && round < 100; round++) {
      const owners = [...dirty];
      dirty.clear();
      for (const o of owners) {
        try { o.render(); } catch (e) { onError(e); }
      }
    }
    const cbs = callbacks; callbacks = [];
    for (const cb of cbs) { try { cb(); } catch (e) { onError(e); } }
    const af = afterFlush; afterFlush = [];
    for (const cb of af) { try { cb(); } catch (e) { onError(e); } }
    if (dirty.size || callbacks.length) { schedule(); return; }
    const w = waiters; waiters = [];
    for (const r of w) r();
  }
  function schedule() {
    if (!scheduled) { scheduled = true; queueMicrotask(flush); }
  }
  return {
    /** owner: { render() }; cb runs after the render. */
    mark(owner, cb) {
      dirty.add(owner);
      if (cb) callbacks.push(cb);
      schedule();
    },
    forget(owner) { dirty.delete(owner); },
    after(cb) { afterFlush.push(cb); schedule(); },
    /** Resolves when no render is pending. */
    settle() {
      if (!scheduled && !dirty.size) return Promise.resolve();
      return new Promise((r) => waiters.push(r));
    },
  };
}
