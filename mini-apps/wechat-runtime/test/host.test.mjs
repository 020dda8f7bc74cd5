// Builds the WeChat host backend (host/, AssemblyScript) and runs its own unit tests
// (host/test/, against host/build/app.wasm), so `npm test` here covers it too.
// host/build.sh installs the host's pinned dependencies first when they are missing.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const HOST = fileURLToPath(new URL('../host/', import.meta.url));

test('host/: builds and passes its unit tests', { timeout: 300000 }, () => {
  execFileSync('sh', ['build.sh'], { cwd: HOST, stdio: 'pipe' });
  // A child of a test run reports to its parent unless NODE_TEST_CONTEXT is cleared.
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const r = spawnSync(process.execPath, ['--preserve-symlinks', '--test', '--test-reporter=tap', 'test/'], { cwd: HOST, encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /# fail 0/);
});
