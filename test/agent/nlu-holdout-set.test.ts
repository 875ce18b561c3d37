import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FIXTURE_DEV_SET, loadDevSet, SHARED_DEV_SET } from './support/dev-set.ts';
import { assertWellFormed, readEvalCases, sameSentence } from './support/eval-set-checks.ts';
import { AGENT_TOOLS, CONTRACT_TOOLS } from './support/turns.ts';

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
/** The tools this set was written for (it must cover each); a case may name any tool the model can call. */
const TOOLS = new Set([...CONTRACT_TOOLS, 'continue_study']);
const KNOWN_TOOLS = new Set(AGENT_TOOLS);

const cases = readEvalCases(HOLDOUT_SET);

describe('NLU held-out set 2 (sealed)', () => {
  test('has at least 120 cases with unique ids, about a third of them conversations', () => {
    assert.ok(cases.length >= 120, `${cases.length} cases`);
    const ids = cases.map((c) => c.id);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
    const multi = cases.filter((c) => c.messages.length > 1).length;
    assert.ok(multi / cases.length >= 0.25, `${multi} multi-turn cases of ${cases.length}`);
  });

  test('every case is well formed: 1-3 messages, tags, either no_calls or known tools, compilable patterns', () => {
    assertWellFormed(cases, KNOWN_TOOLS);
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
      for (const c of loadDevSet(path)) c.messages.forEach((m) => known.add(sameSentence(m)));
    }
    const paraphrases = readFileSync(PARAPHRASES, 'utf8');
    for (const literal of paraphrases.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"/g)) known.add(sameSentence(literal[1] ?? literal[2] ?? ''));
    assert.ok(known.has(sameSentence('tune my XGBoost for latency')), 'the dev set and paraphrases were read');
    assert.ok(existsSync(FIRST_EVAL_SET), `${FIRST_EVAL_SET} is missing`);
    const reused = cases.flatMap((c) => c.messages.filter((m) => known.has(sameSentence(m))).map((m) => `${c.id}: ${m}`));
    assert.deepEqual(reused, []);
  });
});
