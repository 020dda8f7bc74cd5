// wx.chooseImage / chooseMedia / previewImage over the owner's files, wxfile:// images,
// wx.downloadFile / uploadFile, and wx.getLocation's consent, with fake backends that behave as
// host/ does (host/test covers the backend itself).
import test from 'node:test';
import assert from 'node:assert/strict';
import { boot, onePage, click, page, tick } from '../support/helpers.mjs';
import { createNodeMedia, createNodeTransfer } from '../src/wx/node-backends.js';

const PHOTOS = { '/': { folders: ['Photos'], images: ['top.jpg'] }, '/Photos/': { folders: [], images: ['a.jpg', 'b.png', 'c.jpg'] } };

function fakeMedia({ deny } = {}) {
  const reads = [];
  return {
    reads,
    async list(dir) {
      if (deny) throw new Error('capability files.read was not granted');
      const d = dir.replace(/\/*$/, '/');
      if (!PHOTOS[d]) throw new Error(`no such folder ${d}`);
      return { dir: d, ...PHOTOS[d] };
    },
    async read(path, edge) {
      reads.push([path, edge]);
      if (path.includes('missing')) throw new Error(`no such file: ${path}`);
      return { mime: 'image/jpeg', base64: Buffer.from(`${path}@${edge}`).toString('base64') };
    },
  };
}

const overlays = (container) => container.querySelector('.wx-overlays');
const until = async (rt, fn) => { for (let i = 0; i < 50; i++) { const v = fn(); if (v) return v; await tick(rt); } throw new Error('timed out'); };

test('chooseImage: the owner opens a folder, ticks photos (at most count), confirms; the page gets wxfile:// paths', async () => {
  const media = fakeMedia();
  const { rt, container } = await boot(onePage('Page({})', '<view/>'), { media });
  const result = rt.wx.chooseImage({ count: 2 });
  const o = overlays(container);
  await until(rt, () => o.querySelector('.wx-chooser-folder'));
  assert.equal(o.querySelector('.wx-chooser-dir').textContent, '/');
  assert.ok(o.querySelector('.wx-chooser-confirm').hasAttribute('disabled'), 'nothing picked yet');
  click([...o.querySelectorAll('.wx-chooser-folder')].find((f) => f.textContent === 'Photos'));
  await until(rt, () => o.querySelectorAll('.wx-chooser-image').length === 3);
  assert.equal(o.querySelector('.wx-chooser-dir').textContent, '/Photos/');
  const tiles = [...o.querySelectorAll('.wx-chooser-image')];
  assert.deepEqual(tiles.map((t) => t.getAttribute('data-path')), ['wxfile://owner/Photos/a.jpg', 'wxfile://owner/Photos/b.png', 'wxfile://owner/Photos/c.jpg']);
  await until(rt, () => tiles.every((t) => t.querySelector('img').getAttribute('src')));
  assert.ok(media.reads.every(([, edge]) => edge === 240), 'thumbnails are small copies');
  click(tiles[2]); click(tiles[0]); click(tiles[1]); // the third tick is over count: ignored
  assert.deepEqual(tiles.map((t) => t.hasAttribute('selected')), [true, false, true]);
  assert.equal(o.querySelector('.wx-chooser-confirm').textContent, '\u786e\u5b9a(2)');
  click(o.querySelector('.wx-chooser-confirm'));
  const r = await result;
  assert.deepEqual(r.tempFilePaths, ['wxfile://owner/Photos/c.jpg', 'wxfile://owner/Photos/a.jpg']);
  assert.equal(r.errMsg, 'chooseImage:ok');
  assert.equal(o.querySelector('.wx-chooser'), null, 'the sheet is gone');
});

test('chooseImage: cancel, no grant, camera only; chooseMedia images only', async () => {
  const { rt, container } = await boot(onePage('Page({})', '<view/>'), { media: fakeMedia() });
  const o = overlays(container);
  const cancelled = rt.wx.chooseImage({});
  await until(rt, () => o.querySelector('.wx-chooser-cancel'));
  click(o.querySelector('.wx-chooser-cancel'));
  await assert.rejects(cancelled, { errMsg: 'chooseImage:fail cancel' });
  await assert.rejects(rt.wx.chooseImage({ sourceType: ['camera'] }), { errMsg: /^chooseImage:fail there is no camera on ElastOS Node/ });
  await assert.rejects(rt.wx.chooseMedia({ mediaType: ['video'] }), { errMsg: 'chooseMedia:fail only images can be chosen on ElastOS Node (mediaType "image")' });

  const media = rt.wx.chooseMedia({ count: 1, mediaType: ['image'] });
  await until(rt, () => o.querySelector('.wx-chooser-image'));
  click(o.querySelector('.wx-chooser-image'));
  click(o.querySelector('.wx-chooser-confirm'));
  assert.deepEqual((await media).tempFiles, [{ tempFilePath: 'wxfile://owner/top.jpg', size: 0, fileType: 'image' }]);

  const denied = await boot(onePage('Page({})', '<view/>'), { media: fakeMedia({ deny: true }) });
  const err = await new Promise((resolve) => denied.rt.wx.chooseImage({ fail: resolve }));
  assert.equal(err.errMsg, 'chooseImage:fail capability files.read was not granted');
  const none = await boot(onePage('Page({})', '<view/>'));
  await assert.rejects(none.rt.wx.chooseImage({}), { errMsg: /^chooseImage:fail this page has no file backend/ });
});

test('<image src="wxfile://…"> shows the node\'s copy; previewImage shows, pages, and closes on a tap', async () => {
  const media = fakeMedia();
  const { rt, container } = await boot(onePage("Page({ data: { src: 'wxfile://owner/Photos/a.jpg' } })", '<image id="pic" src="{{src}}" binderror="bad"/>'), { media });
  const img = page(container).querySelector('#pic img');
  const src = await until(rt, () => img.getAttribute('src'));
  assert.match(src, /^blob:/);
  assert.deepEqual(media.reads.at(-1), ['wxfile://owner/Photos/a.jpg', 1024]);

  const o = overlays(container);
  await rt.wx.previewImage({ urls: ['wxfile://owner/Photos/a.jpg', 'wxfile://owner/Photos/b.png'], current: 'wxfile://owner/Photos/b.png' });
  assert.equal(o.querySelector('.wx-preview-count').textContent, '2 / 2');
  await until(rt, () => o.querySelector('.wx-preview-image').getAttribute('src'));
  assert.deepEqual(media.reads.at(-1), ['wxfile://owner/Photos/b.png', 2048]);
  click(o.querySelector('.wx-preview-next'));
  assert.equal(o.querySelector('.wx-preview-count').textContent, '1 / 2');
  click(o.querySelector('.wx-preview'));
  assert.equal(o.querySelector('.wx-preview'), null);
  await assert.rejects(rt.wx.previewImage({ urls: [] }), { errMsg: /previewImage:fail parameter error/ });
});

function fakeTransfer() {
  const calls = [];
  return {
    calls,
    async download(o) { calls.push(['download', o]); if (o.url.includes('down')) throw new Error('the node could not reach ' + o.url); return { statusCode: 200, tempFilePath: 'wxfile://tmp/0001-aa', size: 3 }; },
    async upload(o) { calls.push(['upload', o]); return { statusCode: 201, data: '{"ok":true,"id":1}' }; },
  };
}

test('downloadFile and uploadFile through the node; a network image previewed through a download', async () => {
  const transfer = fakeTransfer();
  const media = fakeMedia();
  const { rt, container } = await boot(onePage('Page({})', '<view/>'), { transfer, media });
  const d = await rt.wx.downloadFile({ url: 'https://cdn.example.com/a.jpg', header: { 'X-A': '1' } });
  assert.deepEqual(d, { errMsg: 'downloadFile:ok', tempFilePath: 'wxfile://tmp/0001-aa', statusCode: 200 });
  assert.deepEqual(transfer.calls[0], ['download', { url: 'https://cdn.example.com/a.jpg', header: { 'X-A': '1' } }]);
  const u = await new Promise((resolve) => {
    const task = rt.wx.uploadFile({ url: 'https://up.example.com/p', filePath: d.tempFilePath, name: 'photo', formData: { a: 1 }, success: resolve });
    assert.equal(typeof task.abort, 'function', 'callback style returns an UploadTask');
  });
  assert.deepEqual(u, { errMsg: 'uploadFile:ok', data: '{"ok":true,"id":1}', statusCode: 201 });
  assert.deepEqual(transfer.calls[1][1], { url: 'https://up.example.com/p', filePath: 'wxfile://tmp/0001-aa', name: 'photo', header: {}, formData: { a: 1 } });
  await assert.rejects(rt.wx.downloadFile({ url: 'https://down.example.com/x' }), { errMsg: 'downloadFile:fail the node could not reach https://down.example.com/x' });
  await assert.rejects(rt.wx.uploadFile({ url: 'https://up.example.com/p', filePath: 'wxfile://tmp/x' }), { errMsg: 'uploadFile:fail parameter error: name should be String' });
  await assert.rejects(rt.wx.downloadFile({ url: 'ftp://x/y' }), { errMsg: /parameter error/ });
  await assert.rejects(rt.wx.downloadFile({ url: 'https://a/b', filePath: 'x' }), { errMsg: /filePath is not supported/ });

  await rt.wx.previewImage({ urls: ['https://cdn.example.com/a.jpg'] });
  await until(rt, () => overlays(container).querySelector('.wx-preview-image').getAttribute('src'));
  assert.deepEqual(media.reads.at(-1), ['wxfile://tmp/0001-aa', 2048], 'the page may load only its own files: the node downloads it');

  const none = await boot(onePage('Page({})', '<view/>'));
  await assert.rejects(none.rt.wx.downloadFile({ url: 'https://a/b' }), { errMsg: /^downloadFile:fail this page has no network backend/ });
});

test('downloadFile honours app.json networkTimeout.downloadFile and abort()', async () => {
  const transfer = { download: () => new Promise(() => {}) };
  const { rt } = await boot(onePage('Page({})', '<view/>', { 'app.json': { networkTimeout: { downloadFile: 30 } } }), { transfer });
  await assert.rejects(rt.wx.downloadFile({ url: 'https://slow.example.com/x' }), { errMsg: 'downloadFile:fail timeout' });
  const p = rt.wx.downloadFile({ url: 'https://slow.example.com/x', timeout: 10000 });
  p.abort();
  await assert.rejects(p, { errMsg: 'downloadFile:fail abort' });
});

function fakeGeo(answer) {
  const asked = [];
  return { asked, getCurrentPosition(ok, fail, opts) { asked.push(opts); answer(ok, fail); } };
}
const HERE = (ok) => ok({ coords: { latitude: 31.23, longitude: 121.47, accuracy: 12, speed: null, altitude: null, altitudeAccuracy: null } });

test('getLocation: refused unless declared in app.json and allowed by the user; then the browser\'s position', async () => {
  const geo = fakeGeo(HERE);
  const undeclared = await boot(onePage('Page({})', '<view/>'), { geolocation: geo });
  await assert.rejects(undeclared.rt.wx.getLocation({}), { errMsg: 'getLocation:fail app.json declares no permission["scope.userLocation"], so the location is not offered' });
  assert.equal(geo.asked.length, 0, 'the browser is not even asked');

  const declared = { permission: { 'scope.userLocation': { desc: 'To tag your walks with the place' } } };
  const { rt, container } = await boot(onePage('Page({})', '<view/>', { 'app.json': declared }), { geolocation: geo });
  const o = overlays(container);
  let asked = rt.wx.getLocation({ type: 'wgs84' });
  await until(rt, () => o.querySelector('.wx-modal'));
  assert.equal(o.querySelector('.wx-modal-content').textContent, 'To tag your walks with the place');
  click(o.querySelector('.wx-modal-cancel'));
  await assert.rejects(asked, { errMsg: 'getLocation:fail auth deny' });
  await assert.rejects(rt.wx.getLocation({}), { errMsg: 'getLocation:fail auth deny' }, 'a refusal holds for the run');
  assert.equal(geo.asked.length, 0);

  const again = await boot(onePage('Page({})', '<view/>', { 'app.json': declared }), { geolocation: geo });
  asked = again.rt.wx.getLocation({ isHighAccuracy: true });
  await until(again.rt, () => overlays(again.container).querySelector('.wx-modal-confirm'));
  click(overlays(again.container).querySelector('.wx-modal-confirm'));
  const r = await asked;
  assert.deepEqual(r, { errMsg: 'getLocation:ok', latitude: 31.23, longitude: 121.47, speed: -1, accuracy: 12, altitude: 0, verticalAccuracy: 0, horizontalAccuracy: 12 });
  assert.equal(geo.asked[0].enableHighAccuracy, true);
  await again.rt.wx.getLocation({}); // allowed once: not asked again
  assert.equal(overlays(again.container).querySelector('.wx-modal'), null);
  await assert.rejects(again.rt.wx.getLocation({ type: 'gcj02' }), { errMsg: 'getLocation:fail type gcj02 is not supported: the browser gives WGS-84 coordinates' });

  const blocked = await boot(onePage('Page({})', '<view/>', { 'app.json': declared }), { geolocation: fakeGeo((ok, fail) => fail({ code: 1, message: 'denied' })) });
  const b = blocked.rt.wx.getLocation({});
  await until(blocked.rt, () => overlays(blocked.container).querySelector('.wx-modal-confirm'));
  click(overlays(blocked.container).querySelector('.wx-modal-confirm'));
  await assert.rejects(b, { errMsg: 'getLocation:fail auth deny' }, 'the browser said no');
  const noSource = await boot(onePage('Page({})', '<view/>', { 'app.json': declared }), { geolocation: null });
  const n = noSource.rt.wx.getLocation({});
  await until(noSource.rt, () => overlays(noSource.container).querySelector('.wx-modal-confirm'));
  click(overlays(noSource.container).querySelector('.wx-modal-confirm'));
  await assert.rejects(n, { errMsg: /^getLocation:fail this page has no location source/ });
});

test('node backends for media and transfer speak host/\'s routes and strip its errMsg prefix', async () => {
  const calls = [];
  const api = async (method, path, body) => {
    calls.push([method, path, body]);
    if (path.startsWith('wx/upload')) { const e = new Error('uploadFile:fail no such file: x'); e.status = 400; throw e; }
    return { ok: true };
  };
  const media = createNodeMedia({ api });
  await media.list('/Photos 2024/');
  await media.read('wxfile://owner/Photos/a b.jpg', 240);
  const transfer = createNodeTransfer({ api });
  await transfer.download({ url: 'https://a/b', header: { x: '1' } });
  await assert.rejects(transfer.upload({ url: 'https://a/b', filePath: 'x', name: 'f' }), { message: 'no such file: x' });
  assert.deepEqual(calls, [
    ['GET', 'wx/media?dir=%2FPhotos%202024%2F', undefined],
    ['GET', 'wx/file?path=wxfile%3A%2F%2Fowner%2FPhotos%2Fa%20b.jpg&edge=240', undefined],
    ['POST', 'wx/download', { url: 'https://a/b', header: { x: '1' } }],
    ['POST', 'wx/upload', { url: 'https://a/b', filePath: 'x', name: 'f', header: {}, formData: {} }],
  ]);
});

test('postcard fixture: stamp downloaded, photo picked and previewed, place added, postcard uploaded', async () => {
  const { fixture } = await import('../support/helpers.mjs');
  const transfer = fakeTransfer();
  const media = fakeMedia();
  const geolocation = fakeGeo(HERE);
  const { rt, container } = await boot(fixture('postcard'), { transfer, media, geolocation });
  const p = page(container);
  const o = overlays(container);
  assert.deepEqual(transfer.calls[0], ['download', { url: 'https://postcards.example.com/api/stamp.png', header: {} }]);
  await until(rt, () => p.querySelector('#stamp img')?.getAttribute('src'));
  assert.ok(p.querySelector('#send').hasAttribute('disabled'), 'nothing to send without a photo');

  click(p.querySelector('#pick'));
  await until(rt, () => [...o.querySelectorAll('.wx-chooser-folder')].find((f) => f.textContent === 'Photos'));
  click([...o.querySelectorAll('.wx-chooser-folder')].find((f) => f.textContent === 'Photos'));
  await until(rt, () => o.querySelector('.wx-chooser-image[data-path="wxfile://owner/Photos/b.png"]'));
  click(o.querySelector('.wx-chooser-image[data-path="wxfile://owner/Photos/b.png"]'));
  click(o.querySelector('.wx-chooser-confirm'));
  await until(rt, () => p.querySelector('#photo img')?.getAttribute('src'));
  click(p.querySelector('#photo'));
  await until(rt, () => o.querySelector('.wx-preview-image')?.getAttribute('src'));
  click(o.querySelector('.wx-preview'));

  click(p.querySelector('#locate'));
  await until(rt, () => o.querySelector('.wx-modal-confirm'));
  assert.equal(o.querySelector('.wx-modal-content').textContent, 'To print where you are on the postcard');
  click(o.querySelector('.wx-modal-confirm'));
  await until(rt, () => p.querySelector('#place').textContent === '31.23, 121.47');

  const area = p.querySelector('#message textarea');
  area.value = 'Greetings 你好';
  area.dispatchEvent(new (area.ownerDocument.defaultView.Event)('input', { bubbles: true }));
  await tick(rt);
  click(p.querySelector('#send'));
  await until(rt, () => p.querySelector('#status').textContent === 'Sent: postcard #1');
  const [, sent] = transfer.calls.find(([k]) => k === 'upload');
  assert.deepEqual(sent, { url: 'https://postcards.example.com/api/postcards', filePath: 'wxfile://owner/Photos/b.png', name: 'photo', header: {}, formData: { message: 'Greetings 你好', place: '31.23, 121.47' } });
});

test('getImageInfo: the size of a wxfile:// image as the browser decodes it, or a clear failure', async () => {
  const media = fakeMedia();
  const { rt, doc } = await boot(onePage('Page({})', '<view/>'), { media });
  // happy-dom decodes no images: stand in for the browser's decoder on the <img> the API makes.
  const made = [];
  const create = doc.createElement.bind(doc);
  doc.createElement = (tag, ...rest) => { const n = create(tag, ...rest); if (String(tag).toLowerCase() === 'img') made.push(n); return n; };
  const decode = async (ok) => {
    const img = await until(rt, () => made.find((n) => n.getAttribute('src')));
    made.length = 0;
    Object.defineProperty(img, 'naturalWidth', { value: 1024 });
    Object.defineProperty(img, 'naturalHeight', { value: 683 });
    img.dispatchEvent(new (doc.defaultView.Event)(ok ? 'load' : 'error'));
    return img;
  };
  const info = rt.wx.getImageInfo({ src: 'wxfile://owner/Photos/b.png' });
  const img = await decode(true);
  assert.match(img.getAttribute('src'), /^blob:/);
  assert.deepEqual(await info, { errMsg: 'getImageInfo:ok', width: 1024, height: 683, path: 'wxfile://owner/Photos/b.png', orientation: 'up', type: 'jpeg' });
  assert.deepEqual(media.reads.at(-1), ['wxfile://owner/Photos/b.png', 2048]);

  const broken = rt.wx.getImageInfo({ src: 'wxfile://owner/Photos/c.jpg' });
  await decode(false);
  await assert.rejects(broken, { errMsg: 'getImageInfo:fail the image wxfile://owner/Photos/c.jpg could not be read' });
  await assert.rejects(rt.wx.getImageInfo({ src: 'wxfile://owner/missing.jpg' }), { errMsg: 'getImageInfo:fail no such file: wxfile://owner/missing.jpg' });
  await assert.rejects(rt.wx.getImageInfo({}), { errMsg: 'getImageInfo:fail parameter error: src should be String' });
  doc.createElement = create;
});
