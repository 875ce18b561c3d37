import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { systemClock } from '../../tools/common/clock.ts';
import { loadTf } from '../../tools/common/tf.ts';
import { InMemoryStorage } from '../../tools/optimizer/in-memory-storage.ts';
import { MedianPruner } from '../../tools/optimizer/pruners/index.ts';
import { createSampler } from '../../tools/optimizer/samplers/index.ts';
import { Study } from '../../tools/optimizer/study.ts';
import { runStudy } from '../../tools/optimizer/study-runner.ts';
import { createCommandTarget } from '../../tools/optimizer/targets/command.ts';
import type { Target } from '../../tools/optimizer/types.ts';
import { loadTargetFiles } from '../../tools/targets/config-file.ts';
import { findTemplate } from '../../tools/targets/templates/index.ts';
import { TrialFailure } from '../../tools/training/trial-io.ts';
import { loadSplits, normalizeText, pretrainingTexts, splitOf, SPLIT_SEED, stripMarkup } from '../../examples/text-finetune/corpus.ts';
import { buildClassifier, fineTune, FINETUNE_DEFAULTS, trainSubset } from '../../examples/text-finetune/fine-tune.ts';
import { pretrain } from '../../examples/text-finetune/pretrain.ts';
import { loadEncoderFile } from '../../examples/text-finetune/weights-file.ts';

const EXAMPLE_DIR = fileURLToPath(new URL('../../examples/text-finetune/', import.meta.url));

describe('text-finetune data', () => {
  test('markup marks are stripped, their words kept', () => {
    assert.equal(stripMarkup('load test [http://x:8080/](url) for [a minute](duration)'), 'load test http://x:8080/ for a minute');
  });

  test('the split is deterministic, disjoint, and test texts never appear in the pretraining text', () => {
    const a = loadSplits();
    const b = loadSplits();
    assert.deepEqual(a, b);
    const counts = [a.pretrain, a.train, a.validation, a.test].map((s) => s.length);
    assert.ok(counts.every((n) => n > 100), `every split has data: ${counts}`);
    const pretraining = new Set(pretrainingTexts(a).map(normalizeText));
    for (const held of [...a.test, ...a.validation]) assert.ok(!pretraining.has(normalizeText(held.text)), `held-out text in pretraining: ${held.text}`);
    // A text's split depends only on (seed, text): the same text always lands in the same split.
    for (const e of a.test.slice(0, 50)) assert.equal(splitOf(SPLIT_SEED, e.text.toUpperCase()), 'test');
    assert.equal(a.intents.length, new Set([...a.pretrain, ...a.train, ...a.validation, ...a.test].map((e) => e.intent)).size);
  });

  test('the checked-in encoder was pretrained with the split seed and is small', () => {
    const file = loadEncoderFile();
    assert.equal(file.meta.split_seed, SPLIT_SEED);
    assert.match(String(file.meta.objective), /^masked-token prediction/);
    const bytes = [...file.values.values()].reduce((n, v) => n + v.values.byteLength, 0);
    assert.ok(bytes < 2 * 1024 * 1024, `weights ${bytes} bytes`);
  });
});

test('pretraining is reproducible: the same seed gives the same weights', async () => {
  const run = () => pretrain({ seed: 5, epochs: 1, limitTexts: 80, out: null, log: () => {} });
  const [a, b] = [await run(), await run()];
  assert.deepEqual(a.losses, b.losses);
  assert.ok(Number.isFinite(a.losses[0]));
  const [wa, wb] = [a.encoder.snapshot(), b.encoder.snapshot()];
  for (const [name, { values }] of wa) assert.deepEqual(values, wb.get(name)!.values, name);
  a.encoder.dispose();
  b.encoder.dispose();
});

describe('text-finetune model', () => {
  const tiny = { ...FINETUNE_DEFAULTS, epochs: 1, batch_size: 16 };

  test('frozen_layers keeps the embeddings and the frozen layers unchanged; the rest trains; no tensor leaks', async () => {
    const { tf } = await loadTf();
    const pretrained = loadEncoderFile();
    const splits = loadSplits();
    const before = tf.memory().numTensors;
    const classifier = buildClassifier({ tf, pretrained, intents: splits.intents, init: 'pretrained', frozenLayers: 1, seed: 3 });
    const start = classifier.encoder.snapshot();
    const epochs: number[] = [];
    await fineTune({ tf, classifier, train: splits.train.slice(0, 48), validation: splits.validation.slice(0, 32), params: tiny, onEpoch: (e) => epochs.push(e) });
    assert.deepEqual(epochs, [1]);
    const end = classifier.encoder.snapshot();
    for (const [name, { values }] of start) {
      const changed = values.some((v, i) => v !== end.get(name)!.values[i]);
      const frozen = name.startsWith('embedding/') || name.startsWith('layer_0/');
      assert.equal(changed, !frozen, `${name} ${frozen ? 'is frozen but changed' : 'is trainable but did not change'}`);
      assert.equal(classifier.encoder.variables.get(name)!.trainable, !frozen, `${name}.trainable`);
    }
    classifier.dispose();
    assert.equal(tf.memory().numTensors, before, 'every tensor disposed');
  });

  test('frozen_layers = layers trains only the head; out of range is rejected', async () => {
    const { tf } = await loadTf();
    const pretrained = loadEncoderFile();
    const intents = loadSplits().intents;
    const layers = pretrained.config.layers;
    const classifier = buildClassifier({ tf, pretrained, intents, init: 'pretrained', frozenLayers: layers, seed: 1 });
    assert.equal(classifier.trainableParamCount(), pretrained.config.dModel * intents.length + intents.length);
    classifier.dispose();
    assert.throws(() => buildClassifier({ tf, pretrained, intents, init: 'pretrained', frozenLayers: layers + 1, seed: 1 }), /frozen_layers must be an integer in 0\.\./);
  });

  test('a NaN loss fails with nan_loss at the step it happens', async () => {
    const { tf } = await loadTf();
    const splits = loadSplits();
    const classifier = buildClassifier({ tf, pretrained: loadEncoderFile(), intents: splits.intents, init: 'random', frozenLayers: 0, seed: 1 });
    classifier.kernel.assign(tf.fill(classifier.kernel.shape, Number.NaN));
    await assert.rejects(
      fineTune({ tf, classifier, train: splits.train.slice(0, 16), validation: [], params: tiny }),
      (error: unknown) => error instanceof TrialFailure && error.code === 'nan_loss',
    );
    classifier.dispose();
  });
});

