// getSystemInfo[Sync] / getWindowInfo: what a page needs for layout, from the host page.

import { asyncApi } from './callback.js';

export const SDK_VERSION = '3.0.0';

export function systemInfo(win, pageWidth) {
  const nav = (win && win.navigator) || {};
  const width = pageWidth;
  const height = (win && win.innerHeight) || 667;
  const lang = String(nav.language || 'zh-CN').replace('-', '_');
  return {
    brand: 'ElastOS', model: 'ElastOS Node', system: 'ElastOS Node', platform: 'elastos',
    version: '8.0.0', SDKVersion: SDK_VERSION, language: lang, theme: 'light', fontSizeSetting: 16,
    pixelRatio: (win && win.devicePixelRatio) || 1,
    screenWidth: width, screenHeight: height, windowWidth: width, windowHeight: height,
    statusBarHeight: 0, safeArea: { left: 0, right: width, top: 0, bottom: height, width, height },
  };
}

export function createSystem(win, pageWidth) {
  const info = () => systemInfo(win(), pageWidth());
  return {
    getSystemInfoSync: () => info(),
    getSystemInfo: asyncApi('getSystemInfo', () => info()),
    getWindowInfo: () => {
      const i = info();
      return { pixelRatio: i.pixelRatio, screenWidth: i.screenWidth, screenHeight: i.screenHeight, windowWidth: i.windowWidth, windowHeight: i.windowHeight, statusBarHeight: 0, safeArea: i.safeArea };
    },
  };
}
