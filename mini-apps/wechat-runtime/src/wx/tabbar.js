// The tab bar and page APIs: badges and red dots, items and style, show/hide, pageScrollTo.
// They change the runtime's own tab bar (app.js draws it from app.json's tabBar).
//
// host: { tabItems() -> [{item, button}], tabBarConfig() -> app.json tabBar (mutable copy),
//         setTabBarShown(bool), refresh(), isTabPage() -> bool, page() -> current wx-page el,
//         doc() }

import { asyncApi, failure } from './callback.js';

const MAX_BADGE = 4; // WeChat shows at most 4 characters; longer text ends with '...'

export function createTabBarApis(host) {
  function itemAt(name, o) {
    if (!host.isTabPage()) throw failure(name, 'not TabBar page');
    const i = Number(o.index);
    const items = host.tabItems();
    if (!Number.isInteger(i) || i < 0 || i >= items.length) throw failure(name, `tabbar item not found: index ${o.index}`);
    return items[i];
  }
  function mark(button, cls, text) {
    let el = button.querySelector(`.${cls}`);
    if (text === null) { if (el) el.remove(); return; }
    if (!el) {
      el = host.doc().createElement('span');
      el.className = cls;
      button.appendChild(el);
    }
    el.textContent = text;
  }
  const tabApi = (name, fn) => asyncApi(name, (o) => { fn(itemAt(name, o), o); return {}; });
  return {
    setTabBarBadge: tabApi('setTabBarBadge', ({ button }, o) => {
      const text = String(o.text ?? '');
      mark(button, 'wx-tabbar-dot', null);
      mark(button, 'wx-tabbar-badge', text.length > MAX_BADGE ? `${text.slice(0, 3)}...` : text);
    }),
    removeTabBarBadge: tabApi('removeTabBarBadge', ({ button }) => mark(button, 'wx-tabbar-badge', null)),
    showTabBarRedDot: tabApi('showTabBarRedDot', ({ button }) => {
      mark(button, 'wx-tabbar-badge', null);
      mark(button, 'wx-tabbar-dot', '');
    }),
    hideTabBarRedDot: tabApi('hideTabBarRedDot', ({ button }) => mark(button, 'wx-tabbar-dot', null)),
    setTabBarItem: tabApi('setTabBarItem', (entry, o) => {
      if (o.text !== undefined) {
        entry.item.text = String(o.text);
        entry.button.querySelector('.wx-tabbar-text').textContent = entry.item.text;
      }
      if (o.iconPath !== undefined) entry.item.iconPath = String(o.iconPath);
      if (o.selectedIconPath !== undefined) entry.item.selectedIconPath = String(o.selectedIconPath);
      host.refresh();
    }),
    setTabBarStyle: asyncApi('setTabBarStyle', (o) => {
      if (!host.isTabPage()) throw failure('setTabBarStyle', 'not TabBar page');
      const tb = host.tabBarConfig();
      for (const k of ['color', 'selectedColor', 'backgroundColor', 'borderStyle']) if (o[k] !== undefined) tb[k] = String(o[k]);
      host.refresh();
      return {};
    }),
    showTabBar: asyncApi('showTabBar', () => {
      if (!host.isTabPage()) throw failure('showTabBar', 'not TabBar page');
      host.setTabBarShown(true);
      return {};
    }),
    hideTabBar: asyncApi('hideTabBar', () => {
      if (!host.isTabPage()) throw failure('hideTabBar', 'not TabBar page');
      host.setTabBarShown(false);
      return {};
    }),
    pageScrollTo: asyncApi('pageScrollTo', (o) => {
      const page = host.page();
      if (!page) throw failure('pageScrollTo', 'no page');
      let top = Number(o.scrollTop);
      if (o.selector !== undefined) {
        let target = null;
        try { target = page.querySelector(String(o.selector)); } catch { /* not a selector */ }
        if (!target) throw failure('pageScrollTo', `no element matches selector ${o.selector}`);
        top = target.getBoundingClientRect().top - page.getBoundingClientRect().top + page.scrollTop + (Number(o.offsetTop) || 0);
      }
      if (!Number.isFinite(top)) throw failure('pageScrollTo', 'parameter error: scrollTop or selector is required');
      page.scrollTop = Math.max(0, top);
      return {};
    }),
  };
}
