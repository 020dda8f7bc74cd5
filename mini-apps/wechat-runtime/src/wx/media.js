// wx.chooseImage, chooseMedia, previewImage and getImageInfo over the owner's files on the
// node, and the wxfile:// paths they hand out (which <image> shows too). The owner grants files.read when
// installing the app and picks every photo in a sheet the runtime draws: the mini-program sees
// only the picked paths, and the node hands out a scaled JPEG, never the original file.
//
// media backend (node-backends.js createNodeMedia, or a test's):
//   list(dir)         -> {dir, folders: [name], images: [name]}
//   read(path, edge)  -> {mime, base64}   for a wxfile:// path

import { asyncApi, failure } from './callback.js';

const CANCEL = '\u53d6\u6d88'; // 取消
const CONFIRM = '\u786e\u5b9a'; // 确定
export const MAX_COUNT = 9;
export const THUMB_EDGE = 240;
export const PREVIEW_EDGE = 2048;

function bytesOf(base64) {
  const bin = atob(String(base64 || ''));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Object URLs of wxfile:// paths, fetched once per path and size. */
export function createFileUrls({ media, win }) {
  const cache = new Map();
  return {
    url(path, edge = 1024) {
      if (!media) return Promise.reject(new Error('this page has no file backend'));
      const key = `${edge}|${path}`;
      if (!cache.has(key)) {
        const p = Promise.resolve(media.read(path, edge)).then((r) => {
          const w = win();
          const blob = new w.Blob([bytesOf(r && r.base64)], { type: String((r && r.mime) || 'application/octet-stream') });
          return w.URL.createObjectURL(blob);
        });
        p.catch(() => cache.delete(key)); // a failure is not remembered
        cache.set(key, p);
      }
      return cache.get(key);
    },
  };
}

const joinDir = (dir, name) => `${dir.replace(/\/*$/, '/')}${name}/`;
const parentDir = (dir) => dir.replace(/[^/]+\/$/, '') || '/';

/**
 * host: { media, files (createFileUrls), overlay(), doc(), resolve(src) -> Promise<url> }.
 */
export function createMediaApis(host) {
  const el = (tag, cls, text) => {
    const n = host.doc().createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  };

  // The picker sheet: folders to open, images to tick (at most count); resolves the picked
  // wxfile:// paths, rejects 'cancel'.
  function pick(name, count) {
    return new Promise((resolve, reject) => {
      const mask = el('div', 'wx-mask wx-bottom');
      const sheet = el('div', 'wx-chooser');
      const bar = el('div', 'wx-chooser-bar');
      const cancel = el('button', 'wx-chooser-cancel', CANCEL);
      const where = el('span', 'wx-chooser-dir');
      const ok = el('button', 'wx-chooser-confirm', CONFIRM);
      bar.append(cancel, where, ok);
      const grid = el('div', 'wx-chooser-grid');
      sheet.append(bar, grid);
      mask.appendChild(sheet);
      host.overlay().appendChild(mask);
      const picked = [];
      const refresh = () => {
        ok.textContent = picked.length ? `${CONFIRM}(${picked.length})` : CONFIRM;
        if (picked.length) ok.removeAttribute('disabled'); else ok.setAttribute('disabled', '');
      };
      const finish = (fn, v) => { mask.remove(); fn(v); };
      cancel.addEventListener('click', () => finish(reject, failure(name, 'cancel')));
      ok.addEventListener('click', () => { if (picked.length) finish(resolve, [...picked]); });
      const open = async (dir) => {
        let listing;
        try {
          listing = await host.media.list(dir);
        } catch (e) {
          finish(reject, failure(name, (e && e.message) || String(e)));
          return;
        }
        where.textContent = listing.dir || dir;
        grid.textContent = '';
        if (dir !== '/') {
          const up = el('div', 'wx-chooser-folder wx-chooser-up', '\u2039 ..');
          up.addEventListener('click', () => open(parentDir(dir)));
          grid.appendChild(up);
        }
        for (const f of listing.folders || []) {
          const tile = el('div', 'wx-chooser-folder', String(f));
          tile.addEventListener('click', () => open(joinDir(dir, f)));
          grid.appendChild(tile);
        }
        for (const image of listing.images || []) {
          const path = `wxfile://owner${dir.replace(/\/*$/, '/')}${image}`;
          const tile = el('div', 'wx-chooser-image');
          tile.setAttribute('data-path', path);
          const img = el('img');
          img.alt = String(image);
          tile.append(img, el('span', 'wx-chooser-name', String(image)));
          if (picked.includes(path)) tile.setAttribute('selected', '');
          host.files.url(path, THUMB_EDGE).then((u) => img.setAttribute('src', u), () => tile.setAttribute('broken', ''));
          tile.addEventListener('click', () => {
            const at = picked.indexOf(path);
            if (at >= 0) { picked.splice(at, 1); tile.removeAttribute('selected'); }
            else if (picked.length < count) { picked.push(path); tile.setAttribute('selected', ''); }
            refresh();
          });
          grid.appendChild(tile);
        }
        if (!grid.children.length) grid.appendChild(el('div', 'wx-chooser-empty', 'No photos here'));
      };
      refresh();
      open('/');
    });
  }

  function countOf(o) {
    const n = Math.floor(Number(o.count));
    return n >= 1 ? Math.min(n, MAX_COUNT) : MAX_COUNT;
  }

  function noBackend(name) {
    return failure(name, 'this page has no file backend (run the ported app on ElastOS Node)');
  }

  function cameraOnly(name, sources) {
    return Array.isArray(sources) && sources.length > 0 && !sources.includes('album')
      ? failure(name, 'there is no camera on ElastOS Node: pick from the owner\'s files (sourceType "album")')
      : null;
  }

  return {
    chooseImage: asyncApi('chooseImage', async (o) => {
      if (!host.media) throw noBackend('chooseImage');
      const camera = cameraOnly('chooseImage', o.sourceType);
      if (camera) throw camera;
      const paths = await pick('chooseImage', countOf(o));
      // size is unknown to the page: the node hands out a scaled copy, not the file.
      return { tempFilePaths: paths, tempFiles: paths.map((path) => ({ path, size: 0 })) };
    }),
    chooseMedia: asyncApi('chooseMedia', async (o) => {
      if (!host.media) throw noBackend('chooseMedia');
      const types = Array.isArray(o.mediaType) ? o.mediaType : ['image', 'video'];
      if (!types.includes('image') && !types.includes('mix')) {
        throw failure('chooseMedia', 'only images can be chosen on ElastOS Node (mediaType "image")');
      }
      const camera = cameraOnly('chooseMedia', o.sourceType);
      if (camera) throw camera;
      const paths = await pick('chooseMedia', countOf(o));
      return { type: 'image', tempFiles: paths.map((tempFilePath) => ({ tempFilePath, size: 0, fileType: 'image' })) };
    }),
    getImageInfo: asyncApi('getImageInfo', async (o) => {
      const src = typeof o.src === 'string' ? o.src : '';
      if (!src) throw failure('getImageInfo', 'parameter error: src should be String');
      let url;
      try { url = await host.resolve(src); } catch (e) { throw failure('getImageInfo', (e && e.message) || String(e)); }
      const img = el('img');
      await new Promise((resolve, reject) => {
        img.addEventListener('load', resolve, { once: true });
        img.addEventListener('error', () => reject(failure('getImageInfo', `the image ${src} could not be read`)), { once: true });
        img.setAttribute('src', url);
      });
      const ext = /\.(jpe?g|png|gif|bmp|webp)(?:[?#]|$)/i.exec(src);
      return {
        width: img.naturalWidth,
        height: img.naturalHeight,
        path: src,
        orientation: 'up', // the pixels as the browser decodes them; EXIF orientation is not read
        // wxfile://owner/ paths are the node's JPEG copies, whatever the original was
        type: src.startsWith('wxfile://owner/') ? 'jpeg' : ext ? ext[1].toLowerCase().replace('jpg', 'jpeg') : 'unknown',
      };
    }),
    previewImage: asyncApi('previewImage', (o) => {
      const urls = Array.isArray(o.urls) ? o.urls.filter((u) => typeof u === 'string' && u) : [];
      if (!urls.length) throw failure('previewImage', 'parameter error: urls should be a non-empty Array of String');
      let at = Math.max(0, urls.indexOf(String(o.current ?? urls[0])));
      const mask = el('div', 'wx-mask wx-preview');
      const img = el('img', 'wx-preview-image');
      const count = el('div', 'wx-preview-count');
      const prev = el('button', 'wx-preview-prev', '\u2039');
      const next = el('button', 'wx-preview-next', '\u203a');
      const show = () => {
        count.textContent = `${at + 1} / ${urls.length}`;
        img.removeAttribute('src');
        const want = urls[at];
        host.resolve(want).then((u) => { if (urls[at] === want) img.setAttribute('src', u); }, () => img.setAttribute('broken', ''));
      };
      prev.addEventListener('click', (e) => { e.stopPropagation(); at = (at + urls.length - 1) % urls.length; show(); });
      next.addEventListener('click', (e) => { e.stopPropagation(); at = (at + 1) % urls.length; show(); });
      mask.addEventListener('click', () => mask.remove()); // a tap closes it, as in WeChat
      mask.append(img, count);
      if (urls.length > 1) mask.append(prev, next);
      host.overlay().appendChild(mask);
      show();
      return {};
    }),
  };
}
