// The app shell: app.json, App(), the page stack and its navigation (navigateTo, redirectTo,
// navigateBack, switchTab, reLaunch), the title bar and the tab bar, all inside one container
// element. Pages and components are loaded through the injected loader on first use.

import { createScheduler } from './core/scheduler.js';
import { createModules } from './core/modules.js';
import { makeOwner, selectComponents } from './core/owner.js';
import { clone } from './core/data.js';
import { normalizeComponent, createComponentInstance } from './core/component.js';
import { loadWxml } from './wxml/load.js';
import { compileWxss, addSheet, rpxConverter } from './wxss.js';
import { installNativeEvents } from './render/events.js';
import { BASE_CSS } from './render/styles.js';
import { resolvePath, parseUrl } from './path.js';
import { createStorage, createMemoryStorage } from './wx/storage.js';
import { createWx } from './wx/index.js';
import { failure } from './wx/callback.js';
import { DEFAULT_TIMEOUT } from './wx/request.js';
import { createFileUrls, PREVIEW_EDGE } from './wx/media.js';
import { installPageEvents, createPullDownRefresh } from './page-events.js';

export const MAX_PAGE_STACK = 10;
let appCount = 0;

const defaultTimers = {
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (t) => clearTimeout(t),
  setInterval: (f, ms) => setInterval(f, ms),
  clearInterval: (t) => clearInterval(t),
};

export class MiniProgram {
  /**
   * opts: { container (element), loader (see loader.js), storage backend (default: in memory),
   *         fetch (for wx.request), identity (for wx.login: async () => {did, role}; default:
   *         none, login stays unsupported), media and transfer (wx/media.js, wx/transfer.js:
   *         the owner's photos, uploads and downloads), geolocation (default: the browser's),
   *         pageWidth (px; default: the container's), timers,
   *         onError }
   */
  constructor(opts) {
    if (!opts || !opts.container || !opts.loader) throw new Error('MiniProgram needs a container and a loader');
    this.container = opts.container;
    this.doc = opts.container.ownerDocument;
    this.win = this.doc.defaultView;
    this.loader = opts.loader;
    this.timers = opts.timers || defaultTimers;
    this.fetch = opts.fetch || ((...a) => globalThis.fetch(...a));
    this.identity = typeof opts.identity === 'function' ? opts.identity : null;
    this.media = opts.media || null;
    this.transfer = opts.transfer || null;
    this.geolocation = opts.geolocation !== undefined ? opts.geolocation : (this.win.navigator && this.win.navigator.geolocation) || null;
    this.files = createFileUrls({ media: this.media, win: () => this.win });
    this.downloads = new Map(); // network image URL -> Promise of its wxfile://tmp/ path
    this.tabBarShown = true; // wx.hideTabBar / showTabBar
    this.pullDown = createPullDownRefresh({ overlay: () => this.overlays, doc: () => this.doc, hook: (p, name) => this.hook(p, name) });
    this.pageWidth = opts.pageWidth || this.container.clientWidth || 375;
    this.rpx = rpxConverter(this.pageWidth);
    this.onError = opts.onError;
    this.id = String(++appCount);
    this.scheduler = createScheduler((e) => this.report(e));
    this.storage = createStorage(opts.storage || createMemoryStorage(), (e) => this.report(e));
    this.stack = [];
    this.tabPages = new Map(); // route -> live tab page instance
    this.loadedPages = new Map();
    this.loadedComponents = new Map();
    this.wxmlCache = new Map();
    this.defs = new Map(); // script path -> {kind, def}
    this.registering = null;
    this.scopeIds = 0;
    this.pageIds = 0;
    this.appInstance = null;
    this.config = null;
    this.launch_ = null;
    this.busy = Promise.resolve();
    this.wx = createWx(this.wxHost());
    const g = {
      App: (def) => this.registerApp(def),
      Page: (def) => this.register('page', def),
      Component: (def) => this.register('component', def),
      Behavior: (def) => def,
      getApp: () => this.appInstance,
      getCurrentPages: () => [...this.stack],
      wx: this.wx,
    };
    this.globals = g;
    this.modules = createModules(this.loader, g);
  }

