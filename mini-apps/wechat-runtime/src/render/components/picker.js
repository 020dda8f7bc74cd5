// <picker>: its children are what the page shows; a tap opens a sheet in the overlay layer.
// mode=selector (range, range-key, value = index), date (start, end, fields, value
// 'YYYY-MM-DD') and time (start, end, value 'hh:mm'). multiSelector and region are not done yet.

import { emit } from '../events.js';
import { str, getMember } from '../../wxml/expr.js';

const bool = (v) => v !== undefined && v !== null && v !== false && v !== '';

function mode(p) { return str(p.mode || 'selector'); }

function label(item, key) {
  return str(key && item && typeof item === 'object' ? getMember(item, key) : item);
}

function initial(p) {
  const m = mode(p);
  if (m === 'selector') return Number(p.value) || 0;
  return str(p.value);
}

function open(el, env) {
  const p = el.__props;
  const m = mode(p);
  if (m !== 'selector' && m !== 'date' && m !== 'time') {
    env.warn(`picker mode "${m}" is not supported yet`);
    return;
  }
  const doc = env.doc;
  const layer = env.overlay();
  const mask = doc.createElement('div');
  mask.className = 'wx-picker-mask';
  const sheet = doc.createElement('div');
  sheet.className = 'wx-picker';
  const bar = doc.createElement('div');
  bar.className = 'wx-picker-bar';
  const cancel = doc.createElement('button');
  cancel.className = 'wx-picker-cancel';
  cancel.textContent = '\u53d6\u6d88'; // 取消
  bar.appendChild(cancel);
  const close = () => { mask.remove(); el.__wxOpen = null; };
  cancel.addEventListener('click', () => { close(); emit(el, 'cancel', {}); });
  mask.addEventListener('click', (ev) => { if (ev.target === mask) { close(); emit(el, 'cancel', {}); } });
  sheet.appendChild(bar);
  if (m === 'selector') {
    const range = Array.isArray(p.range) ? p.range : [];
    const key = p['range-key'] ? str(p['range-key']) : '';
    const list = doc.createElement('div');
    list.className = 'wx-picker-options';
    range.forEach((item, i) => {
      const opt = doc.createElement('div');
      opt.className = 'wx-picker-option';
      opt.setAttribute('data-index', String(i));
      if (i === el.__wxValue) opt.setAttribute('selected', '');
      opt.textContent = label(item, key);
      opt.addEventListener('click', () => {
        close();
        el.__wxValue = i;
        emit(el, 'change', { value: i });
      });
      list.appendChild(opt);
    });
    sheet.appendChild(list);
  } else {
    const input = doc.createElement('input');
    input.className = `wx-picker-${m}`;
    const fields = str(p.fields || 'day');
    input.type = m === 'time' ? 'time' : fields === 'month' ? 'month' : fields === 'year' ? 'number' : 'date';
    if (p.start) input.min = str(p.start);
    if (p.end) input.max = str(p.end);
    input.value = str(el.__wxValue);
    const ok = doc.createElement('button');
    ok.className = 'wx-picker-confirm';
    ok.textContent = '\u786e\u5b9a'; // 确定
    ok.addEventListener('click', () => {
      const v = clamp(input.value, str(p.start), str(p.end));
      if (!v) return;
      close();
      el.__wxValue = v;
      emit(el, 'change', { value: v });
    });
    bar.appendChild(ok);
    sheet.appendChild(input);
  }
  mask.appendChild(sheet);
  layer.appendChild(mask);
  el.__wxOpen = mask;
}

// Dates and times compare as text ('2024-01-31' < '2024-02-01'); out of range goes to the bound.
function clamp(v, start, end) {
  if (!v) return v;
  if (start && v < start) return start;
  if (end && v > end) return end;
  return v;
}

const picker = {
  mount(el, env) {
    el.__wxValue = 0;
    el.addEventListener('click', () => {
      if (bool(el.__props.disabled) || el.__wxOpen) return;
      open(el, env);
    });
    el.__wxField = {
      get name() { return el.__props.name !== undefined ? str(el.__props.name) : ''; },
      value: () => el.__wxValue,
      reset: () => { el.__wxValue = initial(el.__props); },
    };
  },
  update(el, p, o) {
    if (p.value !== o.value || p.mode !== o.mode) el.__wxValue = initial(p);
  },
  unmount(el) {
    if (el.__wxOpen) el.__wxOpen.remove();
  },
};

export default { picker };
