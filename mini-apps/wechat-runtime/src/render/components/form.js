// Form controls. Each control with a `name` exposes el.__wxField {name, value(), reset()} so
// <form> can collect values on submit the way WeChat does (detail.value[name]).

import { emit } from '../events.js';
import { str } from '../../wxml/expr.js';

const bool = (v) => v !== undefined && v !== null && v !== false && v !== '';

function reflect(el, name, on, value = '') {
  if (on) { if (el.getAttribute(name) !== String(value)) el.setAttribute(name, String(value)); } else if (el.hasAttribute(name)) el.removeAttribute(name);
}

function field(el, value, reset) {
  el.__wxField = {
    get name() { return el.__props && el.__props.name !== undefined ? str(el.__props.name) : ''; },
    value,
    reset,
  };
}

function inner(el, env, tag, cls) {
  const n = env.doc.createElement(tag);
  if (cls) n.className = cls;
  el.appendChild(n);
  return n;
}

// ---- button -----------------------------------------------------------------------------

const button = {
  hoverClass: 'button-hover',
  hoverStay: 70,
  mount(el) {
    // Registered on the element itself, so it runs before the tap delegated at the page root.
    el.addEventListener('click', (ev) => {
      const p = el.__props;
      if (bool(p.disabled)) { ev.stopPropagation(); ev.preventDefault(); return; }
      const form = el.closest('wx-form');
      const type = str(p['form-type']);
      if (form && form.__wxForm && (type === 'submit' || type === 'reset')) {
        // The tap handler (if any) runs first, as in WeChat.
        Promise.resolve().then(() => (type === 'submit' ? form.__wxForm.submit() : form.__wxForm.reset()));
      }
    });
  },
  update(el, p) {
    reflect(el, 'type', true, str(p.type || 'default'));
    reflect(el, 'size', p.size === 'mini', 'mini');
    reflect(el, 'plain', bool(p.plain));
    reflect(el, 'disabled', bool(p.disabled));
    reflect(el, 'loading', bool(p.loading));
  },
};

// ---- input / textarea ----------------------------------------------------------------------

function textControl(tag, defaults) {
  return {
    mount(el, env) {
      const c = inner(el, env, tag);
      el.__wxControl = c;
      el.__wxSlot = env.doc.createElement('span');
      const value = () => c.value;
      c.addEventListener('input', () => {
        emit(el, 'input', { value: c.value, cursor: c.selectionStart ?? c.value.length, keyCode: 0 });
      });
      c.addEventListener('focus', () => emit(el, 'focus', { value: c.value, height: 0 }));
      c.addEventListener('blur', () => emit(el, 'blur', { value: c.value, cursor: c.selectionStart ?? c.value.length }));
      c.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' && tag === 'input') emit(el, 'confirm', { value: c.value });
      });
      field(el, value, () => { c.value = str(el.__props.value); });
    },
    update(el, p, o) {
      const c = el.__wxControl;
      // Only a changed `value` binding is written, so typing is not undone by unrelated renders.
      if (p.value !== o.value && c.value !== str(p.value)) c.value = str(p.value);
      if (p.placeholder !== o.placeholder) c.placeholder = str(p.placeholder);
      if (p.disabled !== o.disabled) c.disabled = bool(p.disabled);
      const max = p.maxlength === undefined ? defaults.maxlength : Number(p.maxlength);
      if (max >= 0) c.maxLength = max; else c.removeAttribute('maxlength');
      if (tag === 'input') {
        const type = bool(p.password) ? 'password' : 'text';
        if (c.type !== type) c.type = type;
        const mode = { number: 'numeric', digit: 'decimal', idcard: 'text' }[p.type] || 'text';
        if (c.getAttribute('inputmode') !== mode) c.setAttribute('inputmode', mode);
      }
      if (bool(p.focus) && !bool(o.focus)) c.focus();
      if (p.name !== undefined && c.name !== str(p.name)) c.name = str(p.name);
    },
  };
}

// ---- checkbox / radio / switch ---------------------------------------------------------------

function toggle(kind) {
  return {
    mount(el, env) {
      el.__wxBox = inner(el, env, 'span', `wx-${kind}-input`);
      el.__wxSlot = inner(el, env, 'span', `wx-${kind}-label`);
      el.__wxChecked = false;
      el.__wxActivate = () => activate(el, kind);
      el.addEventListener('click', () => el.__wxActivate());
      if (kind === 'switch') field(el, () => el.__wxChecked, () => setChecked(el, bool(el.__props.checked)));
    },
    update(el, p, o) {
      if (p.checked !== o.checked) setChecked(el, bool(p.checked));
      reflect(el, 'disabled', bool(p.disabled));
      if (kind === 'switch') reflect(el, 'type', true, str(p.type || 'switch'));
      if (p.color !== o.color) el.__wxBox.style.setProperty('--wx-color', p.color ? str(p.color) : '');
    },
  };
}