  // What the wx object needs from the runtime.
  wxHost() {
    const self = this;
    return {
      get storage() { return self.storage; },
      fetch: (...a) => self.fetch(...a),
      identity: self.identity,
      timers: this.timers,
      overlay: () => self.overlays,
      doc: () => self.doc,
      win: () => self.win,
      pageWidth: () => self.pageWidth,
      requestTimeout: () => {
        const t = self.config && self.config.networkTimeout && Number(self.config.networkTimeout.request);
        return t > 0 ? t : DEFAULT_TIMEOUT;
      },
      nav: {
        navigateTo: (o) => self.navigate('navigateTo', o),
        redirectTo: (o) => self.navigate('redirectTo', o),
        navigateBack: (o) => self.navigate('navigateBack', o),
        switchTab: (o) => self.navigate('switchTab', o),
        reLaunch: (o) => self.navigate('reLaunch', o),
      },
      setTitle: (t) => { const p = self.top(); if (p) { p.__wx.title = t; self.updateShell(); } },
      setBarColor: (o) => {
        const p = self.top();
        if (!p) return;
        if (o.backgroundColor) p.__wx.barBg = String(o.backgroundColor);
        if (o.frontColor) p.__wx.barText = String(o.frontColor).toLowerCase() === '#000000' ? 'black' : 'white';
        self.updateShell();
      },
      launchOptions: () => clone(self.launchOptions || {}),
      media: self.media,
      files: self.files,
      transfer: self.transfer,
      transferTimeout: (name) => {
        const t = self.config && self.config.networkTimeout && Number(self.config.networkTimeout[name]);
        return t > 0 ? t : DEFAULT_TIMEOUT;
      },
      resolve: (src) => self.resolveFile(src),
      appConfig: () => self.config,
      pullDownRefresh: {
        start: () => { const p = self.top(); if (p) self.pullDown.start(p); },
        stop: () => self.pullDown.stop(),
      },
      geolocation: () => self.geolocation,
      top: () => self.top(),
      report: (e) => self.report(e),
      tabBar: {
        tabItems: () => self.tabItems || [],
        tabBarConfig: () => (self.config.tabBar ||= {}),
        setTabBarShown: (v) => { self.tabBarShown = v; self.updateShell(); },
        refresh: () => self.updateShell(),
        isTabPage: () => { const p = self.top(); return !!p && self.isTab(p.__wx.route); },
        page: () => { const p = self.top(); return p ? p.__wx.el : null; },
        doc: () => self.doc,
      },
    };
  }

  /**
   * A URL the page can show for src: wxfile:// through the media backend, a network image
   * through the node (downloadFile: the app's page may only load its own files), else the
   * app's own file.
   */
  async resolveFile(src, edge = PREVIEW_EDGE) {
    src = String(src);
    if (src.startsWith('wxfile://')) return this.files.url(src, edge);
    if (/^https?:\/\//i.test(src) && this.transfer) {
      // Once per URL and run (paging back in previewImage does not download again); a failure
      // is not remembered.
      if (!this.downloads.has(src)) {
        const p = this.transfer.download({ url: src, header: {} }).then((r) => {
          if (!(r.statusCode >= 200 && r.statusCode < 300)) throw new Error(`HTTP ${r.statusCode}`);
          return r.tempFilePath;
        });
        p.catch(() => this.downloads.delete(src));
        this.downloads.set(src, p);
      }
      return this.files.url(await this.downloads.get(src), edge);
    }
    if (/^(https?:|data:|blob:)/.test(src)) return src;
    return this.loader.url(resolvePath('', src));
  }

  warn(m) { console.warn(`WeChat runtime: ${m}`); }

  /** Errors from the mini-program's code: to App.onError when it has one, else the console. */
  report(e) {
    const app = this.appInstance;
    if (this.onError) this.onError(e);
    if (app && typeof app.onError === 'function') {
      try { app.onError(String((e && e.stack) || e)); return; } catch (e2) { console.error(e2); }
    }
    console.error(e);
  }

  hook(inst, name, args = []) {
    const fn = inst && inst[name];
    if (typeof fn !== 'function') return undefined;
    try { return fn.apply(inst, args); } catch (e) { this.report(e); return undefined; }
  }

  registerApp(def) {
    if (this.appInstance) throw new Error('App() called twice');
    if (!def || typeof def !== 'object') throw new TypeError('App() expects an object');
    this.appInstance = { ...def };
  }

  register(kind, def) {
    const r = this.registering;
    if (!r) throw new Error(`${kind === 'page' ? 'Page' : 'Component'}() called outside a page or component file`);
    if (!def || typeof def !== 'object') throw new TypeError(`${kind}() expects an object`);
    this.defs.set(r, { kind, def });
  }

