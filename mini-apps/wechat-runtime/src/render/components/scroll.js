// scroll-view (native overflow scrolling + WeChat's scroll events) and swiper/swiper-item (a
// track moved by transform; autoplay, dots, swipe by pointer, circular).

import { emit } from '../events.js';
import { str } from '../../wxml/expr.js';

const bool = (v) => v !== undefined && v !== null && v !== false && v !== '';

function reflect(el, name, on, value = '') {
  if (on) { if (el.getAttribute(name) !== String(value)) el.setAttribute(name, String(value)); } else if (el.hasAttribute(name)) el.removeAttribute(name);
}

// A length as WeChat takes it for scroll-top: a number (px) or '10px' / '20rpx'.
function length(v, env) {
  if (typeof v === 'number') return v;
  const s = str(v);
  return parseFloat(env.rpx(s)) || 0;
}

const scrollView = {
  mount(el) {
    let last = { top: 0, left: 0 };
    let edge = { upper: false, lower: false };
    el.addEventListener('scroll', () => {
      const p = el.__props;
      const top = el.scrollTop, left = el.scrollLeft;
      emit(el, 'scroll', {
        scrollLeft: left, scrollTop: top, scrollHeight: el.scrollHeight, scrollWidth: el.scrollWidth,
        deltaX: last.left - left, deltaY: last.top - top,
      });
      last = { top, left };
      const upperT = Number(p['upper-threshold'] ?? 50), lowerT = Number(p['lower-threshold'] ?? 50);
      const vertical = bool(p['scroll-y']);
      const pos = vertical ? top : left;
      const span = vertical ? el.scrollHeight - el.clientHeight : el.scrollWidth - el.clientWidth;
      const upper = pos <= upperT, lower = span - pos <= lowerT;
      if (upper && !edge.upper) emit(el, 'scrolltoupper', { direction: vertical ? 'top' : 'left' });
      if (lower && !edge.lower) emit(el, 'scrolltolower', { direction: vertical ? 'bottom' : 'right' });
      edge = { upper, lower };
    });
  },
  update(el, p) {
    reflect(el, 'scroll-x', bool(p['scroll-x']));
    reflect(el, 'scroll-y', bool(p['scroll-y']));
  },
  afterChildren(el, p, env) {
    const o = el.__wxLast || {};
    if (p['scroll-top'] !== undefined && p['scroll-top'] !== o['scroll-top']) el.scrollTop = length(p['scroll-top'], env);
    if (p['scroll-left'] !== undefined && p['scroll-left'] !== o['scroll-left']) el.scrollLeft = length(p['scroll-left'], env);
    if (p['scroll-into-view'] && p['scroll-into-view'] !== o['scroll-into-view']) {
      const id = str(p['scroll-into-view']);
      const target = [...el.querySelectorAll('[id]')].find((n) => n.id === id);
      if (target) {
        if (bool(p['scroll-x'])) el.scrollLeft = target.offsetLeft - el.offsetLeft;
        else el.scrollTop = target.offsetTop - el.offsetTop;
      }
    }
    el.__wxLast = { ...p };
  },
};

// ---- swiper -------------------------------------------------------------------------------

function items(el) {
  return [...el.__wxSlot.children];
}

function show(el, index, source, env) {
  const n = items(el).length;
  if (n === 0) return;
  const p = el.__props;
  let i = index;
  if (i >= n) i = bool(p.circular) || source === 'autoplay' ? 0 : n - 1;
  if (i < 0) i = bool(p.circular) ? n - 1 : 0;
  const changed = i !== el.__wxCurrent;
  el.__wxCurrent = i;
  const vertical = bool(p.vertical);
  el.__wxSlot.style.setProperty('transform', vertical ? `translateY(${-100 * i}%)` : `translateX(${-100 * i}%)`);
  const duration = p.duration === undefined ? 500 : Number(p.duration);
  el.__wxSlot.style.setProperty('transition-duration', source ? `${duration}ms` : '0ms');
  [...el.__wxDots.children].forEach((d, k) => reflect(d, 'active', k === i));
  if (changed && source) {
    const item = items(el)[i];
    emit(el, 'change', { current: i, currentItemId: (item && item.__props && str(item.__props['item-id'])) || '', source });
  }
  void env;
}

const swiper = {
  mount(el, env) {
    const doc = env.doc;
    const track = doc.createElement('div');
    track.className = 'wx-swiper-track';
    const dots = doc.createElement('div');
    dots.className = 'wx-swiper-dots';
    el.appendChild(track);
    el.appendChild(dots);
    el.__wxSlot = track;
    el.__wxDots = dots;
    el.__wxCurrent = -1;
    let start = null;
    el.addEventListener('pointerdown', (ev) => { start = { x: ev.clientX || 0, y: ev.clientY || 0 }; });
    el.addEventListener('pointerup', (ev) => {
      if (!start) return;
      const vertical = bool(el.__props.vertical);
      const d = vertical ? (ev.clientY || 0) - start.y : (ev.clientX || 0) - start.x;
      start = null;
      if (Math.abs(d) > 30) show(el, el.__wxCurrent + (d < 0 ? 1 : -1), 'touch', env);
    });
  },
  update(el, p, o, env) {
    reflect(el, 'vertical', bool(p.vertical));
    if (p.autoplay !== o.autoplay || p.interval !== o.interval) {
      if (el.__wxTimer) env.timers.clearInterval(el.__wxTimer);
      el.__wxTimer = null;
      if (bool(p.autoplay)) {
        const every = Math.max(100, Number(p.interval) || 5000);
        el.__wxTimer = env.timers.setInterval(() => show(el, el.__wxCurrent + 1, 'autoplay', env), every);
      }
    }
  },
  afterChildren(el, p, env) {
    const n = items(el).length;
    const dots = el.__wxDots;
    reflect(dots, 'hidden', !bool(p['indicator-dots']));
    while (dots.children.length > n) dots.lastChild.remove();
    while (dots.children.length < n) dots.appendChild(env.doc.createElement('span'));
    if (p['indicator-color']) dots.style.setProperty('--wx-dot', str(p['indicator-color']));
    if (p['indicator-active-color']) dots.style.setProperty('--wx-dot-active', str(p['indicator-active-color']));
    const o = el.__wxLastCurrent;
    const want = p.current !== undefined && p.current !== o ? Number(p.current) || 0 : Math.max(0, el.__wxCurrent);
    el.__wxLastCurrent = p.current;
    show(el, want, '', env);
  },
  unmount(el, env) {
    if (el.__wxTimer) env.timers.clearInterval(el.__wxTimer);
    el.__wxTimer = null;
  },
};

export default { 'scroll-view': scrollView, swiper, 'swiper-item': {} };
