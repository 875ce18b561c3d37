import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const objective = fileURLToPath(new URL('../../tools/optimizer/fixtures/objective.mjs', import.meta.url));

function tunechat(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'cli/main.ts'), ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('tune --spec runs a command-target study with constraints; study show/export read it back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tunechat-tune-'));
  const db = join(dir, 'test.db');
  const spec = {
    name: 'cli demo',
    space: { x: { type: 'float', low: 0, high: 6 }, units: { type: 'int', low: 1, high: 3 } },
    objectives: [{ metric: 'value', direction: 'minimize' }],
    constraints: [{ metric: 'latency_ms', op: '<=', value: 5 }],
    target: { kind: 'command', command: [process.execPath, objective], timeout_s: 20 },
    sampler: 'tpe',
    budget: { trials: 12, parallel: 3 },
    seed: 0,
  };
  writeFileSync(join(dir, 'study.json'), JSON.stringify(spec));
  const run = tunechat(['tune', '--spec', join(dir, 'study.json'), '--json', '--db', db]);
  assert.equal(run.code, 0, run.stderr);
  const summary = JSON.parse(run.stdout);
  assert.match(summary.study_id, /^st_/);
  assert.equal(summary.status, 'complete');
  assert.equal(summary.trials.length, 12);
  for (const t of summary.trials) {
    assert.equal(t.state, 'complete');
    assert.equal(t.metrics.value, (t.params.x - 2) ** 2);
    assert.deepEqual(t.values, [t.metrics.value]);
  }
  const feasible = summary.trials.filter((t: { params: { x: number } }) => t.params.x <= 5);
  const bestValue = Math.min(...feasible.map((t: { values: number[] }) => t.values[0]));
  assert.deepEqual(summary.best.values, [bestValue]);
  assert.ok(summary.best.params.x <= 5, 'the best trial satisfies the constraint');
  assert.deepEqual(summary.pareto, []);

  const csv = tunechat(['study', 'export', summary.study_id, '--format', 'csv', '--db', db]);
  assert.equal(csv.code, 0, csv.stderr);
  const lines = csv.stdout.trim().split('\n');
  assert.equal(lines.length, 13);
  assert.match(lines[0]!, /^number,state,value_value,param_x,param_units,metric_value,metric_latency_ms/);
  const list = tunechat(['study', 'list', '--json', '--db', db]);
  assert.equal(JSON.parse(list.stdout)[0].study_id, summary.study_id);
  const continued = tunechat(['study', 'continue', summary.study_id, '--trials', '4', '--json', '--db', db]);
  assert.equal(continued.code, 0, continued.stderr);
  const after = JSON.parse(continued.stdout);
  assert.equal(after.study_id, summary.study_id);
  assert.equal(after.status, 'complete');
  assert.deepEqual([after.trials.complete, after.trials.budget], [16, 16]);
  assert.ok(after.best.values[0] <= summary.best.values[0]);
  const noCount = tunechat(['study', 'continue', summary.study_id, '--db', db]);
  assert.equal(noCount.code, 2);
  assert.match(noCount.stderr, /--trials must be a whole number of trials to add, got nothing/);
  const missing = tunechat(['study', 'show', 'st_missing', '--db', db]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no study with id st_missing/);
  assert.ok(readFileSync(db).length > 0);
});

test('tune reports an invalid spec with the rule broken', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tunechat-tune-'));
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ space: { max_depth: { type: 'int', low: 10, high: 3 } }, objectives: [{ metric: 'value', direction: 'minimize' }], target: 'branin' }));
  const run = tunechat(['tune', '--spec', join(dir, 'bad.json'), '--db', join(dir, 'x.db')]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /`low <= high` must hold for max_depth, got low=10, high=3/);
});