  async readJson(path, required) {
    const text = await this.loader.text(path);
    if (text === null) {
      if (required) throw new Error(`${path} is missing`);
      return {};
    }
    try { return JSON.parse(text); } catch (e) { throw new Error(`${path}: ${e.message}`); }
  }

  /** Runs a page or component script and returns what it registered. */
  async runDefinition(path, kind) {
    if (!this.defs.has(path)) {
      this.registering = path;
      try { await this.modules.require(path); } finally { this.registering = null; }
    }
    const d = this.defs.get(path);
    if (!d) throw new Error(`${path} did not call ${kind === 'page' ? 'Page' : 'Component'}()`);
    if (d.kind !== kind) throw new Error(`${path} called ${d.kind === 'page' ? 'Page' : 'Component'}() where ${kind === 'page' ? 'Page' : 'Component'}() was expected`);
    return d.def;
  }

  readText() { return (p) => this.loader.text(p).then((t) => { if (t === null) throw new Error(`${p} is missing`); return t; }); }

  async styles(path, scope) {
    if ((await this.loader.text(path)) === null) return;
    const css = await compileWxss(path, this.readText(), { scope, width: this.pageWidth });
    this.sheets.push(addSheet(this.doc, css));
  }

  // usingComponents of a page/component json: tag -> loaded component.
  async usingComponents(jsonPath, using) {
    const out = {};
    for (const [tag, ref] of Object.entries(using || {})) {
      if (typeof ref !== 'string' || ref.startsWith('plugin://')) { this.warn(`${jsonPath}: component ${tag} (${ref}) is not supported`); continue; }
      out[tag] = await this.loadComponent(resolvePath(jsonPath, ref).replace(/\.(js|json|wxml)$/, ''));
    }
    return out;
  }

  loadComponent(path) {
    if (!this.loadedComponents.has(path)) {
      const p = (async () => {
        const loaded = { path, scopeId: `c${++this.scopeIds}` };
        const json = await this.readJson(`${path}.json`, false);
        const global = this.config.usingComponents || {};
        // Placeholder first: a component using itself (recursion) finds its own entry.
        loaded.def = normalizeComponent(await this.runDefinition(`${path}.js`, 'component'));
        loaded.tree = await loadWxml(`${path}.wxml`, this.readText(), this.wxmlCache);
        loaded.components = {};
        this.loadedComponents.set(path, Promise.resolve(loaded));
        Object.assign(loaded.components, await this.usingComponents(`${path}.json`, { ...global, ...(json.usingComponents || {}) }));
        await this.styles(`${path}.wxss`, `[wx-c="${loaded.scopeId}"]`);
        return loaded;
      })();
      this.loadedComponents.set(path, p);
      p.catch(() => this.loadedComponents.delete(path));
    }
    return this.loadedComponents.get(path);
  }

  loadPage(route) {
    if (!this.loadedPages.has(route)) {
      const p = (async () => {
        const json = await this.readJson(`${route}.json`, false);
        const components = await this.usingComponents(`${route}.json`, { ...(this.config.usingComponents || {}), ...(json.usingComponents || {}) });
        const tree = await loadWxml(`${route}.wxml`, this.readText(), this.wxmlCache);
        const scopeId = `p${++this.scopeIds}`;
        await this.styles(`${route}.wxss`, `wx-page[wx-p="${scopeId}"]`);
        const def = await this.runDefinition(`${route}.js`, 'page');
        return { route, json, components, tree, scopeId, def };
      })();
      this.loadedPages.set(route, p);
      p.catch(() => this.loadedPages.delete(route));
    }
    return this.loadedPages.get(route);
  }

  // ---- launch --------------------------------------------------------------------------------

