import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FIXTURE_DEV_SET, loadDevSet, SHARED_DEV_SET } from './support/dev-set.ts';
import { assertWellFormed, readEvalCases, sameSentence } from './support/eval-set-checks.ts';
import { AGENT_TOOLS, CONTRACT_TOOLS } from './support/turns.ts';

/**
 * The held-out evaluation set of `npm run eval:nlu` (test/fixtures/nlu-eval.jsonl) is well formed, covers every tool
 * and stays held out: none of its messages is one of the dev set's or the paraphrase tests' sentences. How well the
 * model does on it is measured by the script, not asserted here.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const EVAL_SET = join(ROOT, 'test/fixtures/nlu-eval.jsonl');
/** The tools this set was written for (it must cover each); a case may name any tool the model can call. */
const TOOLS = new Set([...CONTRACT_TOOLS, 'continue_study']);
const KNOWN_TOOLS = new Set(AGENT_TOOLS);

const cases = readEvalCases(EVAL_SET);

describe('NLU evaluation set', () => {
  test('has at least 150 cases with unique ids, about a quarter of them conversations', () => {
    assert.ok(cases.length >= 150, `${cases.length} cases`);
    const ids = cases.map((c) => c.id);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
    const multi = cases.filter((c) => c.messages.length > 1).length;
    assert.ok(multi / cases.length >= 0.2, `${multi} multi-turn cases of ${cases.length}`);
  });

  test('every case is well formed: messages, tags, either no_calls or known tools, compilable patterns', () => {
    assertWellFormed(cases, KNOWN_TOOLS);
  });

  test('covers every contract tool, continue_study, help, thanks and refusals', () => {
    const expected = new Set(cases.flatMap((c) => (c.expect.calls ?? []).map((call) => call.tool)));
    assert.deepEqual([...TOOLS].filter((tool) => !expected.has(tool)), []);
    const tags = new Set(cases.flatMap((c) => c.tags ?? []));
    for (const tag of ['help', 'thanks', 'out-of-scope', 'typo', 'percent', 'follow-up', 'reference', 'method', 'time-words', 'parallel', 'tradeoff', 'synonym']) {
      assert.ok(tags.has(tag), `no case tagged ${tag}`);
    }
  });

  test("holds the issue's phrases a new user must be understood on", () => {
    const all = cases.flatMap((c) => c.messages).join('\n');
    for (const phrase of ['keep accuracy above 93 percent', 'which knobs matter?', 'get rid of the alert I just made']) {
      assert.ok(all.includes(phrase), phrase);
    }
  });

  test('no message is a sentence of the dev set or of the paraphrase tests', () => {
    const known = new Set<string>();
    for (const path of [FIXTURE_DEV_SET, SHARED_DEV_SET].filter((p) => existsSync(p))) {
      for (const c of loadDevSet(path)) c.messages.forEach((m) => known.add(sameSentence(m)));
    }
    const paraphrases = readFileSync(join(ROOT, 'test/agent/paraphrases.test.ts'), 'utf8');
    for (const literal of paraphrases.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"/g)) known.add(sameSentence(literal[1] ?? literal[2] ?? ''));
    assert.ok(known.has(sameSentence('tune my XGBoost for latency')), 'the dev set and paraphrases were read');
    const reused = cases.flatMap((c) => c.messages.filter((m) => known.has(sameSentence(m))).map((m) => `${c.id}: ${m}`));
    assert.deepEqual(reused, []);
  });
});
