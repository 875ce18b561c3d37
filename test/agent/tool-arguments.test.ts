import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readBody, readHeaders, readHttpSlots, readLlmSlots, maxTokensIn } from '../../server/agent/offline-model/intents/bench-slots.ts';
import { benchArithmetic } from '../../server/agent/offline-model/intents/bench-follow-up.ts';
import { readCommandSlots, isComparison } from '../../server/agent/offline-model/intents/command-slots.ts';
import { extraRuleAction, llmRuleField } from '../../server/agent/offline-model/intents/rule-slots.ts';
import { familyIn, retriesIn, sessionsLimitIn } from '../../server/agent/offline-model/intents/study-slots.ts';
import { findUrl } from '../../server/agent/offline-model/intents/bench.ts';
import { normalize } from '../../server/agent/offline-model/normalize.ts';
import { runDryTurns, toolCalls } from './support/turns.ts';

/** The tool input of the last turn's first call of `tool`. */
async function inputOf(messages: string[], tool: string): Promise<Record<string, unknown> | undefined> {
  const calls = toolCalls(await runDryTurns(messages));
  return calls.find((c) => c.tool === tool)?.input as Record<string, unknown> | undefined;
}

/** The small readers that fill tool arguments said in plain words (threads, body, SLOs, retries, …). */
describe('offline model: tool arguments in plain words (readers)', () => {
  const n = normalize;

  test('bench_http: threads, pipelining; a number they read is no connection count', () => {
    assert.deepEqual(readHttpSlots(n('benchmark localhost:8080 using 4 threads'), '').values, { threads: 4 });
    assert.deepEqual(readHttpSlots(n('pipeline 8 requests'), '').values, { pipelining: 8 });
    assert.deepEqual(readHttpSlots(n('pipelining 4 with 2 generator threads'), '').values, { threads: 2, pipelining: 4 });
    assert.deepEqual(readHttpSlots(n('hit it with 64 connections for 10s'), '').values, {});
  });

  test('bench_http: body (JSON or quoted) and headers', () => {
    assert.equal(readBody('POST localhost:8080/api body {"user":"a","n":[1,2]} with 4 connections'), '{"user":"a","n":[1,2]}');
    assert.equal(readBody('with the payload `{"q": "x"}`'), '{"q": "x"}');
    assert.equal(readBody("with body 'hello world'"), 'hello world');
    assert.equal(readBody('GET localhost:8080/ for 10s'), null);
    assert.deepEqual(readHeaders('with header Authorization: Bearer x'), { Authorization: 'Bearer x' });
    assert.deepEqual(readHeaders('set content-type to application/json'), { 'content-type': 'application/json' });
    assert.deepEqual(readHeaders('headers X-A: 1, X-B: two and 8 connections'), { 'X-A': '1', 'X-B': 'two' });
    assert.equal(readHeaders('load test localhost:3000 with 16 connections'), null);
  });

  test('bench_llm: endpoint, prompt length (not max_tokens), SLOs, burstiness, model', () => {
    const a = readLlmSlots(n('the completions endpoint (not chat) with prompts of about 1k tokens, at most 128 tokens each'), '');
    assert.deepEqual(a.values, { endpoint: 'completions', prompt_tokens: 1000 });
    assert.equal(maxTokensIn(a.rest), 128);
    assert.deepEqual(readLlmSlots(n('512-token prompts, generate 256 tokens'), '').values, { prompt_tokens: 512 });
    assert.deepEqual(readLlmSlots(n('use the chat completions endpoint'), '').values, { endpoint: 'chat' });
    assert.deepEqual(readLlmSlots(n('count a request as good only if its first token arrives within 300 ms'), '').values, { slo_ttft_ms: 300 });
    assert.deepEqual(readLlmSlots(n('TTFT SLO of 200ms, time per output token under 50 ms, end-to-end under 2 s'), '').values, { slo_ttft_ms: 200, slo_tpot_ms: 50, slo_e2el_ms: 2000 });
    assert.deepEqual(readLlmSlots(n('burstiness 0.5'), 'model llama3 burstiness 0.5').values, { burstiness: 0.5, model: 'llama3' });
    // "measure TTFT" names the metric, not a limit; "at most 128 tokens" is the output length.
    assert.deepEqual(readLlmSlots(n('measure ttft with 8 concurrent requests, at most 128 tokens each'), '').values, {});
  });

  test('URLs drop trailing punctuation', () => {
    assert.equal(findUrl('http://localhost:8080/v1: 200 requests'), 'http://localhost:8080/v1');
    assert.equal(findUrl('(see localhost:3000/api), then'), 'http://localhost:3000/api');
    assert.equal(findUrl('hit http://127.0.0.1:8080/.'), 'http://127.0.0.1:8080/');
  });

  test('bench_command: compared commands, parameter scans, ignore_failure', () => {
    assert.equal(isComparison('which is faster, `a` or `b`?', 'which is faster, `a` or `b`?'), true);
    assert.equal(isComparison('register a target called ab that runs `a` or `b`', 'register a target called ab that runs `a` or `b`'), false);
    const raw = 'compare `python3 a.py` with `python3 b.py`';
    assert.deepEqual(readCommandSlots(n(raw), raw, 'python3 a.py'), { commands: [['python3', 'b.py']] });
    const scan = 'time `python3 p.py --batch {batch}` for batch in 8, 16 and 32';
    assert.deepEqual(readCommandSlots(n(scan), scan, 'python3 p.py --batch {batch}'), { parameters: [{ name: 'batch', values: [8, 16, 32] }] });
    const range = 'time `./run.sh -t {threads}` with threads from 1 to 8 step 1';
    assert.deepEqual(readCommandSlots(n(range), range, './run.sh -t {threads}'), { parameters: [{ name: 'threads', min: 1, max: 8, step: 1 }] });
    assert.deepEqual(readCommandSlots(n('time `false` even if it fails'), 'time `false` even if it fails', 'false'), { ignore_failure: true });
    assert.deepEqual(readCommandSlots(n('time `false` and ignore non-zero exit codes'), '', 'false'), { ignore_failure: true });
    // No placeholder, no scan; failing stops the run unless said.
    assert.deepEqual(readCommandSlots(n('time `sleep 1` for batch in 8, 16'), 'time `sleep 1` for batch in 8, 16', 'sleep 1'), {});
    assert.deepEqual(readCommandSlots(n('time `make` and stop if it fails'), 'time `make` and stop if it fails', 'make'), {});
  });

  test('follow-up arithmetic on the previous benchmark', () => {
    assert.deepEqual(benchArithmetic(n('double the rate'), 'bench_http', { rate: 100 }), { rate: 200 });
    assert.deepEqual(benchArithmetic(n('half the connections'), 'bench_http', { connections: 64 }), { connections: 32 });
    assert.deepEqual(benchArithmetic(n('now twice as long'), 'bench_http', { duration_s: 30 }), { duration_s: 60 });
    assert.deepEqual(benchArithmetic(n('10 more connections'), 'bench_http', {}), { connections: 20 });
    assert.deepEqual(benchArithmetic(n('increase the rate by 50%'), 'bench_http', { rate: 100 }), { rate: 150 });
    assert.deepEqual(benchArithmetic(n('double the concurrency'), 'bench_llm', { concurrency: 8 }), { concurrency: 16 });
    assert.deepEqual(benchArithmetic(n('double the runs'), 'bench_command', { runs: 10 }), { runs: 20 });
    // A rate never set has nothing to double; a plain re-run changes nothing.
    assert.deepEqual(benchArithmetic(n('double the rate'), 'bench_http', {}), {});
    assert.deepEqual(benchArithmetic(n('run it again with 64 connections'), 'bench_http', { connections: 8 }), {});
  });

  test('retries, session limits, template families', () => {
    assert.equal(retriesIn(n('retry a failing trial up to 2 times')), 2);
    assert.equal(retriesIn(n('allow 3 retries per trial')), 3);
    assert.equal(retriesIn(n('retries=1')), 1);
    assert.equal(retriesIn(n('try again with 30 trials')), null);
    assert.equal(sessionsLimitIn(n('the 5 most recent conversations')), 5);
    assert.equal(sessionsLimitIn(n('my last three chats')), 3);
    assert.equal(sessionsLimitIn(n('show my previous conversations')), null);
    assert.equal(familyIn(n('family lightgbm')), 'lightgbm');
    assert.equal(familyIn(n('use the mlp template')), 'mlp');
    assert.equal(familyIn(n('it is a random forest model')), 'random-forest');
    assert.equal(familyIn(n('register `python3 train.py` as gbm')), null);
  });

  test('rules: log and stop actions, LLM fields', () => {
    assert.equal(extraRuleAction(n('just log a line when p99 goes over 200 ms')), 'log');
    assert.equal(extraRuleAction(n('write it to the log if accuracy drops below 0.9')), 'log');
    assert.equal(extraRuleAction(n('stop it automatically if accuracy drops below 0.8')), 'stop_study');
    assert.equal(extraRuleAction(n('alert me if p99 latency goes over 200 ms')), null);
    assert.equal(llmRuleField(n('if the time to first token goes over 500 ms')), 'ttft_p99_ms');
    assert.equal(llmRuleField(n('if the median ttft goes over 500 ms')), 'ttft_p50_ms');
    assert.equal(llmRuleField(n('when inter-token latency exceeds 40 ms')), 'itl_p99_ms');
    assert.equal(llmRuleField(n('if tokens per second drop below 20')), 'output_throughput_tok_s');
    assert.equal(llmRuleField(n('if p99 latency goes over 200 ms')), null);
  });
});

