import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadBowClassifier } from '../../../server/agent/nlu/bow.ts';
import { TRAINING_TARGETS } from '../../../server/agent/nlu/corpus/index.ts';
import { buildGraph } from '../../../server/agent/nlu/semantic-graph.ts';
import { loadTf } from '../../../tools/common/tf.ts';
import { INTENTS } from '../../../server/agent/nlu/types.ts';

test('the bag-of-words baseline loads its committed weights and classifies without leaking tensors', async () => {
  const { tf } = await loadTf({ logger: () => {} });
  const bow = await loadBowClassifier();
  const graphOf = (text: string) => buildGraph(text, { targets: TRAINING_TARGETS, prior: {} });
  const texts = ['tune my xgboost model for accuracy', 'thanks a lot!', 'which rules are active?'];
  const first = texts.map((t) => bow.classify(graphOf(t)));
  const before = tf.memory().numTensors;
  for (const [i, text] of texts.entries()) {
    const out = bow.classify(graphOf(text));
    assert.deepEqual(out, first[i]);
    assert.ok(INTENTS.includes(out.intent));
    assert.ok(out.confidence > 1 / INTENTS.length && out.confidence <= 1, `${out.confidence}`);
  }
  assert.equal(tf.memory().numTensors, before);
  // A baseline: it need not get every request (that is what the evaluation measures), but these two it must.
  assert.equal(first[1]!.intent, 'thanks');
  assert.equal(first[2]!.intent, 'list_rules');
  bow.dispose();
});