function runTrialProcess(params: Record<string, unknown>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'trial.ts'], {
    cwd: EXAMPLE_DIR,
    input: JSON.stringify(params),
    env: { ...process.env, TUNECHAT_PARAMS: '' },
    encoding: 'utf8',
  });
}

describe('text-finetune trial program', () => {
  test('bad params fail with invalid_params, naming the param', () => {
    const unknown = runTrialProcess({ learning_rat: 0.1 });
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /"trial_failure":"invalid_params".*learning_rat/);
    const frozen = runTrialProcess({ frozen_layers: 9 });
    assert.equal(frozen.status, 1);
    assert.match(frozen.stderr, /"trial_failure":"invalid_params".*frozen_layers/);
  });

  test('a trial past its time limit fails with time_limit', () => {
    const run = runTrialProcess({ epochs: 50, time_limit_s: 1 });
    assert.equal(run.status, 5, run.stderr);
    assert.match(run.stderr, /"trial_failure":"time_limit"/);
  });
});

test('a tiny fine-tuning study through the registered command target and the optimizer', { timeout: 120_000 }, async () => {
  const loaded = loadTargetFiles([EXAMPLE_DIR]);
  const definition = loaded.targets.find((t) => t.definition.name === 'text-finetune')?.definition;
  assert.ok(definition, `text-finetune is registered (${loaded.errors.join('; ')})`);
  const template = findTemplate(definition.family);
  assert.ok(template);
  const command = createCommandTarget(definition.spec);
  // The study tunes the template's space; every trial runs 2 epochs on 10% of the fine-tune split (test budget).
  const target: Target = { kind: 'command', evaluate: (params, context) => command.evaluate({ ...params, epochs: 2, train_fraction: 0.1 }, context) };
  const { epochs: _epochs, ...space } = template.space;
  const storage = new InMemoryStorage();
  storage.createStudy({
    id: 's', name: 'text-finetune', sessionId: null, status: 'running', createdAt: 0, updatedAt: 0,
    spec: { space, objectives: [{ metric: 'accuracy', direction: 'maximize' }], target: definition.spec, budget: { trials: 3 } },
  });
  const study = new Study({ storage, record: storage.getStudy('s')!, sampler: createSampler('random', { seed: 11 }), pruner: new MedianPruner({ nStartupTrials: 2 }), clock: systemClock });
  const outcome = await runStudy({ study, target, trials: 3, parallel: 1, timeLimitMs: null, retries: { max: 0, backoffMs: 0 }, clock: systemClock });
  assert.equal(outcome, 'complete');
  const trials = study.trials();
  assert.equal(trials.length, 3);
  for (const trial of trials) {
    assert.ok(trial.state === 'complete' || trial.state === 'pruned', `trial ${trial.number}: ${trial.state} ${trial.error ?? ''}`);
    const steps = Object.keys(trial.intermediate).map(Number);
    assert.ok(steps.length >= 1 && steps[0] === 1, `per-epoch validation accuracy reported: ${JSON.stringify(trial.intermediate)}`);
    for (const value of Object.values(trial.intermediate)) assert.ok(value >= 0 && value <= 1);
  }
  const complete = trials.filter((t) => t.state === 'complete');
  assert.ok(complete.length >= 2);
  const best = Math.max(...complete.map((t) => t.metrics.accuracy!));
  assert.ok(best > 0.2, `the best trial learned something: ${JSON.stringify(complete.map((t) => [t.params, t.metrics.accuracy]))}`);
  for (const { metrics } of complete) {
    for (const name of ['accuracy', 'macro_f1', 'params', 'trainable_params', 'size_kb', 'latency_p50_ms', 'latency_p99_ms', 'epochs_run']) {
      assert.ok(Number.isFinite(metrics[name]), `${name} = ${metrics[name]}`);
    }
    assert.ok(metrics.accuracy! >= 0 && metrics.accuracy! <= 1 && metrics.macro_f1! >= 0 && metrics.macro_f1! <= 1, `accuracy ${metrics.accuracy}`);
    assert.equal(metrics.epochs_run, 2);
    assert.ok(metrics.trainable_params! <= metrics.params!);
    assert.ok(metrics.size_kb! > 100 && metrics.size_kb! < 2048);
    assert.ok(metrics.latency_p50_ms! > 0 && metrics.latency_p50_ms! <= metrics.latency_p99_ms!);
  }
});