  /** Loads app.json, app.wxss and app.js, runs onLaunch/onShow and opens the first page. */
  async launch({ path, query } = {}) {
    this.config = await this.readJson('app.json', true);
    if (!Array.isArray(this.config.pages) || this.config.pages.length === 0) throw new Error('app.json: pages is empty');
    this.buildShell();
    this.sheets = [addSheet(this.doc, BASE_CSS)];
    await this.styles('app.wxss', `[wx-app="${this.id}"] wx-page`);
    await this.storage.load();
    this.registering = null;
    await this.modules.require('app.js');
    if (!this.appInstance) throw new Error('app.js did not call App()');
    const entry = path ? parseUrl(path) : { path: this.config.entryPagePath || this.config.pages[0], query: {} };
    entry.path = entry.path.replace(/\.html$/, '');
    if (!this.config.pages.includes(entry.path)) throw new Error(`launch: page "${entry.path}" is not in app.json pages`);
    const q = { ...entry.query, ...(query || {}) };
    this.launchOptions = { path: entry.path, query: q, scene: 1001, referrerInfo: {} };
    this.hook(this.appInstance, 'onLaunch', [clone(this.launchOptions)]);
    this.hook(this.appInstance, 'onShow', [clone(this.launchOptions)]);
    await this.open(entry.path, q, 'launch');
    this.visibility = () => (this.doc.visibilityState === 'hidden' ? this.hide() : this.show());
    this.doc.addEventListener('visibilitychange', this.visibility);
    return this;
  }

  buildShell() {
    const d = this.doc;
    const mk = (tag, cls) => { const n = d.createElement(tag); if (cls) n.className = cls; return n; };
    this.root = mk('div', 'wx-app');
    this.root.setAttribute('wx-app', this.id);
    this.navbar = mk('div', 'wx-navbar');
    this.backButton = mk('button', 'wx-navbar-back');
    this.backButton.textContent = '\u2039';
    this.backButton.setAttribute('aria-label', 'back');
    this.backButton.addEventListener('click', () => this.wx.navigateBack({}).catch(() => {}));
    this.titleEl = mk('span', 'wx-navbar-title');
    this.navbar.append(this.backButton, this.titleEl);
    this.pagesEl = mk('div', 'wx-pages');
    this.tabbar = mk('div', 'wx-tabbar');
    this.overlays = mk('div', 'wx-overlays');
    this.root.append(this.navbar, this.pagesEl, this.tabbar, this.overlays);
    this.container.appendChild(this.root);
    this.removeNative = installNativeEvents(this.pagesEl, this.timers);
    const tb = this.config.tabBar;
    if (tb && Array.isArray(tb.list)) {
      if (tb.position === 'top') this.tabbar.setAttribute('position', 'top');
      this.tabItems = tb.list.slice(0, 5).map((item) => {
        const b = mk('button', 'wx-tabbar-item');
        b.setAttribute('data-path', String(item.pagePath));
        if (item.iconPath && tb.position !== 'top') { const img = mk('img'); b.appendChild(img); }
        const label = mk('span', 'wx-tabbar-text');
        label.textContent = String(item.text ?? '');
        b.appendChild(label);
        b.addEventListener('click', () => this.wx.switchTab({ url: `/${item.pagePath}` }).catch((e) => this.warn(e.errMsg)));
        this.tabbar.appendChild(b);
        return { item, button: b };
      });
    } else {
      this.tabItems = [];
    }
  }

  isTab(route) {
    return this.tabItems.some((t) => t.item.pagePath === route);
  }

  top() { return this.stack[this.stack.length - 1] || null; }

  updateShell() {
    const page = this.top();
    if (!page) return;
    const s = page.__wx;
    const win = { ...(this.config.window || {}), ...s.config };
    this.titleEl.textContent = s.title ?? String(win.navigationBarTitleText ?? '');
    if (win.navigationStyle === 'custom') this.navbar.setAttribute('hidden', ''); else this.navbar.removeAttribute('hidden');
    this.navbar.style.setProperty('background-color', s.barBg || String(win.navigationBarBackgroundColor || '#000000'));
    this.navbar.setAttribute('text-style', s.barText || (win.navigationBarTextStyle === 'black' ? 'black' : 'white'));
    if (this.stack.length > 1) this.backButton.removeAttribute('hidden'); else this.backButton.setAttribute('hidden', '');
    if (win.backgroundColor) this.pagesEl.style.setProperty('background-color', String(win.backgroundColor));
    const tab = this.isTab(s.route);
    if (tab && this.tabBarShown) this.tabbar.removeAttribute('hidden'); else this.tabbar.setAttribute('hidden', '');
    const tb = this.config.tabBar || {};
    if (tb.backgroundColor) this.tabbar.style.setProperty('background-color', String(tb.backgroundColor));
    if (tb.borderStyle) this.tabbar.style.setProperty('border-color', tb.borderStyle === 'white' ? '#fff' : 'rgba(0,0,0,.33)');
    for (const { item, button } of this.tabItems) {
      const on = item.pagePath === s.route;
      if (on) button.setAttribute('selected', ''); else button.removeAttribute('selected');
      button.style.setProperty('color', String((on ? tb.selectedColor : tb.color) || (on ? '#000000' : '#7A7E83')));
      const img = button.querySelector('img');
      const icon = on && item.selectedIconPath ? item.selectedIconPath : item.iconPath;
      if (img && icon) img.setAttribute('src', this.loader.url(String(icon).replace(/^\/+/, '')));
    }
  }

