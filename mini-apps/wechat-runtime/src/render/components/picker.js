// <picker>: its children are what the page shows; a tap opens a sheet in the overlay layer.
// Modes:
// - selector: range (array, or objects with range-key), value = index; tapping an option
//   picks it at once: change {value: index}.
// - multiSelector: range is an array of columns (arrays, or of objects with range-key),
//   value an array of indexes. The sheet shows the columns side by side; tapping an option
//   sets that column's pending index and fires columnchange {column, value} at once, so the
//   page can setData new lists for the next columns while the sheet is open (the columns
//   re-render, pending indexes clamped to the new lengths; a changed `value` becomes the
//   pending one). 确定 fires change {value: [indexes]} and closes. Indexes out of range are
//   clamped; the form value is the array (one index per column).
// - date (start, end, fields, value 'YYYY-MM-DD') and time (start, end, value 'hh:mm'): a
//   native input and 确定, change {value}; out of start/end goes to the bound.
// - region is not supported: it needs China's full administrative division data (provinces,
//   cities, districts with codes), which this runtime does not ship; a tap warns and opens
//   nothing (use multiSelector with the app's own data instead).
// 取消, or a tap on the mask, closes and fires cancel {} without changing the value.

import { emit } from '../events.js';
import { str, getMember } from '../../wxml/expr.js';

const bool = (v) => v !== undefined && v !== null && v !== false && v !== '';

function mode(p) { return str(p.mode || 'selector'); }

function label(item, key) {
  return str(key && item && typeof item === 'object' ? getMember(item, key) : item);
}

// multiSelector: the columns of `range` (anything that is not an array is an empty column).
function columns(p) {
  return Array.isArray(p.range) ? p.range.map((c) => (Array.isArray(c) ? c : [])) : [];
}

// multiSelector: `value` as raw indexes (not yet fitted to the columns).
function indexes(v) {
  return Array.isArray(v) ? v.map((n) => Math.trunc(Number(n)) || 0) : [];
}

// One index per column, each within its column (0 for an empty column).
function fit(idx, cols) {
  return cols.map((c, i) => (c.length ? Math.min(Math.max(idx[i] || 0, 0), c.length - 1) : 0));
}

const valueKey = (v) => (Array.isArray(v) ? indexes(v).join(',') : str(v));

function initial(p) {
  const m = mode(p);
  if (m === 'selector') return Number(p.value) || 0;
  if (m === 'multiSelector') return indexes(p.value);
  return str(p.value);
}

const SUPPORTED = new Set(['selector', 'multiSelector', 'date', 'time']);

function open(el, env) {
  const p = el.__props;
  const m = mode(p);
  if (m === 'region') {
    env.warn('picker mode "region" is not supported: it needs China\'s full administrative division data '
      + '(provinces, cities, districts), which this runtime does not ship; use mode="multiSelector" with the app\'s own data');
    return;
  }
  if (!SUPPORTED.has(m)) {
    env.warn(`picker mode "${m}" is not supported`);
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
  const close = () => { mask.remove(); el.__wxOpen = null; el.__wxMulti = null; };
  cancel.addEventListener('click', () => { close(); emit(el, 'cancel', {}); });
  mask.addEventListener('click', (ev) => { if (ev.target === mask) { close(); emit(el, 'cancel', {}); } });
  const confirm = (onClick) => {
    const ok = doc.createElement('button');
    ok.className = 'wx-picker-confirm';
    ok.textContent = '\u786e\u5b9a'; // 确定
    ok.addEventListener('click', onClick);
    bar.appendChild(ok);
  };
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
  } else if (m === 'multiSelector') {
    const multi = multiColumns(el, doc);
    confirm(() => {
      const v = multi.value();
      close();
      el.__wxValue = v.slice();
      emit(el, 'change', { value: v });
    });
    sheet.appendChild(multi.box);
    el.__wxMulti = multi;
  } else {
    const input = doc.createElement('input');
    input.className = `wx-picker-${m}`;
    const fields = str(p.fields || 'day');
    input.type = m === 'time' ? 'time' : fields === 'month' ? 'month' : fields === 'year' ? 'number' : 'date';
    if (p.start) input.min = str(p.start);
    if (p.end) input.max = str(p.end);
    input.value = str(el.__wxValue);
    confirm(() => {
      const v = clamp(input.value, str(p.start), str(p.end));
      if (!v) return;
      close();
      el.__wxValue = v;
      emit(el, 'change', { value: v });
    });
    sheet.appendChild(input);
  }
  mask.appendChild(sheet);
  layer.appendChild(mask);
  el.__wxOpen = mask;
  if (el.__wxMulti) el.__wxMulti.reveal();
}

