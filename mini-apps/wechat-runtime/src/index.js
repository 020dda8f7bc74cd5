// ElastOS Node's WeChat mini-program runtime: public entry points.
//
//   const mp = createRuntime({ container, loader: createFetchLoader({ base: './mp/' }) });
//   await mp.launch();

import { MiniProgram } from './app.js';

export { MiniProgram } from './app.js';
export { createFetchLoader, createMapLoader, wrapModule } from './loader.js';
export { createMemoryStorage } from './wx/storage.js';
export { createNodeBackends, createNodeStorage, createNodeFetch, createNodeIdentity, createNodeMedia, createNodeTransfer } from './wx/node-backends.js';
export { parseWxml, WxmlError } from './wxml/parse.js';
export { parseExpr, evaluate } from './wxml/expr.js';
export { compileWxss, compileWxssText } from './wxss.js';
export { BUILTINS } from './render/components/index.js';
export { UNSUPPORTED } from './wx/unsupported.js';
export { supportedApiNames } from './wx/index.js';

export function createRuntime(opts) {
  return new MiniProgram(opts);
}