  // ---- pages ---------------------------------------------------------------------------------

  async createPage(route, query) {
    if (!this.config.pages.includes(route)) throw failure('navigateTo', `page "${route}" is not found`);
    const loaded = await this.loadPage(route);
    const el = this.doc.createElement('wx-page');
    el.setAttribute('wx-p', loaded.scopeId);
    el.setAttribute('route', route);
    this.pagesEl.appendChild(el);
    const inst = {};
    for (const k of Object.keys(loaded.def)) if (k !== 'data') inst[k] = loaded.def[k];
    inst.data = clone(loaded.def.data || {});
    inst.route = route;
    inst.__route__ = route;
    inst.options = { ...query };
    const env = this.envFor(route, () => inst);
    const state = makeOwner(inst, {
      rt: this, kind: 'page', file: `${route}.wxml`, tree: loaded.tree, components: loaded.components, root: el, env,
    });
    state.route = route;
    state.el = el;
    state.config = loaded.json;
    state.live = new Set(); // component instances on this page, for pageLifetimes
    state.pageId = ++this.pageIds;
    state.pendingReady = [];
    inst.selectComponent = (sel) => selectComponents(el, sel)[0] || null;
    inst.selectAllComponents = (sel) => selectComponents(el, sel);
    inst.createSelectorQuery = () => this.wx.createSelectorQuery().in(inst);
    inst.createIntersectionObserver = (options) => this.wx.createIntersectionObserver(inst, options);
    installPageEvents(el, {
      config: () => ({ ...(this.config.window || {}), ...state.config }),
      hook: (name, args) => this.hook(inst, name, args),
      refresh: () => this.pullDown.start(inst),
    });
    // The first render happens before onLoad (components are attached by then, as in WeChat);
    // what onLoad sets renders in the next batch.
    state.render();
    return inst;
  }

  // The environment of the renderer and the builtins for the elements of one page or component
  // (`route`: its file, for relative image paths).
  envFor(route, page) {
    const self = this;
    const env = {
      doc: this.doc,
      rpx: this.rpx,
      timers: this.timers,
      overlay: () => this.overlays,
      warn: (m) => this.warn(m),
      fileUrl: (src) => this.files.url(src),
      resolveSrc: (src) => {
        if (/^(https?:|data:|blob:)/.test(src)) return src;
        try { return this.loader.url(resolvePath(route, src)); } catch { return ''; }
      },
      navigate: (type, url, delta) => {
        const map = { navigate: 'navigateTo', redirect: 'redirectTo', switchTab: 'switchTab', reLaunch: 'reLaunch', navigateBack: 'navigateBack' };
        const api = map[type];
        if (!api) { this.warn(`navigator open-type "${type}" is not supported`); return; }
        self.wx[api](api === 'navigateBack' ? { delta } : { url }).catch((e) => self.warn(e.errMsg));
      },
      createComponent: (v, host) => createComponentInstance(self, v.def, v, host, page()),
    };
    return env;
  }

  async showPage(inst, first, query) {
    const s = inst.__wx;
    s.el.removeAttribute('inactive');
    if (first) {
      this.hook(inst, 'onLoad', [{ ...query }]);
      this.hook(inst, 'onShow');
      for (const c of s.live) c.__wx.pageLifetime('show');
      this.updateShell();
      await this.scheduler.settle();
      const ready = s.pendingReady || [];
      s.pendingReady = null;
      for (const fn of ready) fn();
      if (s.alive) this.hook(inst, 'onReady');
    } else {
      this.hook(inst, 'onShow');
      for (const c of s.live) c.__wx.pageLifetime('show');
      this.updateShell();
    }
  }

  hidePage(inst) {
    const s = inst.__wx;
    if (!s.alive) return;
    this.hook(inst, 'onHide');
    for (const c of s.live) c.__wx.pageLifetime('hide');
    s.el.setAttribute('inactive', '');
  }

