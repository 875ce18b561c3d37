import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { aggregateCommand, relativeToFastest } from '../../../../tools/bench/command/aggregate.ts';
import { runCommandBench, type CommandBenchOptions } from '../../../../tools/bench/command/command-runner.ts';
import { expandParameters, substitute } from '../../../../tools/bench/command/parameter-scan.ts';
import { findRusageWrapper } from '../../../../tools/bench/command/spawn-measured.ts';
import { systemClock } from '../../../../tools/common/clock.ts';
import { ToolError } from '../../../../tools/common/errors.ts';

const options = (extra: Partial<CommandBenchOptions>): CommandBenchOptions => ({
  commands: [],
  shell: false,
  warmup: 0,
  runs: 3,
  minRuns: 2,
  maxRuns: 50,
  minTimeSeconds: 0.2,
  parameters: [],
  ignoreFailure: false,
  timeoutSeconds: 10,
  rusage: true,
  clock: systemClock,
  ...extra,
});

describe('command benchmark', () => {
  test('measures wall time of an argv command and computes its statistics', async () => {
    const r = await runCommandBench(options({ commands: [{ argv: ['sleep', '0.03'] }], runs: 4, warmup: 1 }));
    const c = r.results[0]!;
    assert.equal(c.times_ms.length, 4);
    assert.deepEqual(c.exit_codes, [0, 0, 0, 0]);
    // A 30 ms sleep cannot end sooner; there is no upper bound, since a loaded machine only makes it slower.
    assert.ok(c.min_ms >= 29, `min ${c.min_ms} below the 30 ms sleep`);
    // The statistics are those of the recorded run times, and the runs happen one after another within the benchmark.
    assert.equal(c.min_ms, Math.min(...c.times_ms));
    assert.equal(c.max_ms, Math.max(...c.times_ms));
    assert.ok(Math.abs(c.mean_ms - c.times_ms.reduce((a, t) => a + t, 0) / 4) < 1e-3, `mean ${c.mean_ms} of ${c.times_ms}`);
    assert.ok(c.min_ms <= c.median_ms && c.median_ms <= c.max_ms);
    assert.ok(c.stddev_ms >= 0);
    const measured = c.times_ms.reduce((a, t) => a + t, 0);
    assert.ok(measured <= r.duration_s * 1000 + 1, `${measured} ms of runs in a benchmark of ${r.duration_s} s`);
    assert.equal(c.command, 'sleep 0.03');
    assert.equal(r.relative[0]!.ratio, 1);
  });

  test('user/system CPU and peak RSS of the child come from wait4', { skip: findRusageWrapper() === null ? 'no C compiler or python3' : false }, async () => {
    const r = await runCommandBench(
      options({ commands: [{ argv: [process.execPath, '-e', 'const b = Buffer.alloc(150e6, 1); let x = 0; for (let i = 0; i < 3e7; i++) x += i; console.log(b[0] + x)'] }], runs: 2 }),
    );
    const c = r.results[0]!;
    assert.equal(c.resource_method, 'wait4');
    assert.ok(c.peak_rss_kb! < 400_000, `peak RSS ${c.peak_rss_kb} KiB is the child's, not inflated`);
    assert.ok(c.peak_rss_kb! > 150_000, `peak RSS ${c.peak_rss_kb} KiB should include the 150 MB buffer`);
    assert.ok(c.user_ms! > 5, `user ${c.user_ms}`);
    assert.ok(c.user_ms! + c.system_ms! <= c.mean_ms * 2 + 50, 'CPU time is that of one child, not inflated');
  });

  test('parameter scans run the cross product and the relative comparison has uncertainty', async () => {
    assert.deepEqual(expandParameters([{ name: 'a', values: [1, 2] }, { name: 'b', min: 0, max: 0.2, step: 0.1 }]).length, 6);
    assert.deepEqual(substitute(['x{a}', '{b}', '{c}'], { a: '1', b: '2' }), ['x1', '2', '{c}']);
    const r = await runCommandBench(options({ commands: [{ argv: ['sleep', '{t}'] }], parameters: [{ name: 't', values: ['0.01', '0.04'] }], runs: 3 }));
    assert.deepEqual(r.results.map((x) => [x.command, x.parameters.t, x.times_ms.length]), [['sleep 0.01', '0.01', 3], ['sleep 0.04', '0.04', 3]]);
    // Each result holds its own command's times: a sleep cannot end early.
    assert.ok(r.results[0]!.min_ms >= 9, `sleep 0.01: min ${r.results[0]!.min_ms}`);
    assert.ok(r.results[1]!.min_ms >= 39, `sleep 0.04: min ${r.results[1]!.min_ms}`);
    // One relative entry per result, in order; the fastest by mean is 1, the other is its mean over the fastest's
    // (which is fastest is not asserted: on a loaded machine a 10 ms sleep can take longer than a 40 ms one).
    assert.deepEqual(r.relative.map((x) => x.command), ['sleep 0.01', 'sleep 0.04']);
    const fastest = r.results[1]!.mean_ms < r.results[0]!.mean_ms ? 1 : 0;
    assert.deepEqual(r.relative.map((x) => x.fastest), [fastest === 0, fastest === 1]);
    assert.deepEqual([r.relative[fastest]!.ratio, r.relative[fastest]!.ratio_stddev], [1, 0]);
    const other = r.relative[1 - fastest]!;
    assert.ok(Math.abs(other.ratio - r.results[1 - fastest]!.mean_ms / r.results[fastest]!.mean_ms) < 1e-3, `ratio ${other.ratio}`);
    assert.ok(other.ratio >= 1 && Number.isFinite(other.ratio_stddev) && other.ratio_stddev >= 0, JSON.stringify(other));

    // The ratio and its uncertainty from known run times (what a mock executor would give).
    const known = (display: string, times: number[]) =>
      aggregateCommand({ argv: [display], display, shell: false, parameters: {}, runs: times.map((wallMs) => ({ wallMs, userMs: null, systemMs: null, maxRssKb: null, exitCode: 0, signal: null, output: '' })), resourceMethod: 'none' });
    const relative = relativeToFastest([known('slow', [40, 42, 44]), known('fast', [10, 11, 12])]);
    // 42 / 11 = 3.8182; stddev 3.8182 · √((2/42)² + (1/11)²) = 0.3918 (sample stddevs 2 and 1).
    assert.deepEqual(relative, [
      { command: 'slow', ratio: 3.8182, ratio_stddev: 0.3918, fastest: false },
      { command: 'fast', ratio: 1, ratio_stddev: 0, fastest: true },
    ]);
  });

  test('a failing command stops the benchmark unless failures are ignored', async () => {
    await assert.rejects(runCommandBench(options({ commands: [{ argv: ['sh', '-c', 'exit 3'] }] })), (e: unknown) => ToolError.isInstance(e) && /non-zero exit status 3/.test(e.message));
    const r = await runCommandBench(options({ commands: [{ argv: ['sh', '-c', 'exit 3'] }], ignoreFailure: true }));
    assert.deepEqual(r.results[0]!.exit_codes, [3, 3, 3]);
    assert.ok(r.results[0]!.warnings.some((w) => w.includes('non-zero')));
    await assert.rejects(runCommandBench(options({ commands: [{ argv: ['no-such-binary-xyz'] }] })), (e: unknown) => ToolError.isInstance(e) && e.code === 'not_found');
  });

  test('setup, prepare and cleanup run in hyperfine order; shell only when asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-hooks-'));
    const log = join(dir, 'log');
    await runCommandBench(
      options({
        shell: true,
        commands: [{ argv: [`echo run >> ${log}`] }],
        setup: [`echo setup >> ${log}`],
        prepare: [`echo prepare >> ${log}`],
        cleanup: [`echo cleanup >> ${log}`],
        warmup: 1,
        runs: 2,
      }),
    );
    assert.deepEqual(readFileSync(log, 'utf8').trim().split('\n'), ['setup', 'prepare', 'run', 'prepare', 'run', 'prepare', 'run', 'cleanup']);
  });

  test('without --runs, the run count follows the minimum time within [min, max]', async () => {
    const r = await runCommandBench(options({ commands: [{ argv: ['sleep', '0.02'] }], runs: null, minRuns: 3, maxRuns: 6, minTimeSeconds: 0.1 }));
    const n = r.results[0]!.times_ms.length;
    assert.ok(n >= 3 && n <= 6, `runs ${n}`);
  });
});
