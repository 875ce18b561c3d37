import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { splitAsks } from '../../server/agent/offline-model/compound.ts';
import { messageText, runDryTurns, toolCalls } from './support/turns.ts';

describe('splitAsks: where a second request starts', () => {
  const cases: Array<[string, string[]]> = [
    ['benchmark `sleep 0.1` and then load test http://127.0.0.1:8080/ping', ['benchmark `sleep 0.1`', 'load test http://127.0.0.1:8080/ping']],
    ['list my targets and list my rules', ['list my targets', 'list my rules']],
    ['could you tune ackley? then what\'s the best one', ['could you tune ackley?', 'what\'s the best one']],
    ['Hi! Tune branin; also benchmark `sleep 1`.', ['Tune branin', 'benchmark `sleep 1`']],
    ['delete rule r-1 and add a rule to flag p99 over 200 ms', ['delete rule r-1', 'add a rule to flag p99 over 200 ms']],
  ];
  for (const [text, parts] of cases) test(text, () => assert.deepEqual(splitAsks(text), parts));

  const single = [
    'tune xgboost for accuracy and latency',
    'tune xgboost for accuracy. Use 40 trials.',
    'distillation run, 100 trials, and stop bad runs early',
    'tune the xgboost model for tail latency and stop after half an hour',
    'find me a good balance between xgboost accuracy and how long a single prediction takes',
    'the fewer milliseconds the better, but accuracy should also be as high as it can go',
    'I have a REST endpoint on http://localhost:6060/run that returns f1. Register it as target f1svc',
    'benchmark `sleep 0.1; echo done. then exit` please',
    'do you know about my xgboost model? list what you have got',
  ];
  for (const text of single) test(`one request: ${text}`, () => assert.deepEqual(splitAsks(text), [text]));
});

/** The tools a turn called, in order, without the waits a study plan adds. */
const sequence = (calls: ReturnType<typeof toolCalls>) => calls.map((c) => c.tool).filter((t) => t !== 'wait_for_study');

describe('two asks in one message: both are done, in order, and each is answered once', () => {
  test('a command timing, then an HTTP load test', async () => {
    const last = await runDryTurns(['benchmark `sleep 0.1` and then load test http://127.0.0.1:8080/ping for 10 seconds']);
    const calls = toolCalls(last);
    assert.deepEqual(sequence(calls), ['bench_command', 'bench_http']);
    assert.deepEqual(calls[0]!.input, { command: ['sleep', '0.1'] });
    assert.equal((calls[1]!.input as { url: string }).url, 'http://127.0.0.1:8080/ping');
  });

  test('a study, then a question about it: the second part acts on the study the first started', async () => {
    const last = await runDryTurns(['tune branin with 20 trials, then show me which parameters mattered']);
    const calls = toolCalls(last);
    assert.deepEqual(sequence(calls), ['start_study', 'param_importance']);
    assert.equal((calls[0]!.input as { trials: number }).trials, 20);
  });

  test('stop one study and start another', async () => {
    const calls = toolCalls(await runDryTurns(['stop st_4c9e2b7a and start a new xgboost study for accuracy with 30 trials']));
    assert.deepEqual(sequence(calls), ['stop_study', 'start_study']);
    assert.deepEqual(calls[0]!.input, { study_id: 'st_4c9e2b7a' });
    assert.equal((calls[1]!.input as { target: string }).target, 'xgboost');
  });

  test('a rule asked for with a study is added before the study runs, with the metric of the study\'s target', async () => {
    const calls = toolCalls(await runDryTurns(['tune branin with 10 trials and add a rule to alert me when value is below 0.5']));
    assert.deepEqual(sequence(calls), ['add_rule', 'start_study']);
    const rule = (calls[0]!.input as { rule: { condition: unknown; action: string } }).rule;
    assert.deepEqual(rule.condition, { field: 'value', operator: '<', value: 0.5 });
    assert.equal((calls[1]!.input as { target: string }).target, 'branin');
  });

  test('remove a rule and add another; each answer is said once', async () => {
    const last = await runDryTurns(['delete rule r-1 and add a rule to flag p99 over 200 ms']);
    assert.deepEqual(sequence(toolCalls(last)), ['remove_rule', 'add_rule']);
    const text = messageText(last);
    assert.equal(text.split('I would remove rule r-1').length - 1, 1, text);
    assert.equal(text.split('I would add a rule').length - 1, 1, text);
  });

  test('one benchmark verb with two URLs: two runs, each with what was said for both', async () => {
    const calls = toolCalls(await runDryTurns(['load test http://127.0.0.1:8000/a and then http://127.0.0.1:8000/b, 20 s each']));
    assert.deepEqual(calls.map((c) => [c.tool, (c.input as { url: string }).url, (c.input as { duration_s?: number }).duration_s]), [
      ['bench_http', 'http://127.0.0.1:8000/a', 20],
      ['bench_http', 'http://127.0.0.1:8000/b', 20],
    ]);
    // Two commands to compare stay one comparison.
    assert.deepEqual(toolCalls(await runDryTurns(['compare `sleep 0.1` and `sleep 0.2`'])).map((c) => c.tool), ['bench_command']);
  });

  test('what the whole message reads as one request stays one request', async () => {
    assert.deepEqual(sequence(toolCalls(await runDryTurns(['tune xgboost for accuracy. Use 40 trials.']))), ['start_study']);
    const calls = toolCalls(await runDryTurns(['tune xgboost for accuracy. Use 40 trials.']));
    assert.equal((calls[0]!.input as { trials: number }).trials, 40);
    assert.deepEqual(sequence(toolCalls(await runDryTurns(['distillation run, 100 trials, and stop bad runs early']))), ['start_study']);
  });
});
