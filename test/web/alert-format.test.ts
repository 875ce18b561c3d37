import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlertJson } from '../../server/protocol.ts';
import { alertLine, formatValue, groupAlerts, summarizeAlert } from '../../web/alert-format.ts';

const NOW = Date.UTC(2026, 2, 15, 12, 0, 0);
const STUDY = '3f2a9c1e-7b6d-4e21-9f00-aa11bb22cc33';

function trialAlert(overrides: Partial<AlertJson> & { fields?: Record<string, unknown> } = {}): AlertJson {
  const { fields, ...rest } = overrides;
  const trialFields = { study: STUDY, number: 12, state: 'complete', value: 0.81, latency_p99_ms: 251.37, accuracy: 0.81, attempt: 1, ...fields };
  return {
    id: 'a1',
    ruleId: 'p99-budget',
    studyId: STUDY,
    sessionId: 's1',
    message: `rule p99-budget fired: Trial t12 (latency_p99_ms=251.37, accuracy=0.81)`,
    facts: [{ type: 'Trial', id: 't12', fields: trialFields }],
    at: NOW - 5 * 60_000,
    ...rest,
  };
}

describe('alert formatting', () => {
  test('default message: the metric with a unit suffix, its value and unit, the study and trial, when', () => {
    const [group] = groupAlerts([trialAlert()]);
    assert.equal(alertLine(group!, NOW), 'p99-budget · latency p99 251 ms · study 3f2a9c1e · trial #12 · 5 min ago');
  });

  test('a custom message that names or quotes a field picks that field', () => {
    const named = summarizeAlert(trialAlert({ message: 'accuracy fell below 0.85' }));
    assert.equal(named.metric?.field, 'accuracy');
    assert.equal(named.metric?.value, '0.81');
    assert.equal(named.metric?.unit, '');
    const quoted = summarizeAlert(trialAlert({ message: 'p99 went to 251.37 ms', fields: { tail_ms: 99.5 } }));
    assert.equal(quoted.metric?.field, 'latency_p99_ms');
  });

  test('the same rule repeated is one group with a count; groups are newest first', () => {
    const alerts = [
      trialAlert({ id: 'a1', at: NOW - 3 * 60 * 60_000 }),
      trialAlert({ id: 'b1', ruleId: 'stagnation', message: 'no improvement', facts: [{ type: 'Study', id: STUDY, fields: { status: 'running', name: 'branin-40', best_value: 0.3979, trials_since_best: 20 } }], at: NOW - 60 * 60_000 }),
      trialAlert({ id: 'a2', at: NOW - 10 * 60_000 }),
      trialAlert({ id: 'a3', at: NOW - 2 * 60_000, fields: { number: 30, latency_p99_ms: 312 } }),
    ];
    const groups = groupAlerts(alerts);
    assert.deepEqual(groups.map((g) => [g.ruleId, g.count]), [['p99-budget', 3], ['stagnation', 1]]);
    assert.equal(alertLine(groups[0]!, NOW), 'p99-budget · latency p99 312 ms · study 3f2a9c1e · trial #30 · 2 min ago · ×3');
    assert.equal(alertLine(groups[1]!, NOW), 'stagnation · best value 0.398 · study branin-40 · 1 h ago');
  });

  test('a benchmark alert: rates as percentages, the benchmark label as subject', () => {
    const alert: AlertJson = {
      id: 'c1',
      ruleId: 'errors',
      studyId: null,
      sessionId: 's1',
      message: 'rule errors fired: BenchResult run-1 (kind=http, requests=2000)',
      facts: [{ type: 'BenchResult', id: 'run-1', fields: { kind: 'http', label: 'api-v2', requests: 2000, error_rate: 0.0213 } }],
      at: '2026-03-14T11:00:00Z',
    };
    assert.equal(alertLine(groupAlerts([alert])[0]!, NOW), 'errors · error rate 2.13 % · benchmark api-v2 · yesterday');
  });

  test('alerts without usable facts or time still give a line; junk facts are ignored', () => {
    const bare: AlertJson = { id: 'd1', ruleId: 'r001', studyId: null, sessionId: null, message: 'temperature high', facts: 'oops', at: 'garbage' };
    assert.equal(alertLine(groupAlerts([bare])[0]!, NOW), 'r001');
    const odd = summarizeAlert({ ...bare, facts: [null, 3, { type: 'Fact', id: 'f', fields: { temperature: 38.2 } }] });
    assert.deepEqual(odd.metric, { name: 'temperature', field: 'temperature', value: '38.2', unit: '' });
    assert.equal(summarizeAlert({ ...bare, message: 'x'.repeat(5000) }).message.length, 500);
  });

  test('formatValue: integers as-is, 3 significant digits, exponents at the extremes', () => {
    assert.deepEqual([formatValue(42), formatValue(0.123456), formatValue(251.37), formatValue(15_000_000.5), formatValue(0.00001234)], ['42', '0.123', '251', '1.50e+7', '1.23e-5']);
  });
});
