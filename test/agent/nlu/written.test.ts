import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildCorpusReport } from '../../../server/agent/nlu/corpus/index.ts';
import { loadWrittenExamples, parseWritten } from '../../../server/agent/nlu/corpus/written.ts';
import { checkWrittenExamples } from '../../../server/agent/nlu/corpus/written-check.ts';
import { INTENTS } from '../../../server/agent/nlu/types.ts';

const written = loadWrittenExamples();

describe('nlu corpus: hand-written examples (corpus/written/*.jsonl)', () => {
  test('a line becomes text, spans, intent and prior', () => {
    const example = parseWritten('{"intent":"remove_rule","prior":{"rule":"r-3"},"markup":"get rid of [the alert I just made](reference)"}', 'x.jsonl:1');
    assert.deepEqual(example, { source: 'x.jsonl:1', prior: { rule: 'r-3' }, text: 'get rid of the alert I just made', intent: 'remove_rule', spans: [{ start: 11, end: 32, role: 'reference' }] });
  });

  test('a malformed line is rejected with its file:line and the rule it breaks', () => {
    const bad: Array<[string, RegExp]> = [
      ['{"intent":"tune"', /x\.jsonl:7: not JSON/],
      ['{"intent":"tunes","markup":"a"}', /x\.jsonl:7: intent must be one of tune, .*got "tunes"/],
      ['{"intent":"tune","markup":"[fast](speed)"}', /x\.jsonl:7: corpus_markup: unknown role "speed"/],
      ['{"intent":"tune","markup":"go","prior":{"studies":{}}}', /x\.jsonl:7: prior has unknown keys studies/],
      [`{"intent":"tune","markup":"${'a'.repeat(501)}"}`, /x\.jsonl:7: markup must be a non-empty string of at most 500/],
      ['[1]', /x\.jsonl:7: a line must be a JSON object/],
    ];
    for (const [line, error] of bad) assert.throws(() => parseWritten(line, 'x.jsonl:7'), error, line);
  });

  test('a directory of files is read in name order, blank lines skipped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlu-written-'));
    writeFileSync(join(dir, 'b.jsonl'), '{"intent":"thanks","markup":"cheers"}\n\n');
    writeFileSync(join(dir, 'a.jsonl'), '{"intent":"help","markup":"what can you do"}\n');
    writeFileSync(join(dir, 'notes.txt'), 'not read');
    assert.deepEqual(loadWrittenExamples(dir).map((e) => [e.source, e.intent]), [['a.jsonl:1', 'help'], ['b.jsonl:1', 'thanks']]);
  });

  test('the check finds a span on no node, a span that loses its nodes, and a repeated example', () => {
    const lines = [
      '{"intent":"tune","markup":"tune [xgboost](target) for [latency](objective)"}',
      '{"intent":"tune","markup":"tune [xgboost](target) for [latency](objective)"}',
      '{"intent":"tune","markup":"tune [xgboost](target)[,](objective) now"}',
      '{"intent":"tune","markup":"keep accuracy above [93](constraint_value) [percent](tolerance)"}',
    ].map((line, i) => parseWritten(line, `t.jsonl:${i + 1}`));
    const { problems } = checkWrittenExamples(lines);
    assert.ok(problems.some((p) => p.startsWith('t.jsonl:2: same text and prior as t.jsonl:1')), problems.join('\n'));
    assert.ok(problems.includes('t.jsonl:3: span "," (objective) covers no graph node'), problems.join('\n'));
    assert.ok(problems.includes('t.jsonl:4: span "93" (constraint_value) loses every node to another span'), problems.join('\n'));
    assert.equal(problems.length, 3, problems.join('\n'));
  });

  test('every written example is well formed and labels nodes of its graph', () => {
    assert.ok(written.length >= 1000, `${written.length} written examples`);
    assert.deepEqual(checkWrittenExamples(written).problems, []);
  });

  test('they cover every intent and are all in the training corpus', () => {
    const intents = new Set(written.map((e) => e.intent));
    assert.deepEqual(INTENTS.filter((i) => !intents.has(i)), []);
    const corpus = buildCorpusReport({ seed: 13 });
    const texts = new Set(corpus.examples.map((e) => `${e.text}\u0000${JSON.stringify(e.prior)}`));
    const missing = written.filter((e) => !texts.has(`${e.text}\u0000${JSON.stringify(e.prior)}`));
    // Only a text that equals a held-out message is left out.
    assert.ok(missing.length <= corpus.excluded, `${missing.length} written examples are not in the corpus: ${missing.slice(0, 3).map((e) => e.source)}`);
  });
});