describe('offline model: tool arguments in plain words (whole turns, graph understanding)', () => {
  test('bench_http: threads, pipelining, headers, body', async () => {
    assert.deepEqual(await inputOf(['benchmark http://localhost:8080/ using 4 threads with header Authorization: Bearer x, pipelining 4'], 'bench_http'), {
      url: 'http://localhost:8080/', headers: { Authorization: 'Bearer x' }, pipelining: 4, threads: 4,
    });
    assert.deepEqual(await inputOf(['load test POST http://127.0.0.1:8080/api with 16 connections for 10s, body {"user":"a"} and set content-type to application/json'], 'bench_http'), {
      url: 'http://127.0.0.1:8080/api', connections: 16, duration_s: 10, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":"a"}',
    });
    assert.deepEqual(await inputOf(['hammer localhost:3000/api with 8 connections, pipeline 8 requests'], 'bench_http'), { url: 'http://localhost:3000/api', connections: 8, pipelining: 8 });
    // Negative: nothing said, nothing set.
    assert.deepEqual(await inputOf(['benchmark http://127.0.0.1:8080/ with 64 connections for 20 seconds'], 'bench_http'), { url: 'http://127.0.0.1:8080/', connections: 64, duration_s: 20 });
  });

  test('bench_llm: endpoint, prompt_tokens vs max_tokens, SLOs, rate, burstiness, model, URL before ":"', async () => {
    assert.deepEqual(await inputOf(['benchmark the completions endpoint (not chat) at http://127.0.0.1:8000/v1 with prompts of about 1k tokens, at most 128 tokens each'], 'bench_llm'), {
      base_url: 'http://127.0.0.1:8000/v1', endpoint: 'completions', max_tokens: 128, prompt_tokens: 1000,
    });
    assert.deepEqual(await inputOf(['measure TTFT of http://localhost:8000/v1 with 512-token prompts, count a request as good only if its first token arrives within 300 ms'], 'bench_llm'), {
      base_url: 'http://localhost:8000/v1', prompt_tokens: 512, slo_ttft_ms: 300,
    });
    assert.deepEqual(await inputOf(['bench the llm at http://localhost:8080/v1: 200 requests, 10 requests per second, model llama3, TTFT SLO of 200ms, time per output token under 50 ms, end-to-end under 2 s, burstiness 0.5'], 'bench_llm'), {
      base_url: 'http://localhost:8080/v1', model: 'llama3', requests: 200, rate: 10, burstiness: 0.5, slo_ttft_ms: 200, slo_tpot_ms: 50, slo_e2el_ms: 2000,
    });
    // Negative: "measure TTFT" sets no SLO, the output length is no prompt length.
    assert.deepEqual(await inputOf(['measure TTFT of http://127.0.0.1:8000/v1 with 8 concurrent requests, generate 256 tokens'], 'bench_llm'), { base_url: 'http://127.0.0.1:8000/v1', concurrency: 8, max_tokens: 256 });
  });

  test('bench_command: comparisons, scans, ignore_failure', async () => {
    assert.deepEqual(await inputOf(['which is faster, `sleep 0.1` or `sleep 0.2`?'], 'bench_command'), { command: ['sleep', '0.1'], commands: [['sleep', '0.2']] });
    assert.deepEqual(await inputOf(['compare `python3 a.py` with `python3 b.py`'], 'bench_command'), { command: ['python3', 'a.py'], commands: [['python3', 'b.py']] });
    assert.deepEqual(await inputOf(['`ls -l` vs `ls`'], 'bench_command'), { command: ['ls', '-l'], commands: [['ls']] });
    assert.deepEqual(await inputOf(['time `python3 predict.py --batch {batch}` for batch in 8, 16 and 32'], 'bench_command'), {
      command: ['python3', 'predict.py', '--batch', '{batch}'], parameters: [{ name: 'batch', values: [8, 16, 32] }],
    });
    assert.deepEqual(await inputOf(['time `./run.sh -t {threads}` with threads from 1 to 8 step 1, even if it fails'], 'bench_command'), {
      command: ['./run.sh', '-t', '{threads}'], parameters: [{ name: 'threads', min: 1, max: 8, step: 1 }], ignore_failure: true,
    });
    assert.deepEqual(await inputOf(['benchmark `false` 5 times and ignore non-zero exit codes'], 'bench_command'), { command: ['false'], runs: 5, ignore_failure: true });
    // Negative: one command, no comparison.
    assert.deepEqual(await inputOf(['time `python3 predict.py --batch 32` 10 times'], 'bench_command'), { command: ['python3', 'predict.py', '--batch', '32'], runs: 10 });
  });

  test('follow-ups change the previous call: double, half, twice as long, N more, the same way', async () => {
    const first = 'benchmark http://localhost:8080/ with 10 connections for 10s at 100 rps';
    assert.deepEqual(await inputOf([first, 'double the rate'], 'bench_http'), { url: 'http://localhost:8080/', connections: 10, duration_s: 10, rate: 200 });
    assert.deepEqual(await inputOf([first, 'half the connections'], 'bench_http'), { url: 'http://localhost:8080/', connections: 5, duration_s: 10, rate: 100 });
    assert.deepEqual(await inputOf([first, 'now twice as long'], 'bench_http'), { url: 'http://localhost:8080/', connections: 10, duration_s: 20, rate: 100 });
    assert.deepEqual(await inputOf([first, '10 more connections'], 'bench_http'), { url: 'http://localhost:8080/', connections: 20, duration_s: 10, rate: 100 });
    assert.deepEqual(await inputOf(['time `sleep 0.1` 20 times with 2 warmups', 'now try `sleep 0.2` the same way'], 'bench_command'), { command: ['sleep', '0.2'], runs: 20, warmup: 2 });
    const study = await inputOf(['minimize branin with 40 trials using cma-es', 'now do ackley the same way'], 'start_study');
    assert.deepEqual(study, { target: 'ackley', objectives: [{ metric: 'value', direction: 'minimize' }], trials: 40, sampler: 'cmaes' });
    // Negative: a new target without "the same way" keeps its own defaults.
    assert.deepEqual(await inputOf(['minimize branin with 40 trials using cma-es', 'now minimize ackley'], 'start_study'), { target: 'ackley', objectives: [{ metric: 'value', direction: 'minimize' }] });
  });

  test('start_study retries, list_sessions limit, param_importance metric, register_target family', async () => {
    assert.deepEqual(await inputOf(['minimize branin with 30 trials, retry a failing trial up to 2 times'], 'start_study'), { target: 'branin', objectives: [{ metric: 'value', direction: 'minimize' }], trials: 30, retries: 2 });
    const retried = await inputOf(['tune xgboost for accuracy and allow 3 retries per trial'], 'start_study');
    assert.equal(retried?.retries, 3);
    assert.notEqual(retried?.trials, 3);
    assert.equal((await inputOf(['minimize branin with 30 trials'], 'start_study'))?.retries, undefined);
    assert.deepEqual(await inputOf(['show the 5 most recent conversations'], 'list_sessions'), { limit: 5 });
    assert.deepEqual(await inputOf(['list my last three chats'], 'list_sessions'), { limit: 3 });
    assert.deepEqual(await inputOf(['show my previous conversations'], 'list_sessions'), {});
    assert.deepEqual(await inputOf(['tune xgboost for latency with 20 trials', 'what drives the batch time?'], 'param_importance'), { metric: 'batch_ms' });
    assert.deepEqual(await inputOf(['tune xgboost for latency with 20 trials', 'which parameters matter most?'], 'param_importance'), {});
    assert.equal((await inputOf(['register a target called gbm that runs `python3 train.py`, family lightgbm, it reports auc (maximize)'], 'register_target'))?.family, 'lightgbm');
    assert.equal((await inputOf(['register `python3 net.py` as target net1, use the mlp template; it prints loss, lower is better'], 'register_target'))?.family, 'mlp');
    assert.equal((await inputOf(['register a target called scorer that runs `python3 score.py` and reports accuracy (maximize)'], 'register_target'))?.family, undefined);
  });

  test('add_rule: log, stop it automatically, LLM fields', async () => {
    const rule = async (text: string) => ((await inputOf([text], 'add_rule'))?.rule as Record<string, unknown> | undefined);
    const log = await rule('just log a line when p99 latency goes over 200 ms');
    assert.equal(log?.action, 'log');
    assert.deepEqual(log?.condition, { field: 'latency_p99_ms', operator: '>', value: 200 });
    assert.equal((await rule('stop it automatically if accuracy drops below 0.8'))?.action, 'stop_study');
    assert.equal((await rule('kill the study if the error rate goes above 5%'))?.action, 'stop_study');
    assert.deepEqual((await rule('alert me if the time to first token goes over 500 ms'))?.condition, { field: 'ttft_p99_ms', operator: '>', value: 500 });
    assert.deepEqual((await rule('alert me when inter-token latency exceeds 40 ms'))?.condition, { field: 'itl_p99_ms', operator: '>', value: 40 });
    const alert = await rule('alert me if p99 latency goes over 200 ms');
    assert.equal(alert?.action, 'trigger_alert');
    assert.deepEqual(alert?.condition, { field: 'latency_p99_ms', operator: '>', value: 200 });
  });
});
