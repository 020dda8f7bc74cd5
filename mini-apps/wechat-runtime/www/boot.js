// Starts the mini-program in ./mp/ inside #mp, storage in memory (a sandboxed app frame has no
// localStorage). A ported app's boot.js (tools/port.mjs) uses createNodeBackends instead.
import { createRuntime, createFetchLoader } from './runtime/index.js';

const container = document.getElementById('mp');
const mp = createRuntime({ container, loader: createFetchLoader({ base: new URL('./mp/', import.meta.url).href }) });
mp.launch().catch((e) => {
  container.textContent = `This mini-program could not start: ${e.message}`;
  console.error(e);
});
