// WeChat events on the DOM. A WeChat event is a DOM CustomEvent named 'wx:<type>', so bubbling,
// capture and stopPropagation are the browser's own: `bind` listens, `catch` listens and stops
// propagation, `capture-bind`/`capture-catch` listen in the capture phase. Native input (click,
// pointer) is turned into tap/touch*/longpress once, at the page root.

// Events that bubble in WeChat; component events (change, input, submit...) do not.
const BUBBLING = new Set(['tap', 'longpress', 'longtap', 'touchstart', 'touchmove', 'touchend', 'touchcancel',
  'transitionend', 'animationstart', 'animationiteration', 'animationend', 'touchforcechange']);
const LONGPRESS_MS = 350;

/** Registers (once per element, type and phase) the listener that runs the current bindings. */
export function listen(el, events) {
  if (!events.length) return;
  const on = el.__wxListening || (el.__wxListening = new Set());
  for (const b of events) {
    const id = `${b.type}|${b.capture}`;
    if (on.has(id)) continue;
    on.add(id);
    el.addEventListener(`wx:${b.type}`, (ev) => run(el, ev, b.type, b.capture), b.capture);
  }
}

function info(el) {
  return { id: el.id || '', dataset: (el.__wx && el.__wx.dataset) || {} };
}

function run(el, ev, type, capture) {
  const bindings = el.__wx ? el.__wx.events : [];
  for (const b of bindings) {
    if (b.type !== type || b.capture !== capture) continue;
    const d = ev.detail || {};
    const wxEvent = {
      type,
      timeStamp: d.timeStamp ?? Math.round(ev.timeStamp || 0),
      target: info(ev.target),
      currentTarget: info(el),
      detail: d.detail === undefined ? {} : d.detail,
      touches: d.touches || [],
      changedTouches: d.changedTouches || [],
      mark: {},
    };
    d.handled = true;
    const owner = b.owner;
    const fn = owner && owner[b.handler];
    if (typeof fn === 'function') {
      try { fn.call(owner, wxEvent); } catch (e) { report(owner, e); }
    } else {
      console.warn(`WeChat runtime: no handler "${b.handler}" for ${type}`);
    }
    if (b.catch) ev.stopPropagation();
  }
}

function report(owner, e) {
  if (owner.__wx && owner.__wx.report) owner.__wx.report(e); else console.error(e);
}

/**
 * Fires a WeChat event from `el`. Returns true when a handler ran.
 * opts: { bubbles (default: WeChat's rule for the type), touches, changedTouches }
 */
export function emit(el, type, detail, opts = {}) {
  const win = el.ownerDocument.defaultView;
  const bubbles = opts.bubbles ?? BUBBLING.has(type);
  const d = { detail, touches: opts.touches || [], changedTouches: opts.changedTouches || [], handled: false };
  el.dispatchEvent(new win.CustomEvent(`wx:${type}`, { bubbles, cancelable: true, composed: !!opts.composed, detail: d }));
  return d.handled;
}

/** The nearest element rendered from WXML, from a native event's target. */
export function wxTarget(node, root) {
  for (let n = node; n && n !== root.parentNode; n = n.parentNode) {
    if (n.__wx) return n;
  }
  return null;
}

function touchList(ev) {
  const t = { identifier: ev.pointerId ?? 0, pageX: ev.pageX ?? ev.clientX ?? 0, pageY: ev.pageY ?? ev.clientY ?? 0, clientX: ev.clientX ?? 0, clientY: ev.clientY ?? 0 };
  return [t];
}

/**
 * Turns native input under `root` into WeChat events: click -> tap, pointer* -> touch*,
 * a press held 350 ms -> longpress/longtap (and no tap if a longpress handler ran), plus
 * hover-class. Returns a function that removes the listeners.
 */
export function installNativeEvents(root, timers) {
  let press = null;
  let suppressClick = false;
  const onClick = (ev) => {
    if (suppressClick) { suppressClick = false; return; }
    const t = wxTarget(ev.target, root);
    if (!t) return;
    const x = ev.clientX ?? 0, y = ev.clientY ?? 0;
    emit(t, 'tap', { x, y }, { touches: [], changedTouches: touchList(ev) });
  };
  const onDown = (ev) => {
    const t = wxTarget(ev.target, root);
    if (!t) return;
    hoverOn(t, timers);
    const touches = touchList(ev);
    emit(t, 'touchstart', {}, { touches, changedTouches: touches });
    const timer = timers.setTimeout(() => {
      if (press && press.timer === timer) {
        press.long = true;
        const handled = emit(t, 'longpress', {}, { touches, changedTouches: touches });
        emit(t, 'longtap', {}, { touches, changedTouches: touches });
        if (handled) suppressClick = true;
      }
    }, LONGPRESS_MS);
    press = { target: t, timer, long: false };
  };
  const onMove = (ev) => {
    if (!press) return;
    const touches = touchList(ev);
    emit(press.target, 'touchmove', {}, { touches, changedTouches: touches });
  };
  const onUp = (ev, type = 'touchend') => {
    if (!press) return;
    timers.clearTimeout(press.timer);
    const t = press.target;
    press = null;
    hoverOff(t, timers);
    emit(t, type, {}, { touches: [], changedTouches: touchList(ev) });
  };
  const onCancel = (ev) => onUp(ev, 'touchcancel');
  root.addEventListener('click', onClick);
  root.addEventListener('pointerdown', onDown);
  root.addEventListener('pointermove', onMove);
  root.addEventListener('pointerup', onUp);
  root.addEventListener('pointercancel', onCancel);
  return () => {
    root.removeEventListener('click', onClick);
    root.removeEventListener('pointerdown', onDown);
    root.removeEventListener('pointermove', onMove);
    root.removeEventListener('pointerup', onUp);
    root.removeEventListener('pointercancel', onCancel);
  };
}

// hover-class: the class is added while pressed and kept for hover-stay-time after release.
function hoverEl(t) {
  for (let n = t; n && n.__wx; n = n.parentNode) {
    const cls = n.__props && n.__props['hover-class'];
    const def = n.__wxBuiltin && n.__wxBuiltin.hoverClass;
    const c = cls ?? def;
    if (c && c !== 'none') return { el: n, cls: String(c), stay: Number(n.__props['hover-stay-time'] ?? (n.__wxBuiltin.hoverStay || 400)) };
    if (n.__props && n.__props['hover-stop-propagation']) return null;
  }
  return null;
}
function hoverOn(t) {
  const h = hoverEl(t);
  if (h && !(h.el.__props && h.el.__props.disabled)) { h.el.classList.add(...h.cls.split(/\s+/).filter(Boolean)); h.el.__wxHover = h; }
}
function hoverOff(t, timers) {
  const h = hoverEl(t);
  if (h && h.el.__wxHover) {
    timers.setTimeout(() => { h.el.classList.remove(...h.cls.split(/\s+/).filter(Boolean)); }, h.stay);
    h.el.__wxHover = null;
  }
}
