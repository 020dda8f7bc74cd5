// Starts the mini-program in ./mp/ inside #mp. Storage is in memory until the node-backed
// backend exists (a sandboxed app frame has no localStorage).
import { createRuntime, createFetchLoader } from './runtime/index.js';

const container = document.getElementById('mp');
const mp = createRuntime({ container, loader: createFetchLoader({ base: new URL('./mp/', import.meta.url).href }) });
mp.launch().catch((e) => {
  container.textContent = `This mini-program could not start: ${e.message}`;
  console.error(e);
});
