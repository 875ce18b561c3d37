import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runDryTurns, toolCalls } from './support/turns.ts';

/** Specs pasted as JSON or YAML (intents/pasted-spec.ts): hostile or oversized ones are not expanded or obeyed. */

test('a YAML alias bomb is refused by the parser, not expanded into a start_study input', async () => {
  const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
  const message = `start this study:\n\`\`\`yaml\ntarget: branin\ntrials: 10\n${levels.join('\n')}\n\`\`\``;
  const calls = toolCalls(await runDryTurns([message]));
  const input = JSON.stringify(calls.map((c) => c.input));
  assert.ok(input.length < 5_000, `the input stayed small (${input.length} characters)`);
  assert.ok(!calls.some((c) => JSON.stringify(c.input).includes('"i":')), 'no aliased field reached a tool');
});

test('a spec longer than the limit is not parsed as one', async () => {
  const big = JSON.stringify({ target: 'branin', trials: 12, note: 'x'.repeat(25_000) });
  const calls = toolCalls(await runDryTurns([`start this study: ${big}`]));
  assert.ok(!calls.some((c) => typeof (c.input as Record<string, unknown>).note === 'string'), 'the oversized object was not passed on');
});

test('an object of a script\'s printed metrics is no spec', async () => {
  const calls = toolCalls(await runDryTurns(['register `python3 s.py` as s1; it prints {"loss": 0.2, "ms": 3}; loss down and ms down']));
  assert.deepEqual(calls.map((c) => c.tool), ['register_target']);
  assert.deepEqual((calls[0]!.input as { metrics: unknown }).metrics, [{ name: 'loss', direction: 'minimize' }, { name: 'ms', direction: 'minimize' }]);
});
