import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileSpace } from '../../../tools/optimizer/search-space.ts';
import { findTemplate, SPACE_TEMPLATES } from '../../../tools/targets/templates/index.ts';

describe('search-space templates', () => {
  for (const template of Object.values(SPACE_TEMPLATES)) {
    test(`${template.name} compiles in the optimizer and documents every parameter`, () => {
      const definitions = compileSpace(template.space);
      assert.deepEqual(definitions.map((d) => d.name).sort(), Object.keys(template.space).sort());
      for (const name of Object.keys(template.space)) assert.ok(template.notes[name], `note for ${name}`);
      for (const d of definitions) {
        if (d.distribution.type === 'float' || d.distribution.type === 'int') assert.ok(d.distribution.low < d.distribution.high, d.name);
      }
    });
  }

  test('families resolve by name and alias', () => {
    assert.equal(findTemplate('XGBoost')?.name, 'xgboost');
    assert.equal(findTemplate('pytorch-mlp')?.name, 'mlp');
    assert.equal(findTemplate('rf')?.name, 'random-forest');
    assert.equal(findTemplate('vllm')?.name, 'llm-server');
    assert.equal(findTemplate('catboost'), null);
  });
});
