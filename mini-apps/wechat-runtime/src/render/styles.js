// Default styles of the built-in components and the shell, close to WeChat's look.
// Injected once per document through CSSOM (see wxss.js addSheet) so the node's CSP holds.

export const BASE_CSS = `
.wx-app { position: relative; display: flex; flex-direction: column; height: 100%; min-height: 100%;
  font-family: -apple-system, "PingFang SC", "Helvetica Neue", "Microsoft YaHei", sans-serif;
  font-size: 16px; color: #000; background: #fff; overflow: hidden; }
.wx-navbar { flex: none; display: flex; align-items: center; justify-content: center; height: 44px;
  position: relative; font-size: 17px; font-weight: 500; background: #000; color: #fff; }
.wx-navbar[text-style=black] { color: #000; }
.wx-navbar[hidden], .wx-tabbar[hidden] { display: none; }
.wx-navbar-back { position: absolute; left: 0; top: 0; bottom: 0; width: 44px; border: 0;
  background: transparent; color: inherit; font-size: 22px; cursor: pointer; }
.wx-pages { flex: 1; position: relative; overflow: hidden; }
wx-page { display: block; position: absolute; inset: 0; overflow-y: auto; background: #fff; }
wx-page[inactive] { display: none; }
.wx-tabbar { flex: none; display: flex; border-top: 1px solid rgba(0,0,0,.33); background: #f7f7fa; }
.wx-tabbar[position=top] { order: -1; border-top: 0; border-bottom: 1px solid rgba(0,0,0,.33); }
.wx-tabbar-item { flex: 1; display: flex; flex-direction: column; align-items: center; justify-content: center;
  height: 50px; font-size: 10px; color: #7a7e83; cursor: pointer; border: 0; background: transparent; }
.wx-tabbar-item img { width: 24px; height: 24px; }
.wx-tabbar-item { position: relative; }
.wx-tabbar-badge { position: absolute; top: 2px; left: calc(50% + 6px); min-width: 16px; height: 16px; padding: 0 4px;
  box-sizing: border-box; border-radius: 8px; background: #fa5151; color: #fff; font-size: 11px; line-height: 16px; }
.wx-tabbar-dot { position: absolute; top: 4px; left: calc(50% + 10px); width: 8px; height: 8px; border-radius: 4px; background: #fa5151; }
[hidden] { display: none !important; }
wx-view, wx-cover-view, wx-scroll-view, wx-swiper, wx-swiper-item, wx-form, wx-navigator,
  wx-picker, wx-slider, wx-textarea, wx-checkbox-group, wx-radio-group { display: block; }
wx-text, wx-label { display: inline; }
wx-text[selectable] { user-select: text; }
wx-text[space] { white-space: pre-wrap; }
wx-image { display: inline-block; position: relative; width: 320px; height: 240px; overflow: hidden; }
wx-image img { display: block; width: 100%; height: 100%; object-fit: fill; }
wx-image[mode=aspectFit] img { object-fit: contain; }
wx-image[mode=aspectFill] img { object-fit: cover; }
wx-image[mode=widthFix] { height: auto; }
wx-image[mode=widthFix] img { height: auto; }
wx-image[mode=heightFix] { width: auto; }
wx-image[mode=heightFix] img { width: auto; }
wx-image[mode=center] img, wx-image[mode=top] img, wx-image[mode=bottom] img { object-fit: none; }
wx-image[mode=top] img { object-position: top; } wx-image[mode=bottom] img { object-position: bottom; }
wx-icon { display: inline-block; text-align: center; vertical-align: middle; font-weight: bold; }
wx-button { display: block; position: relative; box-sizing: border-box; margin: 0 auto; padding: 0 14px;
  font-size: 18px; line-height: 2.55555556; text-align: center; border-radius: 5px; cursor: pointer;
  color: #000; background: #f8f8f8; border: 1px solid rgba(0,0,0,.2); user-select: none; }
wx-button + wx-button { margin-top: 15px; }
wx-button[type=primary] { color: #fff; background: #07c160; border-color: #07c160; }
wx-button[type=warn] { color: #fff; background: #e64340; border-color: #e64340; }
wx-button[plain] { background: transparent; }
wx-button[plain][type=primary] { color: #07c160; } wx-button[plain][type=warn] { color: #e64340; }
wx-button[size=mini] { display: inline-block; font-size: 13px; line-height: 2.3; padding: 0 1.34em; }
wx-button[disabled] { opacity: .6; cursor: default; }
wx-button[loading]::before { content: ""; display: inline-block; width: 1em; height: 1em; margin-right: .4em;
  vertical-align: -.15em; border: 2px solid currentColor; border-right-color: transparent; border-radius: 50%;
  animation: wx-spin 1s linear infinite; }
.button-hover { opacity: .8; } .navigator-hover { background: rgba(0,0,0,.1); opacity: .7; }
@keyframes wx-spin { to { transform: rotate(360deg); } }
wx-input { display: block; height: 1.4rem; line-height: 1.4rem; }
wx-input input, wx-textarea textarea { width: 100%; height: 100%; border: 0; padding: 0; margin: 0;
  font: inherit; color: inherit; background: transparent; outline: none; }
wx-textarea { width: 300px; height: 150px; }
wx-textarea textarea { resize: none; }
wx-checkbox, wx-radio, wx-switch { display: inline-flex; align-items: center; cursor: pointer; }
.wx-checkbox-input, .wx-radio-input { display: inline-block; box-sizing: border-box; width: 22px; height: 22px;
  margin-right: 5px; border: 1px solid #d1d1d1; background: #fff; vertical-align: middle; text-align: center;
  line-height: 20px; color: var(--wx-color, #07c160); }
.wx-checkbox-input { border-radius: 3px; } .wx-radio-input { border-radius: 50%; }
wx-checkbox[checked] .wx-checkbox-input::before { content: "\\2713"; }
wx-radio[checked] .wx-radio-input { background: var(--wx-color, #07c160); border-color: var(--wx-color, #07c160); }
wx-radio[checked] .wx-radio-input::before { content: "\\2713"; color: #fff; }
wx-checkbox[disabled], wx-radio[disabled], wx-switch[disabled] { opacity: .5; cursor: default; }
.wx-switch-input { position: relative; display: inline-block; width: 52px; height: 32px; border-radius: 16px;
  background: #dfdfdf; transition: background .2s; }
.wx-switch-input::after { content: ""; position: absolute; top: 2px; left: 2px; width: 28px; height: 28px;
  border-radius: 50%; background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.4); transition: transform .2s; }
wx-switch[checked] .wx-switch-input { background: var(--wx-color, #04be02); }
wx-switch[checked] .wx-switch-input::after { transform: translateX(20px); }
wx-switch[type=checkbox] .wx-switch-input { width: 22px; height: 22px; border-radius: 3px; background: #fff; border: 1px solid #d1d1d1; }
wx-switch[type=checkbox] .wx-switch-input::after { display: none; }
wx-switch[type=checkbox][checked] .wx-switch-input::before { content: "\\2713"; color: var(--wx-color, #07c160); }
wx-slider { margin: 10px 18px; } wx-slider { display: flex; align-items: center; }
.wx-slider-input { flex: 1; accent-color: #1aad19; } .wx-slider-value { margin-left: 14px; min-width: 2em; }
wx-slider:not([show-value]) .wx-slider-value { display: none; }
wx-scroll-view { overflow: hidden; } wx-scroll-view[scroll-x] { overflow-x: auto; white-space: nowrap; }
wx-scroll-view[scroll-y] { overflow-y: auto; }
wx-swiper { position: relative; overflow: hidden; height: 150px; }
.wx-swiper-track { display: flex; height: 100%; transition-property: transform; }
wx-swiper[vertical] .wx-swiper-track { flex-direction: column; }
wx-swiper-item { flex: none; width: 100%; height: 100%; box-sizing: border-box; overflow: hidden; }
.wx-swiper-dots { position: absolute; left: 0; right: 0; bottom: 10px; display: flex; justify-content: center; gap: 8px; }
.wx-swiper-dots span { width: 8px; height: 8px; border-radius: 50%; background: var(--wx-dot, rgba(0,0,0,.3)); }
.wx-swiper-dots span[active] { background: var(--wx-dot-active, #000); }
wx-navigator { cursor: pointer; } wx-picker { cursor: pointer; }
.wx-overlays { position: absolute; inset: 0; pointer-events: none; z-index: 1000; }
.wx-overlays > * { pointer-events: auto; }
.wx-toast { position: absolute; left: 50%; top: 40%; transform: translate(-50%, -50%); min-width: 120px;
  max-width: 70%; padding: 16px; border-radius: 8px; background: rgba(17,17,17,.7); color: #fff; text-align: center; }
.wx-toast-icon { display: block; font-size: 40px; line-height: 1.2; }
.wx-mask { position: absolute; inset: 0; background: rgba(0,0,0,.6); display: flex; align-items: center; justify-content: center; }
.wx-mask.wx-clear { background: transparent; }
.wx-modal { width: 80%; max-width: 320px; background: #fff; border-radius: 12px; overflow: hidden; text-align: center; }
.wx-modal-title { padding: 32px 24px 8px; font-weight: 700; font-size: 17px; }
.wx-modal-content { padding: 8px 24px 32px; color: rgba(0,0,0,.5); white-space: pre-wrap; word-break: break-word; }
.wx-modal-content textarea { width: 100%; box-sizing: border-box; }
.wx-modal-buttons { display: flex; border-top: 1px solid rgba(0,0,0,.1); }
.wx-modal-buttons button { flex: 1; height: 56px; border: 0; background: transparent; font-size: 17px; font-weight: 700; cursor: pointer; }
.wx-modal-cancel { color: #000; } .wx-modal-confirm { color: #576b95; }
.wx-actionsheet, .wx-picker { position: absolute; left: 0; right: 0; bottom: 0; background: #f7f7f7;
  border-radius: 12px 12px 0 0; overflow: hidden; }
.wx-mask.wx-bottom { align-items: flex-end; }
.wx-actionsheet-item, .wx-actionsheet-cancel, .wx-picker-option { padding: 16px; background: #fff;
  text-align: center; font-size: 17px; border-bottom: 1px solid rgba(0,0,0,.1); cursor: pointer; }
.wx-actionsheet-cancel { margin-top: 8px; }
.wx-picker-mask { position: absolute; inset: 0; background: rgba(0,0,0,.6); }
.wx-picker-bar { display: flex; justify-content: space-between; padding: 8px; }
.wx-picker-bar button { border: 0; background: transparent; font-size: 17px; cursor: pointer; }
.wx-picker-confirm { color: #07c160; font-weight: 700; }
.wx-picker-options { max-height: 50vh; overflow-y: auto; }
.wx-picker-option[selected] { font-weight: 700; }
.wx-picker input { display: block; width: calc(100% - 32px); margin: 16px; font-size: 17px; }
.wx-chooser { position: absolute; left: 0; right: 0; bottom: 0; top: 10%; background: #fff; display: flex;
  flex-direction: column; border-radius: 12px 12px 0 0; overflow: hidden; }
.wx-chooser-bar { display: flex; align-items: center; gap: 8px; padding: 8px; border-bottom: 1px solid rgba(0,0,0,.1); }
.wx-chooser-bar button { border: 0; background: transparent; font-size: 17px; cursor: pointer; }
.wx-chooser-confirm { color: #07c160; font-weight: 700; } .wx-chooser-confirm[disabled] { color: #bbb; }
.wx-chooser-dir { flex: 1; text-align: center; color: rgba(0,0,0,.6); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.wx-chooser-grid { flex: 1; overflow-y: auto; display: grid; grid-template-columns: repeat(3, 1fr); gap: 4px; padding: 4px; align-content: start; }
.wx-chooser-folder, .wx-chooser-image { position: relative; aspect-ratio: 1; background: #f2f2f2; cursor: pointer;
  display: flex; align-items: center; justify-content: center; overflow: hidden; font-size: 14px; }
.wx-chooser-folder::before { content: '📁'; margin-right: 4px; } .wx-chooser-up::before { content: none; }
.wx-chooser-image img { width: 100%; height: 100%; object-fit: cover; }
.wx-chooser-name { position: absolute; left: 0; right: 0; bottom: 0; font-size: 11px; color: #fff; background: rgba(0,0,0,.4);
  padding: 2px 4px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.wx-chooser-image[selected] { outline: 4px solid #07c160; outline-offset: -4px; }
.wx-chooser-empty { grid-column: 1 / -1; padding: 32px; text-align: center; color: rgba(0,0,0,.5); }
.wx-preview { background: #000; flex-direction: column; }
.wx-preview-image { max-width: 100%; max-height: 90%; object-fit: contain; }
.wx-preview-count { color: #fff; padding: 8px; }
.wx-preview-prev, .wx-preview-next { position: absolute; top: 45%; border: 0; background: rgba(255,255,255,.2); color: #fff;
  font-size: 32px; width: 44px; height: 44px; border-radius: 22px; cursor: pointer; }
.wx-preview-prev { left: 8px; } .wx-preview-next { right: 8px; }
.wx-pull-refresh { position: absolute; top: 8px; left: 50%; transform: translateX(-50%); display: flex; gap: 4px; }
.wx-pull-refresh span { width: 8px; height: 8px; border-radius: 4px; background: #bbb; }
.wx-picker-columns { display: flex; }
.wx-picker-column { flex: 1; min-width: 0; max-height: 50vh; overflow-y: auto; position: relative; }
.wx-picker-column + .wx-picker-column { border-left: 1px solid rgba(0,0,0,.1); }
.wx-picker-column .wx-picker-option { padding: 12px 8px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.wx-picker-column .wx-picker-option[selected] { color: #07c160; }
`;
