import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCase, type DevCase } from './support/dev-set.ts';
import { runDryTurns, toolCalls } from './support/turns.ts';

/**
 * Issue 17's requests about training targets (examples/distill, examples/text-finetune) through the real turn loop
 * (dry run, graph understanding): targets named by their aliases, a size ceiling said only with its unit, an accuracy
 * floor, "stop bad runs early", importance for the size.
 */
const CASES: Array<[string, string[], DevCase['expect']]> = [
  ['the issue\'s distillation request', ['distill the digits model into something under 50 KB that keeps 97% accuracy'],
    { calls: [{ tool: 'start_study', args: { target: 'distill', constraints: { contains: [{ metric: 'size_kb', op: 're:^<=?$', value: 50 }, { metric: 'accuracy', op: '>=', value: { approx: 0.97, tol: 1e-9 } }] } } }] }],
  ['a size ceiling in MB is converted to the metric\'s KB', ['tune the student model, size at most 1.5 MB, accuracy above 95%'],
    { calls: [{ tool: 'start_study', args: { target: 'distill', constraints: { contains: [{ metric: 'size_kb', op: 're:^<=?$', value: 1536 }] } } }] }],
  ['"shrink it under 2 MB" never minimizes the accuracy', ['shrink the student model under 2 MB'],
    { calls: [{ tool: 'start_study', args: { target: 'distill', objectives: [{ metric: 'accuracy', direction: 'maximize' }], constraints: [{ metric: 'size_kb', op: 're:^<=?$', value: 2048 }] } }] }],
  ['"smaller" with an accuracy floor makes the size the objective', ['make the distilled model smaller but keep accuracy above 95%'],
    { calls: [{ tool: 'start_study', args: { target: 'distill', objectives: [{ metric: 'size_kb', direction: 'minimize' }], constraints: [{ metric: 'accuracy', op: 're:^>=?$', value: { approx: 0.95, tol: 1e-9 } }] } }] }],
  ['fine-tuning named by an alias, with pruning', ['tune the fine-tuning of the text classifier, stop bad runs early'],
    { calls: [{ tool: 'start_study', args: { target: 'text-finetune', pruner: 're:.' } }] }],
  ['which parameters matter for the size', ['tune distill for accuracy and size', 'which knobs matter most for the model size?'],
    { calls: [{ tool: 'param_importance', args: { metric: 'size_kb' } }] }],
];

describe('offline model: training-target requests', () => {
  for (const [name, messages, expect] of CASES) {
    test(name, async () => {
      const last = await runDryTurns(messages);
      assert.equal(checkCase({ id: name, messages, expect }, toolCalls(last)), '', `${messages.join(' → ')}: ${JSON.stringify(toolCalls(last))}`);
    });
  }
});
