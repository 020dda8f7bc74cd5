// view (and cover-view), text, icon, image, navigator: the display components.

import { emit } from '../events.js';
import { str } from '../../wxml/expr.js';

const bool = (v) => v !== undefined && v !== null && v !== false && v !== '';

function setAttr(el, name, on, value = '') {
  if (on) { if (el.getAttribute(name) !== String(value)) el.setAttribute(name, String(value)); } else if (el.hasAttribute(name)) el.removeAttribute(name);
}

const view = { hoverClass: 'none', hoverStay: 400 };

const text = {
  update(el, p, o) {
    if (p.selectable !== o.selectable || p['user-select'] !== o['user-select']) setAttr(el, 'selectable', bool(p.selectable) || bool(p['user-select']));
    if (p.space !== o.space) setAttr(el, 'space', bool(p.space), str(p.space));
  },
};

// Icons drawn with text glyphs in a circle, in WeChat's default colours.
const ICONS = {
  success: ['\u2713', '#07c160', true], success_no_circle: ['\u2713', '#07c160', false],
  info: ['i', '#10aeff', true], warn: ['!', '#f76260', true], waiting: ['\u25f7', '#10aeff', false],
  cancel: ['\u2715', '#f43530', true], download: ['\u2193', '#07c160', false],
  search: ['\u2315', '#b2b2b2', false], clear: ['\u2715', '#b2b2b2', true],
};
const icon = {
  update(el, p) {
    const [glyph, colour, circle] = ICONS[p.type] || ICONS.info;
    const size = parseFloat(p.size) || 23;
    el.textContent = glyph;
    el.setAttribute('type', str(p.type));
    const c = p.color ? str(p.color) : colour;
    el.style.setProperty('width', `${size}px`);
    el.style.setProperty('height', `${size}px`);
    el.style.setProperty('line-height', `${size}px`);
    el.style.setProperty('font-size', `${Math.round(size * 0.7)}px`);
    el.style.setProperty(circle ? 'background-color' : 'color', c);
    el.style.setProperty(circle ? 'color' : 'background-color', circle ? '#fff' : 'transparent');
    el.style.setProperty('border-radius', '50%');
  },
};

const image = {
  mount(el, env) {
    const img = env.doc.createElement('img');
    img.setAttribute('draggable', 'false');
    img.addEventListener('load', () => emit(el, 'load', { width: img.naturalWidth, height: img.naturalHeight }));
    img.addEventListener('error', () => emit(el, 'error', { errMsg: `GET ${img.getAttribute('src')} failed` }));
    el.__wxImg = img;
    el.__wxSlot = env.doc.createElement('span'); // <image> has no children
    el.appendChild(img);
  },
  update(el, p, o, env) {
    if (p.src !== o.src) {
      const src = str(p.src);
      el.__wxSrc = src;
      if (src.startsWith('wxfile://') && env.fileUrl) {
        // A picked photo or a download: its bytes come from the node, then an object URL.
        el.__wxImg.removeAttribute('src');
        env.fileUrl(src).then(
          (u) => { if (el.__wxSrc === src) el.__wxImg.setAttribute('src', u); },
          (e) => emit(el, 'error', { errMsg: `GET ${src} failed: ${(e && e.message) || e}` }),
        );
      } else if (src) el.__wxImg.setAttribute('src', env.resolveSrc(src)); else el.__wxImg.removeAttribute('src');
    }
    if (p.mode !== o.mode) el.setAttribute('mode', str(p.mode || 'scaleToFill'));
  },
};

const navigator = {
  hoverClass: 'navigator-hover',
  hoverStay: 600,
  mount(el, env) {
    el.addEventListener('click', () => {
      const p = el.__props;
      const type = str(p['open-type'] || 'navigate');
      env.navigate(type, str(p.url), Number(p.delta) || 1);
    });
  },
};

export default { view, text, icon, image, navigator, 'cover-view': view };
