import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FIXTURE_DEV_SET, loadDevSet, SHARED_DEV_SET } from './support/dev-set.ts';
import type { EvalCase } from './support/nlu-score.ts';
import { CONTRACT_TOOLS } from './support/turns.ts';

/**
 * The second, sealed held-out set of `npm run eval:nlu --set holdout` (test/fixtures/nlu-holdout.jsonl) is well
 * formed, covers every tool and stays held out: none of its messages is a sentence of the dev set, of the first
 * evaluation set or of the paraphrase tests. Those files are read here at run time only, so the set's author never
 * had to look at them. How well the model does on it is measured by the script, not asserted here.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HOLDOUT_SET = join(ROOT, 'test/fixtures/nlu-holdout.jsonl');
const FIRST_EVAL_SET = join(ROOT, 'test/fixtures/nlu-eval.jsonl');
const PARAPHRASES = join(ROOT, 'test/agent/paraphrases.test.ts');
const TOOLS = new Set([...CONTRACT_TOOLS, 'continue_study']);

const cases = readFileSync(HOLDOUT_SET, 'utf8').split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as EvalCase);

/** Lower case, letters and digits only: "Stop it!" and "stop it" are the same sentence. */
const normalize = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/** Every string anywhere in an expectation (to compile its `re:` patterns). */
function walk(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) value.forEach((v) => walk(v, visit));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => walk(v, visit));
}

describe('NLU held-out set 2 (sealed)', () => {
  test('has at least 120 cases with unique ids, about a third of them conversations', () => {
    assert.ok(cases.length >= 120, `${cases.length} cases`);
    const ids = cases.map((c) => c.id);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
    const multi = cases.filter((c) => c.messages.length > 1).length;
    assert.ok(multi / cases.length >= 0.25, `${multi} multi-turn cases of ${cases.length}`);
  });

  test('every case is well formed: 1-3 messages, tags, either no_calls or known tools, compilable patterns', () => {
    for (const c of cases) {
      assert.equal(typeof c.id, 'string', JSON.stringify(c));
      assert.ok(Array.isArray(c.messages) && c.messages.length >= 1 && c.messages.length <= 3, c.id);
      assert.ok(c.messages.every((m) => typeof m === 'string' && m.trim().length > 0), c.id);
      assert.ok(Array.isArray(c.tags) && c.tags.length > 0 && c.tags.every((t) => typeof t === 'string'), `${c.id}: tags`);
      assert.ok(c.ok === undefined || (Array.isArray(c.ok) && c.ok.every((k) => typeof k === 'string')), `${c.id}: ok`);
      const calls = c.expect.calls ?? [];
      assert.ok(c.expect.no_calls === true ? calls.length === 0 : calls.length > 0, `${c.id}: either no_calls or calls`);
      for (const call of calls) {
        assert.ok(TOOLS.has(call.tool), `${c.id}: unknown tool ${call.tool}`);
        walk(call.args, (text) => {
          if (text.startsWith('re:')) assert.doesNotThrow(() => new RegExp(text.slice(3), 'i'), `${c.id}: ${text}`);
        });
      }
    }
  });

  test('covers every contract tool, continue_study, help, thanks and refusals', () => {
    const expected = new Set(cases.flatMap((c) => (c.expect.calls ?? []).map((call) => call.tool)));
    assert.deepEqual([...TOOLS].filter((tool) => !expected.has(tool)), []);
    const tags = new Set(cases.flatMap((c) => c.tags ?? []));
    for (const tag of ['help', 'thanks', 'out-of-scope', 'typo', 'percent', 'constraint', 'follow-up', 'reference', 'method', 'time-words', 'parallel', 'tradeoff', 'synonym', 'british', 'number-words']) {
      assert.ok(tags.has(tag), `no case tagged ${tag}`);
    }
    const refusals = cases.filter((c) => c.tags?.includes('out-of-scope'));
    assert.ok(refusals.length >= 10 && refusals.every((c) => c.expect.no_calls === true), `${refusals.length} out-of-scope cases, all without calls`);
  });

  test('no message is a sentence of the dev set, the first evaluation set or the paraphrase tests', () => {
    const known = new Set<string>();
    for (const path of [FIXTURE_DEV_SET, SHARED_DEV_SET, FIRST_EVAL_SET].filter((p) => existsSync(p))) {
      for (const c of loadDevSet(path)) c.messages.forEach((m) => known.add(normalize(m)));
    }
    const paraphrases = readFileSync(PARAPHRASES, 'utf8');
    for (const literal of paraphrases.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"/g)) known.add(normalize(literal[1] ?? literal[2] ?? ''));
    assert.ok(known.has(normalize('tune my XGBoost for latency')), 'the dev set and paraphrases were read');
    assert.ok(existsSync(FIRST_EVAL_SET), `${FIRST_EVAL_SET} is missing`);
    const reused = cases.flatMap((c) => c.messages.filter((m) => known.has(normalize(m))).map((m) => `${c.id}: ${m}`));
    assert.deepEqual(reused, []);
  });
});
