import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { systemClock } from '../../../tools/common/clock.ts';
import { ToolError } from '../../../tools/common/errors.ts';
import { createActuator, RestartActuator } from '../../../tools/control/actuators/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'tunechat-restart-'));
const script = join(dir, 'server.mjs');
// A service that reads its pool size at start-up only; 13 workers make it crash; --stubborn ignores SIGTERM.
writeFileSync(
  script,
  `import { createServer } from 'node:http';
const workers = Number(process.argv[process.argv.indexOf('--workers') + 1]);
if (workers === 13) { console.error('13 workers: unlucky pool'); process.exit(1); }
if (process.argv.includes('--stubborn')) process.on('SIGTERM', () => {});
createServer((req, res) => res.end(JSON.stringify({ workers, pid: process.pid }))).listen(Number(process.argv[process.argv.indexOf('--port') + 1]), '127.0.0.1');
`,
);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const health = async (port: number) => (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { workers: number; pid: number };
const actuators: RestartActuator[] = [];
after(async () => {
  for (const a of actuators) await a.stopService();
});

describe('restart actuator', () => {
  test('starts, restarts with the new value on the same port, recovers the old value when the new one fails', async () => {
    const actuator = createActuator('workers', { type: 'restart', command: [process.execPath, script, '--workers', '{value}', '--port', '{port}'], health_url: 'http://127.0.0.1:{port}/health' }, { clock: systemClock, startup_timeout_ms: 5000 }) as RestartActuator;
    actuators.push(actuator);
    assert.equal(actuator.kind, 'restart');
    assert.equal(await actuator.read(), null, 'runs nothing yet');
    await actuator.apply(4);
    assert.equal(await actuator.read(), 4);
    const port = Number(new URL(`http://x:${(actuator as unknown as { port: number }).port}`).port);
    const first = await health(port);
    assert.equal(first.workers, 4);
    await actuator.apply(6);
    const second = await health(port);
    assert.equal(second.workers, 6);
    assert.notEqual(second.pid, first.pid);
    assert.equal(alive(first.pid), false, 'the old process group is stopped');
    await assert.rejects(
      actuator.apply(13),
      (e: unknown) => ToolError.isInstance(e) && (e.code as string) === 'actuator_failed' && /restart with workers=13 failed: the service ended .*exit code 1.*unlucky pool.*; started again with workers=6/.test(e.message),
    );
    assert.equal(await actuator.read(), 6);
    assert.equal((await health(port)).workers, 6);
    const pid = actuator.pid()!;
    await actuator.stopService();
    assert.equal(await actuator.read(), null);
    assert.equal(alive(pid), false);
  });

  test('a service that ignores SIGTERM is killed after the grace period', async () => {
    const actuator = new RestartActuator({
      parameter: 'workers',
      command: [process.execPath, script, '--workers', '{value}', '--port', '{port}', '--stubborn'],
      health_url: 'http://127.0.0.1:{port}/health',
      clock: systemClock,
      allowedHosts: [],
      stop_grace_ms: 200,
    });
    actuators.push(actuator);
    await actuator.apply(2);
    const pid = actuator.pid()!;
    const started = performance.now();
    await actuator.apply(3);
    console.log(`stubborn restart took ${Math.round(performance.now() - started)} ms`);
    assert.equal(alive(pid), false);
    assert.equal(await actuator.read(), 3);
  });

  test('the health URL must pass the host policy', () => {
    assert.throws(
      () => createActuator('workers', { type: 'restart', command: ['x', '{value}'], health_url: 'http://203.0.113.5:{port}/health' }, { clock: systemClock }),
      (e: unknown) => ToolError.isInstance(e) && e.code === 'forbidden' && /actuator\.health_url/.test(e.message),
    );
  });
});
