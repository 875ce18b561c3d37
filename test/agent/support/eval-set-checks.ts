import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { EvalCase } from './nlu-score.ts';

/** Lower case, letters and digits only: "Stop it!" and "stop it" are the same sentence. */
export const sameSentence = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

export function readEvalCases(path: string): EvalCase[] {
  return readFileSync(path, 'utf8').split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as EvalCase);
}

/** Every string anywhere in an expectation (to compile its `re:` patterns). */
function walk(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) value.forEach((v) => walk(v, visit));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => walk(v, visit));
}

/** Each case of an evaluation set: 1-3 messages, tags, `ok` keys, either no_calls or known tools, compilable patterns. */
export function assertWellFormed(cases: EvalCase[], tools: ReadonlySet<string>): void {
  for (const c of cases) {
    assert.equal(typeof c.id, 'string', JSON.stringify(c));
    assert.ok(Array.isArray(c.messages) && c.messages.length >= 1 && c.messages.length <= 3, c.id);
    assert.ok(c.messages.every((m) => typeof m === 'string' && m.trim().length > 0), c.id);
    assert.ok(Array.isArray(c.tags) && c.tags.length > 0 && c.tags.every((t) => typeof t === 'string'), `${c.id}: tags`);
    assert.ok(c.ok === undefined || (Array.isArray(c.ok) && c.ok.every((k) => typeof k === 'string')), `${c.id}: ok`);
    const calls = c.expect.calls ?? [];
    assert.ok(c.expect.no_calls === true ? calls.length === 0 : calls.length > 0, `${c.id}: either no_calls or calls`);
    for (const call of calls) {
      assert.ok(tools.has(call.tool), `${c.id}: unknown tool ${call.tool}`);
      walk(call.args, (text) => {
        if (text.startsWith('re:')) assert.doesNotThrow(() => new RegExp(text.slice(3), 'i'), `${c.id}: ${text}`);
      });
    }
  }
}
