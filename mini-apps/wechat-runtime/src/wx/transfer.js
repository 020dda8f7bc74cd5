// wx.downloadFile and wx.uploadFile, made by the node through the app's net.fetch allow-list
// (as wx.request): a download lands in a wxfile://tmp/ file the page can show or upload; an
// upload sends one wxfile:// file (a picked photo goes as the node's JPEG) with the form fields.
//
// transfer backend (node-backends.js createNodeTransfer, or a test's):
//   download({url, header})                        -> {statusCode, tempFilePath, size}
//   upload({url, filePath, name, header, formData}) -> {statusCode, data}

import { failure } from './callback.js';
import { networkTask, timeoutOf } from './task.js';

const isUrl = (u) => typeof u === 'string' && /^https?:\/\//i.test(u);

export function createTransferApis({ transfer, timers, timeoutFor }) {
  const none = (name) => failure(name, 'this page has no network backend (run the ported app on ElastOS Node)');
  return {
    downloadFile(opts = {}) {
      const o = opts && typeof opts === 'object' ? opts : {};
      return networkTask('downloadFile', o, timeoutOf(o, () => timeoutFor('downloadFile')), timers, async () => {
        if (!isUrl(o.url)) throw failure('downloadFile', 'parameter error: url should be an http(s) URL');
        if (o.filePath) throw failure('downloadFile', 'filePath is not supported on ElastOS Node: use the tempFilePath');
        if (!transfer) throw none('downloadFile');
        const r = await transfer.download({ url: o.url, header: o.header || {} });
        return { tempFilePath: String(r.tempFilePath), statusCode: Number(r.statusCode) };
      });
    },
    uploadFile(opts = {}) {
      const o = opts && typeof opts === 'object' ? opts : {};
      return networkTask('uploadFile', o, timeoutOf(o, () => timeoutFor('uploadFile')), timers, async () => {
        if (!isUrl(o.url)) throw failure('uploadFile', 'parameter error: url should be an http(s) URL');
        if (typeof o.filePath !== 'string' || !o.filePath) throw failure('uploadFile', 'parameter error: filePath should be String');
        if (typeof o.name !== 'string' || !o.name) throw failure('uploadFile', 'parameter error: name should be String');
        if (!transfer) throw none('uploadFile');
        const r = await transfer.upload({ url: o.url, filePath: o.filePath, name: o.name, header: o.header || {}, formData: o.formData || {} });
        const data = typeof r.dataBase64 === 'string' ? atob(r.dataBase64) : String(r.data ?? '');
        return { data, statusCode: Number(r.statusCode) };
      });
    },
  };
}
