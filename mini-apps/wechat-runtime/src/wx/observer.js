// wx.createIntersectionObserver(component, options) and this.createIntersectionObserver(options):
// WeChat's IntersectionObserver, built on the browser's native IntersectionObserver.
//
//   const io = wx.createIntersectionObserver(this, { thresholds: [0, 0.5], initialRatio: 0, observeAll: false })
//   io.relativeToViewport({ bottom: 100 })     the reference area: the page's display area
//     (or .relativeTo('.scroller', margins))   the first node the selector matches
//     .observe('.item', (res) => { ... })       res: {id, dataset, intersectionRatio, intersectionRect,
//                                               boundingClientRect, relativeRect, time}
//   io.disconnect()                            stops every observe() of this observer
//
// The first argument is the page or component whose nodes the selectors see, with WeChat's
// scoping (the SelectorQuery's: a page sees its own nodes, component hosts and slot content, a
// component its own nodes, `>>>` crosses); null/undefined is the current page. Selectors are
// the SelectorQuery's subset (query.js), matched once, when observe() is called: nodes rendered
// later are not observed (as in WeChat). A selector that matches nothing warns once and does
// nothing.
//
// The display area is the page element (wx-page, the scroll container of the page), so
// relativeToViewport observes with root = the page element and the margins as rootMargin
// (positive values grow the area, as in WeChat). relativeTo uses the matched element as root;
// the browser only reports intersections with an ancestor of the target, so the reference node
// must contain the observed nodes (typically a scroll-view): otherwise a warning is printed
// and the browser reports the target as never intersecting. One reference area per observer
// (WeChat allows several, intersected); without relativeTo/relativeToViewport the display area
// is used.
//
// The callback runs when the intersection crosses one of the thresholds, the first time when
// the ratio at observe() time differs from initialRatio in the thresholds it reaches (the
// native observer's first report of a node in the same state as initialRatio is dropped).
// Rects are relative to the page element, as the SelectorQuery's are; relativeRect is the
// reference area (with its margins), intersectionRect is all zeros when nothing intersects.
// Callback errors go to host.report. An observer stops by itself when its page or component
// is gone. Without a native IntersectionObserver, observe() throws.

import { clone } from '../core/data.js';
import { parseSelector, indexPage, select, rectOf } from './query.js';

export const MAX_OBSERVED = 1000; // nodes per observer, over all its observe() calls
export const MAX_THRESHOLDS = 100;

const SIDES = ['top', 'right', 'bottom', 'left'];

function thresholdsOf(v) {
  if (v === undefined || v === null) return [0];
  if (!Array.isArray(v)) throw new TypeError('wx.createIntersectionObserver: options.thresholds must be an array of numbers between 0 and 1');
  if (v.length > MAX_THRESHOLDS) throw new RangeError(`wx.createIntersectionObserver: more than ${MAX_THRESHOLDS} thresholds`);
  for (const t of v) {
    if (typeof t !== 'number' || !(t >= 0 && t <= 1)) throw new RangeError(`wx.createIntersectionObserver: threshold ${String(t)} is not a number between 0 and 1`);
  }
  const out = [...new Set(v)].sort((a, b) => a - b);
  return out.length ? out : [0];
}

function ratioOf(v) {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new RangeError(`wx.createIntersectionObserver: options.initialRatio ${String(v)} is not a number between 0 and 1`);
  return v;
}

function marginsOf(m, who) {
  const out = { top: 0, right: 0, bottom: 0, left: 0 };
  if (m === undefined || m === null) return out;
  if (typeof m !== 'object') throw new TypeError(`IntersectionObserver.${who}: margins must be an object {left, right, top, bottom}`);
  for (const side of SIDES) {
    const x = m[side];
    if (x === undefined || x === null) continue;
    const n = Number(x);
    if (!Number.isFinite(n)) throw new TypeError(`IntersectionObserver.${who}: margins.${side} must be a number of px`);
    out[side] = n;
  }
  return out;
}

