// The interactive wx APIs drawn as DOM overlays above the pages: toast, loading, modal,
// action sheet. Chinese button texts are WeChat's defaults.

import { asyncApi, failure } from './callback.js';

const CANCEL = '\u53d6\u6d88'; // 取消
const CONFIRM = '\u786e\u5b9a'; // 确定
const TOAST_ICONS = { success: '\u2713', error: '\u2715', loading: '\u25cc', none: '' };

export function createUi({ overlay, doc, timers }) {
  let toast = null;
  const el = (tag, cls, text) => {
    const n = doc().createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  };
  function hide() {
    if (toast) { timers.clearTimeout(toast.timer); toast.node.remove(); toast = null; }
  }
  function show(o, loading) {
    hide();
    const layer = overlay();
    const holder = o.mask ? el('div', 'wx-mask wx-clear') : el('div', 'wx-toast-holder');
    const box = el('div', loading ? 'wx-toast wx-loading' : 'wx-toast');
    const icon = loading ? 'loading' : (o.icon ?? 'success');
    if (TOAST_ICONS[icon]) box.appendChild(el('span', 'wx-toast-icon', TOAST_ICONS[icon]));
    box.appendChild(el('span', 'wx-toast-title', String(o.title ?? '')));
    holder.appendChild(box);
    layer.appendChild(holder);
    toast = { node: holder, loading, timer: null };
    if (!loading) {
      const t = toast;
      t.timer = timers.setTimeout(() => { if (toast === t) hide(); }, Number(o.duration) || 1500);
    }
  }
  return {
    showToast: asyncApi('showToast', (o) => { show(o, false); return {}; }),
    hideToast: asyncApi('hideToast', () => { if (toast && !toast.loading) hide(); return {}; }),
    showLoading: asyncApi('showLoading', (o) => { show(o, true); return {}; }),
    hideLoading: asyncApi('hideLoading', () => { if (toast && toast.loading) hide(); return {}; }),
    showModal: asyncApi('showModal', (o) => new Promise((resolve) => {
      const mask = el('div', 'wx-mask');
      const box = el('div', 'wx-modal');
      if (o.title) box.appendChild(el('div', 'wx-modal-title', String(o.title)));
      const content = el('div', 'wx-modal-content');
      let input = null;
      if (o.editable) {
        input = el('textarea');
        input.placeholder = String(o.placeholderText ?? '');
        input.value = String(o.content ?? '');
        content.appendChild(input);
      } else content.textContent = String(o.content ?? '');
      box.appendChild(content);
      const buttons = el('div', 'wx-modal-buttons');
      const done = (confirm) => {
        mask.remove();
        const r = { confirm, cancel: !confirm };
        if (o.editable) r.content = confirm ? input.value : null;
        resolve(r);
      };
      if (o.showCancel !== false) {
        const c = el('button', 'wx-modal-cancel', String(o.cancelText ?? CANCEL));
        if (o.cancelColor) c.style.setProperty('color', String(o.cancelColor));
        c.addEventListener('click', () => done(false));
        buttons.appendChild(c);
      }
      const ok = el('button', 'wx-modal-confirm', String(o.confirmText ?? CONFIRM));
      if (o.confirmColor) ok.style.setProperty('color', String(o.confirmColor));
      ok.addEventListener('click', () => done(true));
      buttons.appendChild(ok);
      box.appendChild(buttons);
      mask.appendChild(box);
      overlay().appendChild(mask);
    })),
    showActionSheet: asyncApi('showActionSheet', (o) => new Promise((resolve, reject) => {
      const list = Array.isArray(o.itemList) ? o.itemList : [];
      if (list.length === 0 || list.length > 6) {
        reject(failure('showActionSheet', 'parameter error: itemList should have 1 to 6 items'));
        return;
      }
      const mask = el('div', 'wx-mask wx-bottom');
      const sheet = el('div', 'wx-actionsheet');
      list.forEach((text, i) => {
        const item = el('div', 'wx-actionsheet-item', String(text));
        item.setAttribute('data-index', String(i));
        if (o.itemColor) item.style.setProperty('color', String(o.itemColor));
        item.addEventListener('click', () => { mask.remove(); resolve({ tapIndex: i }); });
        sheet.appendChild(item);
      });
      const cancel = el('div', 'wx-actionsheet-cancel', CANCEL);
      cancel.addEventListener('click', () => { mask.remove(); reject(failure('showActionSheet', 'cancel')); });
      sheet.appendChild(cancel);
      mask.appendChild(sheet);
      overlay().appendChild(mask);
    })),
  };
}