function setChecked(el, on) {
  el.__wxChecked = on;
  reflect(el, 'checked', on);
}

function activate(el, kind) {
  if (bool(el.__props.disabled)) return;
  if (kind === 'switch') {
    setChecked(el, !el.__wxChecked);
    emit(el, 'change', { value: el.__wxChecked });
    return;
  }
  const group = el.closest(`wx-${kind}-group`);
  if (kind === 'radio') {
    if (el.__wxChecked) return;
    if (group) for (const r of group.querySelectorAll('wx-radio')) if (r.closest('wx-radio-group') === group) setChecked(r, false);
    setChecked(el, true);
  } else {
    setChecked(el, !el.__wxChecked);
  }
  if (group) emit(group, 'change', { value: group.__wxField.value() });
}

function members(group, kind) {
  return [...group.querySelectorAll(`wx-${kind}`)].filter((c) => c.closest(`wx-${kind}-group`) === group);
}

function group(kind) {
  return {
    mount(el) {
      const value = () => {
        const checked = members(el, kind).filter((c) => c.__wxChecked).map((c) => str(c.__props.value));
        return kind === 'checkbox' ? checked : (checked[0] ?? '');
      };
      field(el, value, () => { for (const c of members(el, kind)) setChecked(c, bool(c.__props.checked)); });
    },
  };
}

// ---- slider ------------------------------------------------------------------------------------

const slider = {
  mount(el, env) {
    const r = inner(el, env, 'input', 'wx-slider-input');
    r.type = 'range';
    el.__wxControl = r;
    el.__wxValue = inner(el, env, 'span', 'wx-slider-value');
    el.__wxSlot = env.doc.createElement('span');
    r.addEventListener('input', () => { el.__wxValue.textContent = r.value; emit(el, 'changing', { value: Number(r.value) }); });
    r.addEventListener('change', () => { el.__wxValue.textContent = r.value; emit(el, 'change', { value: Number(r.value) }); });
    field(el, () => Number(r.value), () => { r.value = String(Number(el.__props.value) || 0); });
  },
  update(el, p, o) {
    const r = el.__wxControl;
    if (p.min !== o.min) r.min = String(Number(p.min ?? 0));
    if (p.max !== o.max) r.max = String(Number(p.max ?? 100));
    if (p.step !== o.step) r.step = String(Number(p.step ?? 1));
    if (p.value !== o.value) r.value = String(Number(p.value ?? 0));
    if (p.disabled !== o.disabled) r.disabled = bool(p.disabled);
    el.__wxValue.textContent = r.value;
    reflect(el, 'show-value', bool(p['show-value']));
  },
};

// ---- form / label ------------------------------------------------------------------------------

const form = {
  mount(el) {
    const fields = () => [...el.querySelectorAll('*')].filter((n) => n.__wxField && n.__wxField.name);
    el.__wxForm = {
      submit() {
        const value = {};
        for (const f of fields()) value[f.__wxField.name] = f.__wxField.value();
        emit(el, 'submit', { value });
      },
      reset() {
        for (const n of el.querySelectorAll('*')) if (n.__wxField) n.__wxField.reset();
        emit(el, 'reset', {});
      },
    };
  },
};

// A tap on a label activates its control: the one named by `for`, else the first inside it.
const CONTROLS = 'wx-checkbox, wx-radio, wx-switch, wx-input, wx-textarea, wx-button';
const label = {
  mount(el) {
    el.addEventListener('click', (ev) => {
      const target = el.__props.for ? el.ownerDocument.getElementById(str(el.__props.for)) : el.querySelector(CONTROLS);
      if (!target || target.contains(ev.target)) return;
      if (target.__wxActivate) target.__wxActivate();
      else if (target.__wxControl) target.__wxControl.focus();
      else if (target.tagName.toLowerCase() === 'wx-button') target.click();
    });
  },
};

export default {
  button,
  input: textControl('input', { maxlength: 140 }),
  textarea: textControl('textarea', { maxlength: 140 }),
  checkbox: toggle('checkbox'),
  'checkbox-group': group('checkbox'),
  radio: toggle('radio'),
  'radio-group': group('radio'),
  switch: toggle('switch'),
  slider,
  form,
  label,
};
