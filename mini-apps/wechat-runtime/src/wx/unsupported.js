// WeChat APIs that exist on wx but not (yet) on ElastOS Node. Each is present so a feature
// check like `if (wx.login)` behaves, and each answers with one documented error: async ones
// call fail/complete (or reject), synchronous ones throw.

import { asyncApi, failure } from './callback.js';

export const UNSUPPORTED = [
  // identity, payment, sharing: WeChat's servers
  'login', 'checkSession', 'getUserInfo', 'getUserProfile', 'getPhoneNumber', 'requestPayment',
  'requestSubscribeMessage', 'authorize', 'getSetting', 'openSetting', 'showShareMenu', 'hideShareMenu',
  'navigateToMiniProgram', 'navigateBackMiniProgram', 'getAccountInfoSync',
  // media and files
  'chooseVideo', 'chooseMessageFile',
  'compressImage', 'saveImageToPhotosAlbum', 'saveFile', 'getFileSystemManager',
  'createCanvasContext', 'canvasToTempFilePath', 'createVideoContext', 'createInnerAudioContext',
  'getRecorderManager', 'createCameraContext',
  // network beyond wx.request
  'connectSocket', 'sendSocketMessage', 'closeSocket',
  'onSocketOpen', 'onSocketMessage', 'onSocketError', 'onSocketClose', 'onNetworkStatusChange',
  // device
  'chooseLocation', 'openLocation', 'scanCode', 'makePhoneCall',
  'vibrateShort', 'vibrateLong', 'setScreenBrightness', 'getBatteryInfo', 'addPhoneContact',
  // views not drawn yet
  'createAnimation',
  'setBackgroundColor', 'setBackgroundTextStyle', 'loadFontFace',
];

export const message = (name) => `wx.${name} is not supported on ElastOS Node (see docs)`;

// Synchronous by WeChat's naming: *Sync, create*, get*Manager, on*/off* listeners.
function isSync(name) {
  return /Sync$/.test(name) || /^create/.test(name) || /^get\w*Manager$/.test(name) || /^(on|off)[A-Z]/.test(name);
}

export function createUnsupported() {
  const api = {};
  for (const name of UNSUPPORTED) {
    if (isSync(name)) {
      api[name] = () => { const e = new Error(message(name)); e.errMsg = `${name}:fail ${message(name)}`; throw e; };
    } else {
      const call = asyncApi(name, () => { throw failure(name, message(name)); });
      api[name] = (opts) => {
        // Said on the console every time, and a fire-and-forget call (wx.vibrateShort() with no
        // callbacks) is not an unhandled rejection; an awaiting caller still gets the failure.
        console.warn(message(name));
        const r = call(opts);
        if (r) r.catch(() => {});
        return r;
      };
    }
  }
  return api;
}
