// The wx object of one running mini-program: storage, request, interaction, navigation,
// system info, and the unsupported rest (see unsupported.js).

import { asyncApi } from './callback.js';
import { createUi } from './ui.js';
import { createRequest } from './request.js';
import { createSystem } from './system.js';
import { createUnsupported, UNSUPPORTED } from './unsupported.js';
import { createIdentityApis } from './identity.js';
import { createMediaApis } from './media.js';
import { createTransferApis } from './transfer.js';
import { createLocationApis } from './location.js';
import { createTabBarApis } from './tabbar.js';
import { createDeviceApis } from './device.js';
import { createSelectorQueryApi } from './query.js';
import { createIntersectionObserverApi } from './observer.js';

const UNSUPPORTED_NAMES = Symbol('unsupported wx APIs');

/**
 * rt: { storage (createStorage result), fetch, timers, overlay(), doc(), win(), pageWidth(),
 *       requestTimeout(), nav: {navigateTo, redirectTo, navigateBack, switchTab, reLaunch},
 *       setTitle(title), setBarColor({frontColor, backgroundColor}), launchOptions(),
 *       identity (optional: async () => {did, role}; enables login, checkSession, getUserProfile,
 *       getUserInfo), media + files + resolve(src) (media.js), transfer + transferTimeout(name)
 *       (transfer.js), appConfig(), geolocation() (location.js) }
 */
export function createWx(rt) {
  const nav = (name) => asyncApi(name, (o) => rt.nav[name](o));
  const wx = {
    ...createUnsupported(),
    ...rt.storage.api,
    ...createUi({ overlay: rt.overlay, doc: rt.doc, timers: rt.timers }),
    ...createSystem(rt.win, rt.pageWidth),
    ...createMediaApis({ media: rt.media, files: rt.files, overlay: rt.overlay, doc: rt.doc, resolve: rt.resolve }),
    ...createTransferApis({ transfer: rt.transfer, timers: rt.timers, timeoutFor: rt.transferTimeout }),
    ...createTabBarApis(rt.tabBar),
    ...createDeviceApis({ win: rt.win }),
    ...createSelectorQueryApi({ doc: rt.doc, win: rt.win, top: rt.top, report: rt.report }),
    ...createIntersectionObserverApi({ doc: rt.doc, win: rt.win, top: rt.top, report: rt.report }),
    request: createRequest({ fetch: (...a) => rt.fetch(...a), timeoutFor: rt.requestTimeout, timers: rt.timers }),
    navigateTo: nav('navigateTo'),
    redirectTo: nav('redirectTo'),
    navigateBack: nav('navigateBack'),
    switchTab: nav('switchTab'),
    reLaunch: nav('reLaunch'),
    setNavigationBarTitle: asyncApi('setNavigationBarTitle', (o) => { rt.setTitle(String(o.title ?? '')); return {}; }),
    setNavigationBarColor: asyncApi('setNavigationBarColor', (o) => { rt.setBarColor(o); return {}; }),
    startPullDownRefresh: asyncApi('startPullDownRefresh', () => { rt.pullDownRefresh.start(); return {}; }),
    stopPullDownRefresh: asyncApi('stopPullDownRefresh', () => { rt.pullDownRefresh.stop(); return {}; }),
    getLaunchOptionsSync: () => rt.launchOptions(),
    getEnterOptionsSync: () => rt.launchOptions(),
    nextTick: (fn) => queueMicrotask(fn),
  };
  Object.assign(wx, createLocationApis({
    config: rt.appConfig,
    confirm: (title, content) => wx.showModal({ title, content, confirmText: 'Allow', cancelText: 'Don\'t allow' }).then((r) => r.confirm),
    geolocation: rt.geolocation,
  }));
  const provided = rt.identity ? createIdentityApis(rt.identity) : {};
  Object.assign(wx, provided);
  const unsupported = UNSUPPORTED.filter((k) => !(k in provided));
  Object.defineProperty(wx, UNSUPPORTED_NAMES, { value: unsupported });
  const supported = new Set(Object.keys(wx).filter((k) => !unsupported.includes(k)));
  supported.add('canIUse');
  // canIUse answers for API names only ('request', 'showModal.object.editable' -> 'showModal').
  wx.canIUse = (schema) => supported.has(String(schema).split('.')[0]);
  return wx;
}

/** Names of the supported wx APIs (for the README and the tests). */
export function supportedApiNames(wx) {
  const unsupported = wx[UNSUPPORTED_NAMES] || UNSUPPORTED;
  return Object.keys(wx).filter((k) => !unsupported.includes(k)).sort();
}
