import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, mock, test } from 'node:test';
import { readProcess, startProcessSampler } from '../../../tools/bench/stability/process-sampler.ts';
import { stabilityVerdict } from '../../../tools/bench/stability/verdict.ts';
import type { ProcessSample } from '../../../tools/bench/types.ts';
import { ToolError } from '../../../tools/common/errors.ts';

describe('process sampler (/proc)', () => {
  test('reads CPU and RSS of another process; a busy child shows CPU', async () => {
    const child = spawn(process.execPath, ['-e', 'const b = Buffer.alloc(80e6, 1); console.log("ready"); const end = Date.now() + 4000; while (Date.now() < end) {}'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      await new Promise((r) => child.stdout!.once('data', r));
      const reading = readProcess(child.pid!);
      assert.ok(reading.rssKb > 80_000, `rss ${reading.rssKb}`);
      // The sampler's interval is driven by hand (mock timers), so the number of samples does not depend on how
      // promptly a loaded machine fires timers; real time passes between ticks for the child to use CPU.
      mock.timers.enable({ apis: ['setInterval'] });
      let samples: ProcessSample[];
      try {
        const sampler = startProcessSampler(child.pid!, 300);
        for (let i = 0; i < 3; i++) {
          await new Promise((r) => setTimeout(r, 300));
          mock.timers.tick(300);
        }
        samples = sampler.stop();
      } finally {
        mock.timers.reset();
      }
      const after = readProcess(child.pid!);
      assert.equal(samples.length, 3);
      assert.ok(samples.every((s, i) => i === 0 || s.t_s > samples[i - 1]!.t_s), JSON.stringify(samples));
      assert.ok(samples.every((s) => s.rss_kb > 80_000), JSON.stringify(samples));
      // The child spins the whole time: it gets some CPU in 0.9 s (how much depends on the machine's load).
      assert.ok(samples.some((s) => s.cpu_percent > 0), JSON.stringify(samples));
      // The CPU percentages integrate to the CPU time the child used while sampled (1 % of 1 s is 10 ms),
      // within /proc's 10 ms ticks and rounding.
      const sampledCpuMs = samples.reduce((a, s, i) => a + (s.cpu_percent / 100) * (s.t_s - (i === 0 ? 0 : samples[i - 1]!.t_s)) * 1000, 0);
      assert.ok(sampledCpuMs <= after.cpuMs - reading.cpuMs + 20, `sampled ${sampledCpuMs} ms of CPU, used ${after.cpuMs - reading.cpuMs} ms`);
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
