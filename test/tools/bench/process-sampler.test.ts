import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { readProcess, startProcessSampler } from '../../../tools/bench/stability/process-sampler.ts';
import { stabilityVerdict } from '../../../tools/bench/stability/verdict.ts';
import { ToolError } from '../../../tools/common/errors.ts';

describe('process sampler (/proc)', () => {
  test('reads CPU and RSS of another process; a busy child shows CPU', async () => {
    const child = spawn(process.execPath, ['-e', 'const b = Buffer.alloc(80e6, 1); console.log("ready"); const end = Date.now() + 4000; while (Date.now() < end) {}'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      await new Promise((r) => child.stdout!.once('data', r));
      const reading = readProcess(child.pid!);
      assert.ok(reading.rssKb > 80_000, `rss ${reading.rssKb}`);
      const sampler = startProcessSampler(child.pid!, 300);
      await new Promise((r) => setTimeout(r, 1000));
      const samples = sampler.stop();
      assert.ok(samples.length >= 2);
      assert.ok(samples.some((s) => s.cpu_percent > 20), JSON.stringify(samples));
      assert.equal(samples[0]!.event_loop_p99_ms, null);
    } finally {
      child.kill('SIGKILL');
    }
    assert.throws(() => readProcess(2 ** 30), (e: unknown) => ToolError.isInstance(e) && e.code === 'not_found');
  });

  test('the verdict fails on the first SLO broken', () => {
    const slo = { p99Ms: 100, errorRate: 0.01, driftPercent: 50 };
    assert.equal(stabilityVerdict({ p99Ms: 50, errorRate: 0, driftPercent: 10 }, slo).pass, true);
    const drift = stabilityVerdict({ p99Ms: 50, errorRate: 0, driftPercent: 80 }, slo);
    assert.equal(drift.pass, false);
    assert.deepEqual(drift.checks.filter((c) => !c.pass).map((c) => c.name), ['p99_drift_percent']);
  });
});
