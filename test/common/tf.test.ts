import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTf, selectTfBackend, tfStatus } from '../../tools/common/tf.ts';
import type { AppMetrics } from '../../server/metrics.ts';
import { opsRoutes } from '../../server/routes/health.ts';

async function healthz() {
  const app = opsRoutes({ db: { prepare: () => ({ get: () => 1 }) }, metrics: {} as AppMetrics, startedAt: Date.now() });
  return ((await (await app.request('/healthz')).json()) as { tfjs: unknown }).tfjs;
}

/** An importer where tfjs-node is absent, as after an offline `npm install` (the optional dependency is removed). */
function withoutNative(fail: string[] = []) {
  const asked: string[] = [];
  const importer = async (specifier: string) => {
    asked.push(specifier);
    if (specifier === '@tensorflow/tfjs-node' || fail.includes(specifier)) {
      throw Object.assign(new Error(`Cannot find package '${specifier}'`), { code: 'ERR_MODULE_NOT_FOUND' });
    }
    return import(specifier);
  };
  return { importer, asked };
}

test('tfStatus (and /healthz tfjs) is null before tfjs is loaded', async () => {
  assert.equal(tfStatus(), null);
  assert.equal(await healthz(), null);
});

test('without tfjs-node the wasm backend runs, and the log and status say why', async () => {
  const lines: string[] = [];
  const { importer, asked } = withoutNative();
  const listenersBefore = [process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection')];
  const runtime = await selectTfBackend({ importer, logger: (line) => lines.push(line), prefer: 'native' });
  assert.equal(runtime.backend, 'wasm');
  assert.equal(runtime.native, false);
  assert.equal(runtime.tf.getBackend(), 'wasm');
  assert.deepEqual(asked.slice(0, 1), ['@tensorflow/tfjs-node']);
  assert.deepEqual(lines, ['tfjs backend: wasm (tfjs-node: not installed)']);
  assert.deepEqual(tfStatus(), { backend: 'wasm', native: false, reason: 'tfjs-node: not installed' });
  assert.deepEqual(await healthz(), { backend: 'wasm', native: false, reason: 'tfjs-node: not installed' });
  // The backend computes.
  const sum = runtime.tf.tidy(() => runtime.tf.add(runtime.tf.tensor1d([1, 2]), runtime.tf.tensor1d([3, 4])).dataSync());
  assert.deepEqual([...sum], [4, 6]);
  // The Emscripten glue's rethrowing process listeners were removed.
  assert.deepEqual([process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection')], listenersBefore);
});

test('when wasm cannot start either, the cpu backend runs with both reasons', async () => {
  const lines: string[] = [];
  const { importer } = withoutNative(['@tensorflow/tfjs-backend-wasm']);
  const runtime = await selectTfBackend({ importer, logger: (line) => lines.push(line) });
  assert.equal(runtime.backend, 'cpu');
  assert.deepEqual(lines, ['tfjs backend: cpu (tfjs-node: not installed; wasm: not installed)']);
  assert.equal(tfStatus()?.backend, 'cpu');
});

test('a failure that is not a missing module is reported with its message', async () => {
  const lines: string[] = [];
  const importer = async (specifier: string) => {
    if (specifier === '@tensorflow/tfjs-node') throw new Error('libtensorflow.so.2: cannot open shared object file');
    return import(specifier);
  };
  await selectTfBackend({ importer, logger: (line) => lines.push(line), prefer: 'native' });
  assert.match(lines[0]!, /^tfjs backend: wasm \(tfjs-node: libtensorflow\.so\.2: cannot open shared object file\)$/);
});

test('loadTf is memoized: one runtime, one log line', async () => {
  const lines: string[] = [];
  const { importer } = withoutNative();
  const [a, b] = await Promise.all([loadTf({ importer, logger: (l) => lines.push(l) }), loadTf({ importer, logger: (l) => lines.push(l) })]);
  assert.equal(a, b);
  assert.equal(await loadTf(), a);
  assert.equal(lines.length, 1);
});
