import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../../db/open.ts';
import { RuleStore } from '../../../db/rule-store.ts';
import { SqliteStudyStorage } from '../../../db/study-storage.ts';
import type { BenchEvent, BenchListener, BenchResult } from '../../../tools/bench/types.ts';
import { systemClock } from '../../../tools/common/clock.ts';
import { StudyManager } from '../../../tools/optimizer/study-manager.ts';
import type { StudySpec } from '../../../tools/optimizer/types.ts';
import { RuleService } from '../../../tools/rules/rule-service.ts';
import type { Alert } from '../../../tools/rules/types.ts';

function setup() {
  const db = openDatabase(':memory:');
  const studies = new StudyManager({ storage: new SqliteStudyStorage(db), clock: systemClock });
  const benchListeners = new Set<BenchListener>();
  const bench = { on: (l: BenchListener) => (benchListeners.add(l), () => void benchListeners.delete(l)), emit: (e: BenchEvent) => benchListeners.forEach((l) => l(e)) };
  const store = new RuleStore(db);
  const rules = new RuleService({ store, clock: systemClock, studies, bench });
  const alerts: Alert[] = [];
  rules.onAlert((a) => alerts.push(a));
  return { db, studies, bench, store, rules, alerts };
}

const branin = (trials: number): StudySpec => ({
  space: { x0: { type: 'float', low: -5, high: 10 }, x1: { type: 'float', low: 0, high: 15 } },
  objectives: [{ metric: 'value', direction: 'minimize' }],
  target: { kind: 'builtin', problem: 'branin' },
  sampler: 'random',
  budget: { trials, parallel: 1 },
  seed: 7,
});

test('simple-form alert rules act on trial metrics during a real study; alerts are stored and pushed with study and session', async () => {
  const { studies, rules, alerts, store } = setup();
  const added = rules.addRule({ condition: { field: 'value', operator: '<', value: 40 }, action: 'trigger_alert', params: { message: 'trial {{fact.number}} value {{fact.value}}' } }, { sessionId: 'sess-1' });
  assert.equal(added.rule_id, 'rule-1');
  const record = await studies.start(branin(12), { sessionId: 'sess-1' });
  await studies.wait(record.id);
  const low = studies.trials(record.id).filter((t) => t.state === 'complete' && t.values![0]! < 40);
  assert.ok(low.length > 0 && low.length < 12, `low trials: ${low.length}`);
  assert.equal(alerts.length, low.length, 'one alert per matching trial (reports of the same trial do not repeat it)');
  assert.deepEqual(new Set(alerts.map((a) => a.facts[0]!.id)), new Set(low.map((t) => t.id)));
  assert.ok(alerts.every((a) => a.studyId === record.id && a.sessionId === 'sess-1' && a.ruleId === 'rule-1'));
  assert.match(alerts[0]!.message, /^trial \d+ value \d/);
  assert.equal(store.listAlerts({ sessionId: 'sess-1' }).length, low.length);
  rules.close();
});

test('stop_study on a Study fact stops the run early (trials_complete comes from Trial facts as they end)', async () => {
  const { studies, rules } = setup();
  rules.addRule({ rule_id: 'enough', when: [{ bind: 's', type: 'Study', condition: { all: [{ field: 'trials_complete', operator: '>=', value: 4 }, { field: 'status', operator: '==', value: 'running' }] } }], action: 'stop_study' });
  const record = await studies.start(branin(200));
  const final = await studies.wait(record.id);
  assert.equal(final.status, 'stopped');
  assert.ok(final.trials.complete >= 4 && final.trials.complete < 20, `complete: ${final.trials.complete}`);
  rules.close();
});

