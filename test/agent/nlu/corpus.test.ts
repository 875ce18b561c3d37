import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { buildCorpus, buildCorpusReport, intentQuotas, TRAINING_TARGETS } from '../../../server/agent/nlu/corpus/index.ts';
import { parseMarkup, tidy } from '../../../server/agent/nlu/corpus/markup.ts';
import { injectTypo } from '../../../server/agent/nlu/corpus/typos.ts';
import { Gen } from '../../../server/agent/nlu/corpus/gen.ts';
import { INTENTS, ROLES, type LabelledExample } from '../../../server/agent/nlu/types.ts';

const corpus = buildCorpusReport({ seed: 13 });
const roles = new Set<string>(ROLES);

const spanText = (e: LabelledExample, role: string) => e.spans.filter((s) => s.role === role).map((s) => e.text.slice(s.start, s.end));

describe('nlu corpus', () => {
  test('the same seed gives the same corpus; another seed another one', () => {
    const a = buildCorpus({ seed: 5, size: 1200 });
    const b = buildCorpus({ seed: 5, size: 1200 });
    const c = buildCorpus({ seed: 6, size: 1200 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  test('default size is about 8000, every intent has at least 100 examples', () => {
    assert.ok(corpus.examples.length >= 7600 && corpus.examples.length <= 8000, `size ${corpus.examples.length}`);
    for (const intent of INTENTS) assert.ok(corpus.counts[intent] >= 100, `${intent}: ${corpus.counts[intent]}`);
  });

  test('size scales the corpus and the quotas sum to it', () => {
    const quotas = intentQuotas(2000);
    assert.equal(Object.values(quotas).reduce((a, b) => a + b, 0), 2000);
    const small = buildCorpusReport({ seed: 1, size: 2000 });
    assert.ok(small.examples.length > 1800 && small.examples.length <= 2100, `size ${small.examples.length}`);
  });

  test('every span lies inside its text, is non-empty, trimmed, has a known role, and spans do not overlap', () => {
    for (const e of corpus.examples) {
      assert.ok(INTENTS.includes(e.intent));
      let last = -1;
      for (const s of [...e.spans].sort((x, y) => x.start - y.start)) {
        const piece = e.text.slice(s.start, s.end);
        assert.ok(s.start >= 0 && s.end <= e.text.length && s.end > s.start, `${JSON.stringify(e)}`);
        assert.equal(piece, piece.trim(), `untrimmed span ${JSON.stringify(piece)} in ${e.text}`);
        assert.ok(roles.has(s.role), s.role);
        assert.ok(s.start >= last, `overlapping spans in ${e.text}`);
        last = s.end;
      }
      assert.equal(e.text, e.text.trim());
      assert.ok(!/ {2}/.test(e.text), `double space in ${JSON.stringify(e.text)}`);
    }
  });

  test('typos are injected into 12–25% of the examples', () => {
    const share = corpus.typos / corpus.examples.length;
    assert.ok(share >= 0.12 && share <= 0.25, `typo share ${share}`);
  });

  test('follow-ups carry the study they follow; tune requests name known targets', () => {
    const names = new Set(TRAINING_TARGETS.map((t) => t.name));
    for (const e of corpus.examples) {
      if (['more_trials', 'resume', 'status', 'stop', 'best', 'importance', 'why', 'switch_objective', 'try_again'].includes(e.intent)) {
        assert.ok(e.prior.study, `${e.intent} without prior.study: ${e.text}`);
      }
      if (e.prior.study?.target) assert.ok(names.has(e.prior.study.target), e.prior.study.target);
    }
  });

  test('the conventions of the brief hold on the hand-labelled examples', () => {
    const find = (text: string) => corpus.examples.find((e) => e.text === text);
    const alert = find('alert me if p99 latency goes over 200 ms');
    if (alert) {
      assert.deepEqual(spanText(alert, 'rule_action'), ['alert me']);
      assert.deepEqual(spanText(alert, 'rule_op'), ['goes over']);
      assert.deepEqual(spanText(alert, 'rule_value'), ['200 ms']);
    }
  });
});

describe('nlu corpus: markup and typos', () => {
  test('markup becomes text and spans; tidy removes doubled spaces and keeps spans on their words', () => {
    const out = parseMarkup('tune  my [XGBoost](target) for [ latency](objective) , please ');
    assert.equal(out.text, 'tune my XGBoost for latency, please');
    assert.deepEqual(out.spans.map((s) => out.text.slice(s.start, s.end)), ['XGBoost', 'latency']);
    assert.throws(() => parseMarkup('[x](not_a_role)'), /corpus_markup/);
    assert.equal(tidy({ text: 'a  b ?', spans: [] }).text, 'a b?');
  });

  test('a typo moves the spans after it and stretches the span it falls in', () => {
    const g = new Gen(3);
    const base = parseMarkup('please benchmark [http://localhost:8080/](url) with [64 connections](connections) for [20 seconds](duration)');
    for (let i = 0; i < 200; i++) {
      const out = injectTypo(g, base);
      assert.ok(out);
      assert.notEqual(out.text, base.text);
      assert.equal(out.text.slice(out.spans[0]!.start, out.spans[0]!.end), 'http://localhost:8080/');
      const words = out.spans.map((s) => out.text.slice(s.start, s.end));
      assert.match(words[1]!, /^64 \w+$/);
      assert.match(words[2]!, /^20 \w+$/);
    }
  });
});

describe('nlu corpus: held-out evaluation set', () => {
  test('no example text equals a message of the evaluation set', (t) => {
    const path = new URL('../../fixtures/nlu-eval.jsonl', import.meta.url);
    if (!existsSync(path)) return t.skip('test/fixtures/nlu-eval.jsonl is not there yet');
    const messages = new Set<string>();
    const collect = (value: unknown, key: string) => {
      if (typeof value === 'string') {
        if (/text|message|turn|utterance|input|prompt/i.test(key)) messages.add(normalize(value));
      } else if (Array.isArray(value)) for (const v of value) collect(v, key);
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collect(v, k);
    };
    for (const line of readFileSync(path, 'utf8').split('\n')) if (line.trim()) collect(JSON.parse(line), '');
    const overlap = corpus.examples.filter((e) => messages.has(normalize(e.text))).map((e) => e.text);
    assert.deepEqual(overlap, [], `${overlap.length} corpus texts are also evaluation messages`);
  });
});

function normalize(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}
