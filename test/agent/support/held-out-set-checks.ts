import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FIXTURE_DEV_SET, loadDevSet, SHARED_DEV_SET } from './dev-set.ts';
import { assertWellFormed, readEvalCases, sameSentence } from './eval-set-checks.ts';
import { CONTRACT_TOOLS } from './turns.ts';

/**
 * The checks every sealed held-out set passes (written blind: its author did not read the model, its training corpus
 * or the earlier evaluation sets): it is well formed, covers every tool, the follow-ups and the kinds of phrasing it
 * was written to probe, and stays held out: none of its messages is a sentence of the dev set, an earlier evaluation
 * set or the paraphrase tests. Those files are read at run time only. How well the model does on it is measured by
 * the evaluation script, not asserted here.
 */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PARAPHRASES = join(ROOT, 'test/agent/paraphrases.test.ts');
const TOOLS = new Set([...CONTRACT_TOOLS, 'continue_study']);

/** The phrasing kinds the set was written to probe; each must tag at least one case. */
const REQUIRED_TAGS = [
  'help', 'thanks', 'out-of-scope', 'typo', 'percent', 'constraint', 'follow-up', 'reference', 'method', 'time-words',
  'parallel', 'tradeoff', 'synonym', 'british', 'number-words', 'terse', 'question', 'polite', 'long',
];

/** Registers the checks of blind set `n` (test/fixtures/nlu-holdout-<n>.jsonl, n ≥ 3): it must not repeat sets 1 … n-1. */
export function describeBlindSet(n: number): void {
  const earlier = ['test/fixtures/nlu-eval.jsonl', 'test/fixtures/nlu-holdout.jsonl', ...Array.from({ length: n - 3 }, (_, i) => `test/fixtures/nlu-holdout-${i + 3}.jsonl`)];
  describeHeldOutSet(`NLU held-out set ${n} (written blind)`, `test/fixtures/nlu-holdout-${n}.jsonl`, earlier);
}

/** Registers the checks of the held-out set at `path` (relative to the repository); `earlier`: the sets it must not repeat. */
export function describeHeldOutSet(title: string, path: string, earlier: string[]): void {
  const cases = readEvalCases(join(ROOT, path));
  describe(title, () => {
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

    test('no message is a sentence of the dev set, an earlier evaluation set or the paraphrase tests', () => {
      const known = new Set<string>();
      const sets = earlier.map((p) => join(ROOT, p));
      for (const p of sets) assert.ok(existsSync(p), `${p} is missing`);
      for (const p of [FIXTURE_DEV_SET, SHARED_DEV_SET, ...sets].filter((s) => existsSync(s))) {
        for (const c of loadDevSet(p)) c.messages.forEach((m) => known.add(sameSentence(m)));
      }
      const paraphrases = readFileSync(PARAPHRASES, 'utf8');
      for (const literal of paraphrases.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"/g)) known.add(sameSentence(literal[1] ?? literal[2] ?? ''));
      assert.ok(known.has(sameSentence('tune my XGBoost for latency')), 'the dev set and paraphrases were read');
      const reused = cases.flatMap((c) => c.messages.filter((m) => known.has(sameSentence(m))).map((m) => `${c.id}: ${m}`));
      assert.deepEqual(reused, []);
    });
  });
}