// Which thresholds does this state reach? Threshold 0 is reached by intersecting at all
// (an edge-adjacent node intersects with ratio 0), the others by ratio >= t.
function reached(thresholds, ratio, intersecting) {
  let n = 0;
  for (const t of thresholds) if (t === 0 ? intersecting : ratio >= t) n++;
  return n;
}

const num = (x) => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
const ZERO = { left: 0, top: 0, right: 0, bottom: 0, width: 0, height: 0 };

/**
 * host: { doc(), win(), top() (the current page instance; its element is page.__wx.el),
 *         report(e)? (errors thrown by callbacks; default console.error) }
 * Returns { createIntersectionObserver }.
 */
export function createIntersectionObserverApi(host) {
  const report = (e) => {
    if (host && typeof host.report === 'function') host.report(e); else console.error(e);
  };

  function scopeOf(component) {
    if (component === undefined || component === null) {
      const top = host.top();
      if (!top) throw new Error('wx.createIntersectionObserver: no page is open');
      return top;
    }
    const st = typeof component === 'object' ? component.__wx : null;
    if (!st || (st.kind !== 'page' && st.kind !== 'component')) {
      throw new TypeError('wx.createIntersectionObserver: the first argument must be a page or component instance (`this`), or null for the current page');
    }
    return component;
  }
  const pageOf = (scope) => (scope.__wx.kind === 'component' ? scope.__wx.page : scope);
  const alive = (scope) => {
    const page = pageOf(scope);
    return !!(scope.__wx.alive && page && page.__wx && page.__wx.alive && page.__wx.el);
  };

  function parse(selector, who) {
    try {
      return parseSelector(selector);
    } catch (e) {
      const err = new (e instanceof TypeError ? TypeError : Error)(String(e.message).replace(/^SelectorQuery:/, `IntersectionObserver.${who}:`));
      throw err;
    }
  }

  function createIntersectionObserver(component, options) {
    const scope = scopeOf(component);
    const o = options && typeof options === 'object' ? options : {};
    const thresholds = thresholdsOf(o.thresholds);
    const initialRatio = ratioOf(o.initialRatio);
    const observeAll = !!o.observeAll;
    let reference = null; // {viewport: true, margins} | {selector, union, margins}
    const running = new Set(); // one record per observe(): {io, states: Map(el -> reached count), stopped}
    let observedCount = 0;
    const warned = new Set();
    const warnOnce = (key, msg) => {
      if (warned.has(key)) return;
      warned.add(key);
      console.warn(msg);
    };

    const stop = (run) => {
      if (run.stopped) return;
      run.stopped = true;
      running.delete(run);
      observedCount -= run.states.size;
      try { run.io.disconnect(); } catch (e) { report(e); }
      run.states.clear();
    };

    const setReference = (ref) => {
      if (reference) throw new Error('IntersectionObserver: only one reference area per observer is supported (call relativeTo or relativeToViewport once)');
      reference = ref;
    };

    const observer = {
      relativeTo(selector, margins) {
        const union = parse(selector, 'relativeTo');
        setReference({ selector: String(selector), union, margins: marginsOf(margins, 'relativeTo') });
        return observer;
      },
      relativeToViewport(margins) {
        setReference({ viewport: true, margins: marginsOf(margins, 'relativeToViewport') });
        return observer;
      },
      observe(selector, callback) {
        const union = parse(selector, 'observe');
        if (typeof callback !== 'function') throw new TypeError('IntersectionObserver.observe: the callback must be a function');
        const win = host.win();
        const Native = win && win.IntersectionObserver;
        if (typeof Native !== 'function') {
          throw new Error('IntersectionObserver.observe: this browser has no IntersectionObserver, so wx.createIntersectionObserver cannot observe nodes');
        }
        if (!alive(scope)) return;
        const page = pageOf(scope);
        const pageEl = page.__wx.el;
        const index = indexPage(page);
        const found = select(index, union, scope, observeAll);
        const targets = observeAll ? found : found ? [found] : [];
        if (!targets.length) {
          warnOnce(`observe ${selector}`, `IntersectionObserver.observe: node "${selector}" is not found; the intersection observer will not trigger`);
          return;
        }
        if (observedCount + targets.length > MAX_OBSERVED) {
          throw new Error(`IntersectionObserver.observe: more than ${MAX_OBSERVED} nodes observed by one observer ("${selector}" matches ${targets.length}, ${observedCount} already observed)`);
        }
        const ref = reference || { viewport: true, margins: marginsOf(null) };
        let rootEl = pageEl;
        if (!ref.viewport) {
          const r = select(index, ref.union, scope, false);
          if (!r) {
            warnOnce(`relativeTo ${ref.selector}`, `IntersectionObserver.relativeTo: node "${ref.selector}" is not found; the intersection observer will not trigger`);
            return;
          }
          rootEl = r.el;
          const outside = targets.filter((t) => t.el === rootEl || !rootEl.contains(t.el));
          if (outside.length) {
            warnOnce(`outside ${ref.selector} ${selector}`, `IntersectionObserver.relativeTo: node "${ref.selector}" does not contain "${selector}"; this runtime uses the browser's IntersectionObserver, which reports such nodes as never intersecting`);
          }
        }
        const m = ref.margins;
        const rootMargin = SIDES.map((s) => `${m[s]}px`).join(' ');
        const initial = reached(thresholds, initialRatio, initialRatio > 0);
        const run = { io: null, states: new Map(), stopped: false };

        const relativeTo = (r, origin) => {
          const left = num(r.left), top = num(r.top);
          const width = num(r.width), height = num(r.height);
          const right = r.right === undefined ? left + width : num(r.right);
          const bottom = r.bottom === undefined ? top + height : num(r.bottom);
          return { left: left - origin.left, top: top - origin.top, right: right - origin.left, bottom: bottom - origin.top, width, height };
        };
        const timeOf = (entry) => {
          const perf = win.performance;
          const t0 = perf && perf.timeOrigin;
          return typeof entry.time === 'number' && Number.isFinite(entry.time) && Number.isFinite(t0) ? Math.round(t0 + entry.time) : Date.now();
        };

        const onEntries = (entries) => {
          if (run.stopped) return;
          if (!alive(scope)) { stop(run); return; }
          let origin = null;
          for (const entry of entries || []) {
            if (run.stopped) return; // the callback disconnected
            const el = entry && entry.target;
            if (!run.states.has(el)) continue;
            const ratio = Math.min(1, Math.max(0, num(entry.intersectionRatio)));
            const intersecting = typeof entry.isIntersecting === 'boolean' ? entry.isIntersecting : ratio > 0;
            const now = reached(thresholds, ratio, intersecting);
            if (now === run.states.get(el)) continue;
            run.states.set(el, now);
            origin ||= rectOf(pageEl);
            let rootBounds = entry.rootBounds;
            if (!rootBounds) {
              const b = rectOf(rootEl);
              rootBounds = { left: b.left - m.left, top: b.top - m.top, right: b.right + m.right, bottom: b.bottom + m.bottom };
              rootBounds.width = rootBounds.right - rootBounds.left;
              rootBounds.height = rootBounds.bottom - rootBounds.top;
            }
            const rel = relativeTo(rootBounds, origin);
            const res = {
              id: el.id || '',
              dataset: clone((el.__wx && el.__wx.dataset) || {}),
              intersectionRatio: ratio,
              intersectionRect: intersecting && entry.intersectionRect ? relativeTo(entry.intersectionRect, origin) : { ...ZERO },
              boundingClientRect: entry.boundingClientRect ? relativeTo(entry.boundingClientRect, origin) : { ...ZERO },
              relativeRect: { left: rel.left, right: rel.right, top: rel.top, bottom: rel.bottom },
              time: timeOf(entry),
            };
            try { callback.call(scope, res); } catch (e) { report(e); }
          }
        };

        run.io = new Native(onEntries, { root: rootEl, rootMargin, threshold: thresholds });
        running.add(run);
        for (const t of targets) {
          run.states.set(t.el, initial);
          run.io.observe(t.el);
        }
        observedCount += targets.length;
        return undefined;
      },
      disconnect() {
        for (const run of [...running]) stop(run);
      },
    };
    return observer;
  }

  return { createIntersectionObserver };
}