test('prune_trial with "$t.id" prunes a running trial from its intermediate reports', async () => {
  const { studies, rules } = setup();
  rules.addRule({ rule_id: 'slow', when: [{ bind: 't', type: 'Trial', condition: { field: 'latency_p99_ms', operator: '>', value: 200 } }], action: 'prune_trial', params: { trial: '$t.id', reason: 'p99 over 200 ms' } });
  // Past 200 ms (step 4) the script waits a minute: only the rule's prune can end the trial, however slow the machine.
  const script = "for(let s=1;s<=8;s++){console.log(JSON.stringify({step:s,metrics:{latency_p99_ms:s*60}}));await new Promise(r=>setTimeout(r,s*60>200?60000:5))}console.log(JSON.stringify({value:1,latency_p99_ms:480}))";
  const record = await studies.start({
    space: { x: { type: 'float', low: 0, high: 1 } },
    objectives: [{ metric: 'value', direction: 'minimize' }],
    target: { kind: 'command', command: [process.execPath, '--input-type=module', '-e', script] },
    budget: { trials: 2, parallel: 1 },
    seed: 1,
  });
  await studies.wait(record.id);
  const trials = studies.trials(record.id);
  assert.deepEqual(trials.map((t) => t.state), ['pruned', 'pruned']);
  assert.ok(trials.every((t) => Object.keys(t.intermediate).length === 4), JSON.stringify(trials.map((t) => t.intermediate)));
  rules.close();
});

test('bench results become BenchResult facts: "p99 above 200 ms" alerts into the run\'s session', () => {
  const { bench, rules, alerts } = setup();
  rules.addRule({ rule_id: 'p99', condition: { field: 'latency_p99_ms', operator: '>', value: 200 }, action: 'trigger_alert' });
  rules.addRule({ rule_id: 'errors', when: [{ bind: 'b', type: 'BenchResult', condition: { field: 'error_rate', operator: '>', value: 0.01 } }], action: 'trigger_alert', params: { message: 'error rate {{b.error_rate}} on {{b.label}}' } });
  const result = (p99: number, errors: number) =>
    ({ kind: 'http', url: 'http://127.0.0.1/x', requests: 1000, errors, non_2xx: 0, timeouts: 0, requests_per_s: 500, latency_ms: { p50: 20, p90: 80, p99, max: p99 + 1 } }) as unknown as BenchResult;
  bench.emit({ type: 'bench-end', runId: 'run-1', kind: 'http', label: 'GET /x', sessionId: 'sess-b', result: result(150, 0), at: 1 });
  assert.equal(alerts.length, 0);
  bench.emit({ type: 'bench-end', runId: 'run-2', kind: 'http', label: 'GET /x', sessionId: 'sess-b', result: result(250, 20), at: 2 });
  assert.deepEqual(alerts.map((a) => [a.ruleId, a.sessionId]).sort(), [['errors', 'sess-b'], ['p99', 'sess-b']]);
  assert.equal(alerts.find((a) => a.ruleId === 'errors')!.message, 'error rate 0.02 on GET /x');
  rules.close();
});

test('rules persist: a new service over the same database loads them; remove keeps history; bad input is a ToolError', () => {
  const { db, store, rules } = setup();
  rules.addRule({ rule_id: 'keep', condition: { field: 'x', operator: '>', value: 1 }, action: 'log' });
  rules.addRule({ rule_id: 'keep', condition: { field: 'x', operator: '>', value: 2 }, action: 'log' });
  rules.addRule({ rule_id: 'gone', condition: { field: 'x', operator: 'exists' }, action: 'log' });
  rules.removeRule('gone');
  assert.throws(() => rules.removeRule('gone'), { code: 'not_found', message: /active rules: keep/ });
  assert.throws(() => rules.addRule({ rule_id: 'bad', condition: { field: 'x', operator: '>' }, action: 'log' }), { code: 'invalid_argument', message: /\$\.condition\.value/ });
  rules.close();
  const reloaded = new RuleService({ store, clock: systemClock });
  assert.deepEqual(reloaded.listRules().map((r) => [r.rule_id, r.version]), [['keep', 2]]);
  assert.deepEqual(reloaded.engine.rules().map((r) => r.id), ['keep']);
  assert.deepEqual(reloaded.history('gone').map((v) => v.change), ['create', 'remove']);
  db.close();
});
