import test from 'node:test';
import assert from 'node:assert/strict';
import { compileWxss, compileWxssText, rpxConverter, scopeSelectors, MAX_WXSS_SIZE } from '../src/wxss.js';
import { boot, fixture } from '../support/helpers.mjs';

const S = 'wx-page[wx-p="p1"]';

test('rpx becomes px for the page width (750rpx = the page)', () => {
  const at375 = rpxConverter(375);
  assert.equal(at375('width: 750rpx; margin: -20rpx .5rpx 1.5rpx 0'), 'width: 375px; margin: -10px 0.25px 0.75px 0');
  assert.equal(rpxConverter(414)('100rpx'), '55.2px');
  assert.equal(at375('url(a-750rpx.png) 10rpxx'), 'url(a-375px.png) 10rpxx', 'only whole rpx units');
});

test('selectors are scoped; tags become wx-<tag>; page and :host become the scope', () => {
  assert.equal(scopeSelectors('.a, view .b > text', S), `${S} .a, ${S} wx-view .b > wx-text`);
  assert.equal(scopeSelectors('page', S), S);
  assert.equal(scopeSelectors('page .x', S), `${S} .x`);
  assert.equal(scopeSelectors(':host', '[wx-c="c1"]'), '[wx-c="c1"]');
  assert.equal(scopeSelectors('button[type="primary"]:not(.x), input::placeholder', S), `${S} wx-button[type="primary"]:not(.x), ${S} wx-input::placeholder`);
  assert.equal(scopeSelectors('.a:nth-child(2n + 1) ~ image', S), `${S} .a:nth-child(2n + 1) ~ wx-image`);
  assert.equal(scopeSelectors('[data-x="view text"]', S), `${S} [data-x="view text"]`);
});

test('@media is scoped inside; @keyframes and @font-face are left alone; comments dropped', () => {
  const css = compileWxssText(`/* c */ .a { width: 100rpx }
    @media (min-width: 400px) { view { color: red } }
    @keyframes spin { from { transform: rotate(0) } to { transform: rotate(360deg) } }
    @font-face { font-family: x; src: url("x.woff") }`, { scope: S, width: 750 });
  assert.match(css, /wx-page\[wx-p="p1"\] \.a \{ width: 100px \}/);
  assert.match(css, /@media \(min-width: 400px\) \{\nwx-page\[wx-p="p1"\] wx-view \{ color: red \}/);
  assert.match(css, /@keyframes spin \{ from \{ transform: rotate\(0\) \} to/);
  assert.match(css, /@font-face \{ font-family: x/);
  assert.doesNotMatch(css, /\/\*/);
});

test('@import through the loader, relative and absolute; cycles and size refused', async () => {
  const files = {
    'pages/a/index.wxss': '@import "../../common.wxss";\n@import "/theme/t.wxss";\n.page { padding: 20rpx }',
    'common.wxss': '.row { height: 88rpx }',
    'theme/t.wxss': '@import "../common.wxss"; .t { color: red }',
    'x.wxss': '@import "y.wxss";', 'y.wxss': '@import "x.wxss";',
    'big.wxss': 'a{}'.repeat(MAX_WXSS_SIZE),
  };
  const read = async (p) => files[p];
  const css = await compileWxss('pages/a/index.wxss', read, { scope: S, width: 375 });
  assert.equal((css.match(/\.row \{ height: 44px \}/g) || []).length, 2);
  assert.match(css, /\.t \{ color: red \}/);
  assert.match(css, /\.page \{ padding: 10px \}/);
  await assert.rejects(compileWxss('x.wxss', read, { scope: S, width: 375 }), /cycle/);
  await assert.rejects(compileWxss('big.wxss', read, { scope: S, width: 375 }), /larger than/);
});

test('a running app adds base, app and page styles, each scoped', async () => {
  const { doc } = await boot(fixture('signup'));
  // Constructed sheets (what CSP allows) where the DOM has them, else <style> elements.
  assert.ok(doc.adoptedStyleSheets.length >= 3, 'added through CSSOM');
  assert.equal(doc.querySelectorAll('style').length, 0);
  const css = doc.adoptedStyleSheets.map((s) => s.__wxText).join('\n');
  assert.match(css, /wx-button\[type=primary\]/, 'component defaults');
  assert.match(css, /\[wx-app="\d+"\] wx-page \.section \{/, 'app.wxss and its @import');
  assert.match(css, /\[wx-app="\d+"\] wx-page \{ background: #ededed; \}/, 'page selector');
  assert.match(css, /wx-page\[wx-p="p\d+"\] \.picked \{/, 'page wxss');
  assert.match(css, /wx-page\[wx-p="p\d+"\] wx-button \{ margin: 10px 16px; \}/, 'tag selectors and rpx');
});
