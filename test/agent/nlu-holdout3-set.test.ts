import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FIXTURE_DEV_SET, loadDevSet, SHARED_DEV_SET } from './support/dev-set.ts';
import { assertWellFormed, readEvalCases, sameSentence } from './support/eval-set-checks.ts';
import { CONTRACT_TOOLS } from './support/turns.ts';

/**
 * The third, sealed held-out set (test/fixtures/nlu-holdout-3.jsonl), written blind: its author did not read the
 * model, its training corpus, the dev set's neighbours or the earlier evaluation sets. This checks that it is well
 * formed, covers every tool, the follow-ups and the kinds of phrasing it was written to probe, and stays held out:
 * none of its messages is a sentence of the dev set, the first evaluation set, the second (sealed) set or the
 * paraphrase tests. Those files are read here at run time only. How well the model does on it is measured by the
 * evaluation script, not asserted here.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HOLDOUT_SET_3 = join(ROOT, 'test/fixtures/nlu-holdout-3.jsonl');
const FIRST_EVAL_SET = join(ROOT, 'test/fixtures/nlu-eval.jsonl');
const SECOND_SET = join(ROOT, 'test/fixtures/nlu-holdout.jsonl');
const PARAPHRASES = join(ROOT, 'test/agent/paraphrases.test.ts');
const TOOLS = new Set([...CONTRACT_TOOLS, 'continue_study']);

/** The phrasing kinds the set was written to probe; each must tag at least one case. */
const REQUIRED_TAGS = [
  'help', 'thanks', 'out-of-scope', 'typo', 'percent', 'constraint', 'follow-up', 'reference', 'method', 'time-words',
  'parallel', 'tradeoff', 'synonym', 'british', 'number-words', 'terse', 'question', 'polite', 'long',
];

const cases = readEvalCases(HOLDOUT_SET_3);

describe('NLU held-out set 3 (sealed, written blind)', () => {
  test('has at least 150 cases with unique ids, at least a quarter of them conversations', () => {
    assert.ok(cases.length >= 150, `${cases.length} cases`);
    const ids = cases.map((c) => c.id);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
    const multi = cases.filter((c) => c.messages.length > 1).length;
    assert.ok(multi / cases.length >= 0.25, `${multi} multi-turn cases of ${cases.length}`);
  });

  test('every case is well formed: 1-3 messages, tags, either no_calls or known tools, compilable patterns', () => {
    assertWellFormed(cases, TOOLS);
  });

  test('covers every contract tool, continue_study, the phrasing tags and at least 12 refusals', () => {
    const expected = new Set(cases.flatMap((c) => (c.expect.calls ?? []).map((call) => call.tool)));
    assert.deepEqual([...TOOLS].filter((tool) => !expected.has(tool)), []);
    const tags = new Set(cases.flatMap((c) => c.tags ?? []));
    assert.deepEqual(REQUIRED_TAGS.filter((tag) => !tags.has(tag)), [], 'tags without a case');
    const refusals = cases.filter((c) => c.tags?.includes('out-of-scope'));
    assert.ok(refusals.length >= 12 && refusals.every((c) => c.expect.no_calls === true), `${refusals.length} out-of-scope cases, all without calls`);
    for (const tag of ['help', 'thanks']) {
      const tagged = cases.filter((c) => c.tags?.includes(tag));
      assert.ok(tagged.every((c) => c.expect.no_calls === true), `${tag} cases expect no calls`);
    }
  });

  test('follow-ups are conversations: a case tagged follow-up or reference has an earlier message', () => {
    const single = cases.filter((c) => (c.tags?.includes('follow-up') || c.tags?.includes('reference')) && c.messages.length < 2);
    assert.deepEqual(single.map((c) => c.id), []);
  });

  test('no message is a sentence of the dev set, the first evaluation set, the second set or the paraphrase tests', () => {
    const known = new Set<string>();
    assert.ok(existsSync(FIRST_EVAL_SET), `${FIRST_EVAL_SET} is missing`);
    assert.ok(existsSync(SECOND_SET), `${SECOND_SET} is missing`);
    for (const path of [FIXTURE_DEV_SET, SHARED_DEV_SET, FIRST_EVAL_SET, SECOND_SET].filter((p) => existsSync(p))) {
      for (const c of loadDevSet(path)) c.messages.forEach((m) => known.add(sameSentence(m)));
    }
    const paraphrases = readFileSync(PARAPHRASES, 'utf8');
    for (const literal of paraphrases.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"/g)) known.add(sameSentence(literal[1] ?? literal[2] ?? ''));
    assert.ok(known.has(sameSentence('tune my XGBoost for latency')), 'the dev set and paraphrases were read');
    const reused = cases.flatMap((c) => c.messages.filter((m) => known.has(sameSentence(m))).map((m) => `${c.id}: ${m}`));
    assert.deepEqual(reused, []);
  });
});
