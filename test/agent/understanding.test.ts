import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCase, type DevCase } from './support/dev-set.ts';
import { messageText, runDryTurns, toolCalls } from './support/turns.ts';

/**
 * What the understanding pipeline adds over the keyword rules, through the real turn loop (dry run): typos,
 * percentages, synonyms, references to earlier turns, numbers in words. The phrasings here are not in the corpus
 * templates' exact words; the held-out sets measure the rest (`npm run eval:nlu`).
 */
const CASES: Array<[string, string[], DevCase['expect']]> = [
  ['a constraint as a percentage, in a follow-up', ['tune xgboost for latency', 'keep accuracy above 93 percent'],
    { calls: [{ tool: 'start_study', args: { target: 'xgboost', constraints: [{ metric: 'accuracy', op: 're:^>=?$', value: 0.93 }] } }] }],
  ['"which knobs matter?" after a study', ['tune xgboost for latency', 'which knobs matter?'], { calls: [{ tool: 'param_importance' }] }],
  ['"get rid of the alert I just made" removes that rule by its id', ['alert me if p99 latency goes over 200 ms', 'get rid of the alert I just made'],
    { calls: [{ tool: 'remove_rule', args: { rule_id: 'alert-latency-p99-ms-over-200' } }] }],
  ['typos in the verb, target and metric', ['tnue my xgbost for latncy'],
    { calls: [{ tool: 'start_study', args: { target: 'xgboost', objectives: { contains: [{ metric: 're:latency', direction: 'minimize' }] } } }] }],
  ['a time budget in words', ['minimize rosenbrock, you have ten minutes'], { calls: [{ tool: 'start_study', args: { target: 'rosenbrock', time_limit_s: 600 } }] }],
  ['parallelism and a total in one sentence', ['minimize ackley: 40 trials, 4 at a time'], { calls: [{ tool: 'start_study', args: { target: 'ackley', trials: 40, parallel: 4 } }] }],
  ['a request naming an HTTP method', ['send POST requests to localhost:3000/api/predict for 30 seconds'],
    { calls: [{ tool: 'bench_http', args: { url: 'http://localhost:3000/api/predict', method: 'POST', duration_s: 30 } }] }],
  ['a question about earlier conversations', ['what did we talk about in earlier chats?'], { calls: [{ tool: 'list_sessions' }] }],
  ['"it" refers to the session\'s study', ['minimize branin with 20 trials', 'kill it'], { calls: [{ tool: 'stop_study' }] }],
];

describe('offline model: understanding beyond the keyword rules', () => {
  for (const [name, messages, expect] of CASES) {
    test(name, async () => {
      const last = await runDryTurns(messages);
      assert.equal(checkCase({ id: name, messages, expect }, toolCalls(last)), '', messages.join(' → '));
      assert.ok(messageText(last).length > 0);
    });
  }
});
