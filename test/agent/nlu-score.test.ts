import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exactMatch, expectedIntent, leafCounts, predictedIntent, slotCounts, type EvalCase } from './support/nlu-score.ts';

const tune: EvalCase = {
  id: 't',
  messages: ['tune xgboost for p99 latency and keep accuracy above 93 percent'],
  expect: {
    calls: [{ tool: 'start_study', args: { target: 'xgboost', objectives: { contains: [{ metric: 'latency_p99_ms', direction: 'minimize' }] }, constraints: [{ metric: 'accuracy', op: 're:^>=?$', value: 0.93 }] } }],
  },
};

describe('eval:nlu scoring', () => {
  test('the predicted intent skips preparatory lookups unless the turn makes nothing else', () => {
    assert.equal(predictedIntent([{ tool: 'list_targets', input: {} }, { tool: 'start_study', input: {} }, { tool: 'wait_for_study', input: {} }]), 'start_study');
    assert.equal(predictedIntent([{ tool: 'study_status', input: {} }, { tool: 'continue_study', input: {} }]), 'continue_study');
    assert.equal(predictedIntent([{ tool: 'list_rules', input: {} }]), 'list_rules');
    assert.equal(predictedIntent([]), 'none');
    assert.equal(expectedIntent({ id: 'x', messages: ['hi'], expect: { no_calls: true } }), 'none');
  });

  test('slot leaves: each field of a constraint and each contained objective count; a percent read as 93 is a miss', () => {
    const right = [{ tool: 'start_study', input: { target: 'xgboost', objectives: [{ metric: 'latency_p99_ms', direction: 'minimize' }], constraints: [{ metric: 'accuracy', op: '>', value: 0.93 }], trials: 20 } }];
    assert.deepEqual(slotCounts(tune, right, { trials: () => 20 }), { tp: 6, fp: 0, fn: 0 });
    const wrong = [{ tool: 'start_study', input: { target: 'xgboost', objectives: [{ metric: 'latency_p99_ms', direction: 'minimize' }], constraints: [{ metric: 'accuracy', op: '>', value: 93 }], trials: 50, seed: 1 } }];
    assert.deepEqual(slotCounts(tune, wrong, { trials: () => 20 }), { tp: 5, fp: 2, fn: 1 });
  });

  test('a wrong tool misses every expected leaf and its keys are false positives; a command argv is one leaf', () => {
    const bench: EvalCase = { id: 'b', messages: ['x'], expect: { calls: [{ tool: 'bench_http', args: { url: 'http://localhost:1/', method: 'POST' } }] } };
    assert.deepEqual(slotCounts(bench, [{ tool: 'bench_llm', input: { base_url: 'http://localhost:1/', study_id: 's' } }]), { tp: 0, fp: 1, fn: 2 });
    assert.deepEqual(leafCounts(['python3', 'a.py'], ['python3', 'b.py']), { tp: 0, fp: 0, fn: 1 });
  });

  test('exact match: an extra call with side effects breaks it, an extra read-only one does not', () => {
    const best: EvalCase = { id: 'w', messages: ['x'], expect: { calls: [{ tool: 'best_trials' }] } };
    assert.equal(exactMatch(best, [{ tool: 'best_trials', input: {} }, { tool: 'param_importance', input: {} }]), true);
    assert.equal(exactMatch(best, [{ tool: 'best_trials', input: {} }, { tool: 'stop_study', input: {} }]), false);
    assert.equal(exactMatch({ id: 'n', messages: ['hi'], expect: { no_calls: true } }, [{ tool: 'list_targets', input: {} }]), false);
  });
});
