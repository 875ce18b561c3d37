import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeFamilies, type FamilyCase } from './support/phrasing-family-cases.ts';
import { messageText, runDryTurns, toolCalls } from './support/turns.ts';

/**
 * What the offline model declines in words instead of calling a tool to be refused, and plain listings that no
 * context may turn into something else (intents/chore-command.ts, host-check.ts, explicit-lists.ts).
 */
const CASES: FamilyCase[] = [
  ['a destructive chore is no benchmark', ['please run `rm -rf ./build` to clean up'], { no_calls: true }],
  ['a destructive command to benchmark still goes to the tool (which asks to confirm)', ['benchmark `rm -rf build/tmp` 3 times'], { calls: [{ tool: 'bench_command', args: { command: ['rm', '-rf', 'build/tmp'], runs: 3 } }] }],
  ['load on a public site is declined', ['stress test https://www.example.com with 3000 connections'], { no_calls: true }],
  ['an LLM endpoint on a public host is declined', ['benchmark the model at https://llm.example.org/v1 with 500 concurrent requests'], { no_calls: true }],
  ['loopback load still runs', ['load test http://127.0.0.1:9090/ with 20 connections'], { calls: [{ tool: 'bench_http', args: { url: 'http://127.0.0.1:9090/', connections: 20 } }] }],
  ['"show me my rules" after a benchmark lists the rules', ['time `sleep 0.2` 4 times', 'show me my rules'], { calls: [{ tool: 'list_rules' }] }],
  ['"list the targets" after a benchmark lists the targets', ['time `sleep 0.2` 4 times', 'list the targets please'], { calls: [{ tool: 'list_targets' }] }],
];

describeFamilies('declined requests and plain listings', CASES);

test('the refusal names the host and how the operator allows it; the chore refusal says what commands are for', async () => {
  const host = messageText(await runDryTurns(['stress test https://www.example.com with 3000 connections']));
  assert.match(host, /I will not send requests to www\.example\.com: .*loopback .*TUNECHAT_ALLOWED_HOSTS=www\.example\.com/);
  const chore = await runDryTurns(['please run `rm -rf ./build` to clean up']);
  assert.deepEqual(toolCalls(chore), []);
  assert.match(messageText(chore), /I will not run `rm -rf \.\/build`: I run commands only to benchmark them/);
});