  unloadPage(inst) {
    const s = inst.__wx;
    if (!s.alive) return;
    this.hook(inst, 'onUnload');
    s.teardown();
    s.el.remove();
    if (this.tabPages.get(s.route) === inst) this.tabPages.delete(s.route);
  }

  resolveUrl(api, url) {
    if (typeof url !== 'string' || !url) throw failure(api, 'parameter error: parameter.url should be String');
    const { path, query } = parseUrl(url);
    const from = this.top() ? this.top().route : '';
    let route;
    try { route = url.startsWith('/') ? path : resolvePath(from, path); } catch (e) { throw failure(api, e.message); }
    route = route.replace(/\.html$/, '');
    if (!this.config.pages.includes(route)) throw failure(api, `page "${route}" is not found`);
    return { route, query };
  }

  /** One navigation at a time, in call order, as WeChat's router does. */
  navigate(api, o) {
    const run = this.busy.then(() => this.navigateNow(api, o));
    this.busy = run.catch(() => {});
    return run;
  }

  async navigateNow(api, o) {
    if (api === 'navigateBack') {
      if (this.stack.length <= 1) throw failure(api, 'cannot navigate back at first page.');
      const delta = Math.max(1, Math.floor(Number(o.delta) || 1));
      const n = Math.min(delta, this.stack.length - 1);
      for (let i = 0; i < n; i++) this.unloadPage(this.stack.pop());
      await this.showPage(this.top(), false);
      return {};
    }
    const { route, query } = this.resolveUrl(api, o.url);
    const tab = this.isTab(route);
    if (api === 'navigateTo' || api === 'redirectTo') {
      if (tab) throw failure(api, `can not ${api} a tabbar page`);
      if (api === 'navigateTo' && this.stack.length >= MAX_PAGE_STACK) throw failure(api, 'webview count limit exceed');
    }
    if (api === 'switchTab' && !tab) throw failure(api, 'can not switch to no-tabBar page');
    await this.open(route, api === 'switchTab' ? {} : query, api);
    return {};
  }

  async open(route, query, how) {
    if (how === 'switchTab') {
      const current = this.top();
      if (current && current.__wx.route === route) return;
      await this.loadPage(route); // fail before touching the stack
      // Non-tab pages close; tab pages stay alive, hidden.
      while (this.stack.length) {
        const p = this.stack.pop();
        if (this.tabPages.get(p.__wx.route) === p) this.hidePage(p); else this.unloadPage(p);
      }
      const live = this.tabPages.get(route);
      if (live) {
        this.stack.push(live);
        await this.showPage(live, false);
        return;
      }
    } else {
      await this.loadPage(route);
      if (how === 'navigateTo') { if (this.top()) this.hidePage(this.top()); }
      else if (how === 'redirectTo') { if (this.top()) this.unloadPage(this.stack.pop()); }
      else if (how === 'reLaunch') {
        while (this.stack.length) this.unloadPage(this.stack.pop());
        for (const p of [...this.tabPages.values()]) this.unloadPage(p);
      }
    }
    const inst = await this.createPage(route, query);
    if (this.isTab(route)) this.tabPages.set(route, inst);
    this.stack.push(inst);
    await this.showPage(inst, true, query);
  }

  /** The app goes to the background (the desktop window hidden): page onHide, App onHide. */
  hide() {
    if (this.hidden) return;
    this.hidden = true;
    const p = this.top();
    if (p) this.hidePage(p);
    this.hook(this.appInstance, 'onHide');
  }

  show() {
    if (!this.hidden) return;
    this.hidden = false;
    this.hook(this.appInstance, 'onShow', [clone(this.launchOptions)]);
    const p = this.top();
    if (p) this.showPage(p, false);
  }

  /** Resolves when no render is pending (and storage writes reached the backend). */
  async settle() {
    await this.busy;
    await this.scheduler.settle();
    await this.storage.flushed();
  }

  getCurrentPages() { return [...this.stack]; }

  getApp() { return this.appInstance; }

  destroy() {
    for (const p of [...this.stack, ...this.tabPages.values()]) this.unloadPage(p);
    this.stack = [];
    this.removeNative?.();
    if (this.visibility) this.doc.removeEventListener('visibilitychange', this.visibility);
    for (const s of this.sheets || []) s.remove();
    this.root?.remove();
  }
}
