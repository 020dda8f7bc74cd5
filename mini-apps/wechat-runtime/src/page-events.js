// A page's scroll events: onPageScroll, onReachBottom (once each time the page comes within
// onReachBottomDistance px of its end, 50 by default, from the page's json or app.json window)
// and pull-down refresh: a pull of PULL_DISTANCE px at the top of a page whose config sets
// enablePullDownRefresh, or wx.startPullDownRefresh(), shows the indicator and calls
// onPullDownRefresh; wx.stopPullDownRefresh() hides it.

export const REACH_BOTTOM_DISTANCE = 50;
export const PULL_DISTANCE = 64;

/** host: { config() (the page's merged window config), hook(name, args), refresh() (start one) } */
export function installPageEvents(el, host) {
  let nearBottom = false;
  el.addEventListener('scroll', () => {
    host.hook('onPageScroll', [{ scrollTop: el.scrollTop }]);
    const d = Number(host.config().onReachBottomDistance);
    const distance = Number.isFinite(d) && d >= 0 ? d : REACH_BOTTOM_DISTANCE;
    const near = el.scrollHeight - el.scrollTop - el.clientHeight <= distance;
    if (near && !nearBottom) host.hook('onReachBottom');
    nearBottom = near;
  });
  let startY = null;
  el.addEventListener('pointerdown', (e) => {
    startY = el.scrollTop <= 0 && host.config().enablePullDownRefresh === true ? e.clientY : null;
  });
  el.addEventListener('pointerup', (e) => {
    if (startY !== null && e.clientY - startY >= PULL_DISTANCE) host.refresh();
    startY = null;
  });
  el.addEventListener('pointercancel', () => { startY = null; });
}

/** The indicator in the overlay layer and the one refresh at a time. */
export function createPullDownRefresh({ overlay, doc, hook }) {
  let indicator = null;
  return {
    start(page) {
      if (!indicator) {
        indicator = doc().createElement('div');
        indicator.className = 'wx-pull-refresh';
        indicator.appendChild(doc().createElement('span'));
        overlay().appendChild(indicator);
      }
      hook(page, 'onPullDownRefresh');
    },
    stop() {
      if (indicator) { indicator.remove(); indicator = null; }
    },
    get active() { return indicator !== null; },
  };
}
