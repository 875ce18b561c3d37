import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkGoal } from '../../bench/control/goal.ts';
import { parseBenchArgs } from '../../bench/control/options.ts';
import type { RunResult } from '../../bench/control/run-result.ts';

/** A run with only what the goal reads. */
function run(name: string, kind: 'static' | 'policy', violation_s: number, worker_s: number): RunResult {
  return {
    name, kind, violation_s, worker_s, seconds: [], p99_ms: 0, requests: 0, errors: 0, dropped: 0, mean_workers: 0, max_workers: 0,
    decisions: 0, changes: 0, changes_log: [], notes: [], wall_s: 0,
  };
}

const STATICS = [run('static 2', 'static', 70, 360), run('static 4', 'static', 61, 720), run('static 6', 'static', 3, 1080), run('static 8', 'static', 0, 1440), run('static 12', 'static', 0, 2160)];

describe('bench:control goal check', () => {
  test('a policy is compared with the smallest static size as cheap as it (and, strictly, the largest), and with the cheapest clean static size for cost', () => {
    const check = checkGoal([...STATICS, run('little', 'policy', 5, 800), run('threshold', 'policy', 8, 800), run('hpa', 'policy', 0, 1100)]);
    assert.deepEqual(check.reference, { name: 'static 8', worker_s: 1440 });
    const byName = new Map(check.verdicts.map((v) => [v.policy, v]));
    // 800 worker-s: static 2 and static 4 are as cheap; the smallest (static 2, 70 s → 7 allowed) is the comparator,
    // the largest (static 4, 61 s → 6.1 allowed) the strict one.
    const little = byName.get('little')!;
    assert.deepEqual([little.comparator, little.strict_comparator, little.violations_ok, little.strict_violations_ok, little.cost_ok, little.met], ['static 2', 'static 4', true, true, true, true]);
    const threshold = byName.get('threshold')!;
    assert.deepEqual([threshold.violations_ok, threshold.strict_violations_ok, threshold.met], [false, false, false]);
    // 1100 worker-s > 75% of 1440 = 1080; strictly it would face static 6 (3 s → 0.3 allowed).
    const hpa = byName.get('hpa')!;
    assert.deepEqual([hpa.strict_comparator, hpa.strict_violations_ok, hpa.cost_ok, hpa.met], ['static 6', true, false, false]);
    assert.equal(check.best!.policy, 'little');
    assert.equal(check.met, true);
  });

  test('with no policy meeting the goal, the closest is the one with the smallest overshoot of the two limits', () => {
    const statics = [run('static 8', 'static', 70, 1440), run('static 12', 'static', 0, 2160)];
    const check = checkGoal([...statics, run('vegas', 'policy', 0, 4232), run('little', 'policy', 6, 1760), run('aimd', 'policy', 120, 885)]);
    assert.equal(check.met, false);
    assert.equal(check.best?.policy, 'little', '9% over the cost budget beats no violation at 2.6× the budget');
  });

  test('a policy cheaper than every static size is compared with the cheapest; no clean static size means no verdict', () => {
    const cheap = checkGoal([...STATICS, run('aimd', 'policy', 6, 300)]);
    assert.deepEqual([cheap.verdicts[0]!.comparator, cheap.verdicts[0]!.strict_comparator], ['static 2', 'static 2']);
    assert.equal(cheap.verdicts[0]!.met, true);
    const dirty = checkGoal([run('static 2', 'static', 70, 360), run('static 4', 'static', 1, 720), run('little', 'policy', 0, 400)]);
    assert.equal(dirty.reference, null);
    assert.equal(dirty.met, false);
    assert.match(dirty.note!, /no static size in the grid/);
  });

  test('arguments: --short shortens every step, --steps overrides, bad values are refused naming the flag', () => {
    const short = parseBenchArgs(['--short']);
    assert.deepEqual(short.steps, [{ rate: 200, seconds: 15 }, { rate: 900, seconds: 15 }, { rate: 300, seconds: 15 }]);
    const custom = parseBenchArgs(['--steps', '100:10,500:20', '--static', '2,4', '--policies', 'little,hpa', '--policy-option', 'little.target_utilization=0.6', '--json', '--out', '/tmp/x']);
    assert.deepEqual(custom.steps, [{ rate: 100, seconds: 10 }, { rate: 500, seconds: 20 }]);
    assert.deepEqual([custom.staticWorkers, custom.policies, custom.policyOptions, custom.json, custom.outDir], [[2, 4], ['little', 'hpa'], { little: { target_utilization: 0.6, stabilization_s: 5, beta: 0.7 } }, true, '/tmp/x']);
    assert.deepEqual(short.policyOptions, { little: { target_utilization: 0.8, stabilization_s: 5, beta: 0.7 } }, "little's bench options, overridable one by one");
    assert.throws(() => parseBenchArgs(['--steps', '900']), /--steps takes RATE:SECONDS/);
    assert.throws(() => parseBenchArgs(['--policies', 'magic']), /unknown policy "magic"/);
    assert.throws(() => parseBenchArgs(['--static', '0,4']), /--static must be/);
    assert.throws(() => parseBenchArgs(['--fast']), /unknown argument "--fast"/);
  });
});
