import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainVocabulary, editDistance, maxEdits } from '../../../server/agent/nlu/fuzzy.ts';
import { buildGraph } from '../../../server/agent/nlu/semantic-graph.ts';
import { conceptOf, hasVectors, isKnownWord, vectorOf, VECTOR_DIM } from '../../../server/agent/nlu/word-vectors.ts';
import type { KnownTarget } from '../../../server/agent/offline-model/catalog.ts';

const TARGETS: KnownTarget[] = [{ name: 'xgboost', kind: 'builtin-model', metrics: [{ name: 'accuracy' }] }];
const tokensOf = (text: string) => buildGraph(text, { targets: TARGETS, prior: {} }).tokens;

test('edit budgets grow with word length; an adjacent swap costs one edit', () => {
  assert.deepEqual([3, 4, 5, 6, 9, 10, 14].map(maxEdits), [0, 1, 1, 2, 2, 3, 3]);
  assert.equal(editDistance('lantecy', 'latency'), 2);
  assert.equal(editDistance('latnecy', 'latency'), 1);
  assert.equal(editDistance('latncy', 'latency'), 1);
  const vocabulary = new DomainVocabulary(['latency', 'accuracy', 'rule', 'tune', 'trials']);
  assert.deepEqual(vocabulary.correct('latncy'), { word: 'latency', edits: 1 });
  assert.deepEqual(vocabulary.correct('acuracy'), { word: 'accuracy', edits: 1 });
  assert.equal(vocabulary.correct('lat'), null, 'three letters: no correction');
  assert.deepEqual(vocabulary.correct('rulz'), { word: 'rule', edits: 1 });
  assert.equal(vocabulary.correct('ruxx'), null, 'four letters, two edits away: none');
  assert.deepEqual(vocabulary.correct('rule'), null, 'a domain word itself is not corrected');
});

test('typos in messages are fixed towards domain words and target names, English words are left alone', () => {
  assert.ok(hasVectors(), 'the word-vector table ships with the repository');
  const tokens = tokensOf('tune xgbost for latncy and acuracy');
  assert.deepEqual(
    tokens.filter((t) => t.fix).map((t) => [t.text, t.norm, t.fix]),
    [
      ['xgbost', 'xgboost', 'typo'],
      ['latncy', 'latency', 'typo'],
      ['acuracy', 'accuracy', 'typo'],
    ],
  );
  // "rate" and "data" are English words (4 letters, 1 edit from "date"/"rate"): never bent into another word.
  assert.deepEqual(tokensOf('the data rate').filter((t) => t.fix), []);
  assert.ok(isKnownWord('data') && isKnownWord('rate'));
  // A 4-letter non-word one edit from a domain word is fixed ("stpo" → stop), a 3-letter one is not ("sto", "stq"):
  // "stp" is expanded only because it is in the table of chat abbreviations.
  assert.deepEqual(tokensOf('stpo it').map((t) => t.norm), ['stop', 'it']);
  assert.deepEqual(tokensOf('stq it').map((t) => t.norm), ['stq', 'it']);
  assert.deepEqual(tokensOf('sto it').map((t) => t.norm), ['sto', 'it']);
  // A rarer English word is bent only towards a whole target name, never towards a common domain word.
  assert.deepEqual(tokensOf('tuen it').map((t) => t.norm), ['tuen', 'it']);
  assert.deepEqual(tokensOf('and trails').map((t) => t.norm), ['and', 'trails']);
  // An unknown word one edit from a very common word is that word; a word with an ending added is left alone.
  assert.deepEqual(tokensOf('whih one').map((t) => t.norm), ['which', 'one']);
  assert.deepEqual(tokensOf('my summarizer').map((t) => t.norm), ['my', 'summarizer']);
  // A parameter's value is an identifier, not a typo.
  assert.deepEqual(tokensOf('fix tree_method at hist, booster=gbtre').filter((t) => t.fix), []);
});

test('synonyms learned from the word vectors replace a word by its concept\'s canonical word', () => {
  // Neither "knobs" nor "halted" is typed in the lexicon: the builder found them next to the seeds "knob" and "halt".
  assert.deepEqual(conceptOf('knobs')?.concept, 'param');
  assert.deepEqual(conceptOf('halted')?.concept, 'stop');
  const tokens = tokensOf('which knobs matter?');
  assert.deepEqual(tokens[1], { text: 'knobs', norm: 'parameters', pos: 'NOUN', start: 6, end: 11, fix: 'synonym' });
  // Seeds and function words are never replaced; unrelated words have no concept.
  assert.equal(conceptOf('remove'), null);
  assert.equal(conceptOf('banana'), null);
  const vector = vectorOf('latency');
  assert.equal(vector?.length, VECTOR_DIM);
  assert.ok(vector!.some((x) => x !== 0));
  assert.equal(vectorOf('xgbost'), null);
});
