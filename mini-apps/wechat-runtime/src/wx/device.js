// Device APIs the browser can answer honestly: the network type (wifi/ethernet/cellular
// generation when the browser tells, 'none' offline, else 'unknown') and the clipboard (the
// browser may refuse, in a desktop window it usually does: the error says so).

import { asyncApi, failure } from './callback.js';

const CELLULAR = { 'slow-2g': '2g', '2g': '2g', '3g': '3g', '4g': '4g' };

export function createDeviceApis({ win }) {
  const nav = () => (win() && win().navigator) || {};
  return {
    getNetworkType: asyncApi('getNetworkType', () => {
      const n = nav();
      if (n.onLine === false) return { networkType: 'none' };
      const c = n.connection || {};
      if (c.type === 'wifi' || c.type === 'ethernet') return { networkType: c.type === 'wifi' ? 'wifi' : 'unknown' };
      if (c.type === 'cellular' && CELLULAR[c.effectiveType]) return { networkType: CELLULAR[c.effectiveType] };
      return { networkType: 'unknown' };
    }),
    setClipboardData: asyncApi('setClipboardData', async (o) => {
      if (typeof o.data !== 'string') throw failure('setClipboardData', 'parameter error: data should be String');
      const clip = nav().clipboard;
      if (!clip || typeof clip.writeText !== 'function') throw failure('setClipboardData', 'this page has no clipboard');
      try { await clip.writeText(o.data); } catch (e) { throw failure('setClipboardData', `the browser refused: ${(e && e.message) || e}`); }
      return {};
    }),
    getClipboardData: asyncApi('getClipboardData', async () => {
      const clip = nav().clipboard;
      if (!clip || typeof clip.readText !== 'function') throw failure('getClipboardData', 'this page has no clipboard');
      try { return { data: await clip.readText() }; } catch (e) { throw failure('getClipboardData', `the browser refused: ${(e && e.message) || e}`); }
    }),
  };
}