// The columns of an open multiSelector sheet. sync() re-reads range/range-key from the
// element's current props (the page may setData them while the sheet is open) and rebuilds
// only the columns whose labels changed.
function multiColumns(el, doc) {
  const box = doc.createElement('div');
  box.className = 'wx-picker-columns';
  let pending = fit(el.__wxValue, columns(el.__props));
  const mark = (col, i) => {
    for (const o of col.children) {
      if (Number(o.getAttribute('data-index')) === i) o.setAttribute('selected', ''); else o.removeAttribute('selected');
    }
  };
  const choose = (ci, i) => {
    if (pending[ci] === i) return;
    pending[ci] = i;
    mark(box.children[ci], i);
    emit(el, 'columnchange', { column: ci, value: i });
  };
  const reveal = (col) => {
    const o = col.querySelector('.wx-picker-option[selected]');
    if (o) col.scrollTop = Math.max(0, o.offsetTop - (col.clientHeight - o.offsetHeight) / 2);
  };
  const sync = () => {
    const p = el.__props;
    const cols = columns(p);
    const key = p['range-key'] ? str(p['range-key']) : '';
    pending = fit(pending, cols);
    while (box.children.length > cols.length) box.lastChild.remove();
    cols.forEach((c, ci) => {
      let col = box.children[ci];
      if (!col) {
        col = doc.createElement('div');
        col.className = 'wx-picker-column';
        col.setAttribute('data-column', String(ci));
        col.__wxLabels = null;
        box.appendChild(col);
      }
      const labels = c.map((item) => label(item, key));
      const old = col.__wxLabels;
      const same = old && old.length === labels.length && old.every((t, i) => t === labels[i]);
      if (!same) {
        col.__wxLabels = labels;
        col.replaceChildren(...labels.map((t, i) => {
          const opt = doc.createElement('div');
          opt.className = 'wx-picker-option';
          opt.setAttribute('data-index', String(i));
          opt.textContent = t;
          opt.addEventListener('click', () => choose(ci, i));
          return opt;
        }));
      }
      mark(col, pending[ci]);
      if (!same && old) reveal(col);
    });
  };
  sync();
  return {
    box,
    sync,
    value: () => fit(pending, columns(el.__props)),
    setPending(idx) { pending = fit(idx, columns(el.__props)); },
    reveal: () => { for (const col of box.children) reveal(col); },
  };
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
      value: () => (mode(el.__props) === 'multiSelector' ? fit(el.__wxValue, columns(el.__props)) : el.__wxValue),
      reset: () => { el.__wxValue = initial(el.__props); },
    };
  },
  update(el, p, o) {
    if (mode(p) === 'multiSelector') {
      // Pages often change `value` (and `range`) in place and set the same array back, so
      // the value is compared by content, not by reference.
      const k = valueKey(p.value);
      if (k !== el.__wxValueKey || p.mode !== o.mode) {
        el.__wxValueKey = k;
        el.__wxValue = initial(p);
        el.__wxMulti?.setPending(el.__wxValue);
      }
      el.__wxMulti?.sync();
      return;
    }
    el.__wxValueKey = undefined;
    if (p.value !== o.value || p.mode !== o.mode) el.__wxValue = initial(p);
  },
  unmount(el) {
    if (el.__wxOpen) el.__wxOpen.remove();
  },
};

export default { picker };
