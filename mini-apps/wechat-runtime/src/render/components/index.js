// The built-in components: tag -> { mount(el, env), update(el, props, old, env),
// afterChildren(el, props, env), unmount(el, env) }, each optional. A tag that is neither a
// builtin nor a custom component renders as a plain element (styled like an inline view).

import basic from './basic.js';
import form from './form.js';
import picker from './picker.js';
import scroll from './scroll.js';

export const BUILTINS = Object.freeze({ ...basic, ...form, ...picker, ...scroll });
const PLAIN = Object.freeze({});

export function builtin(tag) {
  return Object.prototype.hasOwnProperty.call(BUILTINS, tag) ? BUILTINS[tag] : PLAIN;
}

