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
import { loadTargetFiles } from '../../tools/targets/config-file.ts';
import { findTemplate } from '../../tools/targets/templates/index.ts';
import { countParams } from '../../tools/training/measure.ts';
import { parseTrialFailure } from '../../tools/training/trial-io.ts';
import { generateSplit, seededRandom } from '../../examples/distill/data.ts';
import { kdLoss, smoothedCrossEntropy, softTargetKl } from '../../examples/distill/kd-loss.ts';
import { studentLayers, studentParamCount } from '../../examples/distill/models.ts';
import { forward, initialWeights, toLayersModel } from '../../examples/distill/network.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE_DIR = fileURLToPath(new URL('../../examples/distill/', import.meta.url));

describe('distill: loss, model, params', () => {
  test('KD loss: alpha 0 is the smoothed cross-entropy, equal logits have KL 0, the soft term is scaled by T²', async () => {
    const { tf } = await loadTf();
    const student = tf.tensor2d([[0, 0, 0], [1, 2, 3]]);
    const teacher = tf.tensor2d([[2, 0, 0], [3, 2, 1]]);
    const labels = tf.tensor2d([[1, 0, 0], [0, 0, 1]]);
    const value = (t: ReturnType<typeof tf.scalar>) => t.dataSync()[0]!;
    const base = { studentLogits: student, teacherLogits: teacher, labels, labelSmoothing: 0.1 };
    const hard = value(tf.losses.softmaxCrossEntropy(labels, student, undefined, 0.1) as never);
    assert.ok(Math.abs(value(kdLoss(tf, { ...base, alpha: 0, temperature: 4 })) - hard) < 1e-6);
    assert.ok(Math.abs(value(smoothedCrossEntropy(tf, student, labels, 0.1)) - hard) < 1e-6);
    assert.ok(Math.abs(value(softTargetKl(tf, teacher, teacher, 3))) < 1e-7);
    // By hand: KL(softmax(t/T) ‖ softmax(s/T)) averaged over the two rows.
    const softmax = (row: number[]) => row.map((v) => Math.exp(v) / row.reduce((s, u) => s + Math.exp(u), 0));
    const kl = (t: number[], s: number[], T: number) => {
      const p = softmax(t.map((v) => v / T));
      const q = softmax(s.map((v) => v / T));
      return p.reduce((sum, pi, i) => sum + pi * Math.log(pi / q[i]!), 0);
    };
    for (const T of [1, 2, 5]) {
      const expected = T ** 2 * (kl([2, 0, 0], [0, 0, 0], T) + kl([3, 2, 1], [1, 2, 3], T)) / 2;
      assert.ok(Math.abs(value(kdLoss(tf, { ...base, alpha: 1, temperature: T })) - expected) < 1e-5, `T=${T}`);
    }
    const mixed = value(kdLoss(tf, { ...base, alpha: 0.3, temperature: 2 }));
    assert.ok(Math.abs(mixed - (0.3 * 4 * value(softTargetKl(tf, student, teacher, 2)) + 0.7 * hard)) < 1e-5);
    tf.dispose([student, teacher, labels]);
  });

  test('student params match a hand count, and the LayersModel computes the trained function', async () => {
    // width 0.5, depth 2: stem 4 ch (9·4+4) · block 1: dw 9·4+4, pw 4·8+8 · block 2: dw 9·8+8, pw 8·16+16
    // · flatten 4·4·16 = 256 · dense 256·10+10
    const hand = 40 + (40 + 40) + (80 + 144) + 2570;
    assert.equal(studentParamCount({ width: 0.5, depth: 2 }), hand);
    const { tf } = await loadTf();
    const layers = studentLayers({ width: 0.5, depth: 2 });
    const weights = initialWeights(tf, layers, seededRandom(3));
    const model = toLayersModel(tf, layers, weights);
    assert.equal(countParams(model), hand);
    const images = generateSplit(4, 99);
    const x = tf.tensor4d(images.x, [4, 16, 16, 1]);
    const a = tf.tidy(() => forward(tf, layers, weights, x).dataSync());
    const b = tf.tidy(() => (model.predict(x) as ReturnType<typeof tf.tensor>).dataSync());
    for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-5, `logit ${i}: ${a[i]} vs ${b[i]}`);
    tf.dispose([x, ...weights.values()]);
    model.dispose();
  });

  test('bad params fail with invalid_params naming the key and the value', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'trial.ts'], { cwd: EXAMPLE_DIR, input: JSON.stringify({ depth: 9 }), encoding: 'utf8', env: { ...process.env, TUNECHAT_PARAMS: '' } });
    assert.equal(result.status, 1);
    assert.match(parseTrialFailure(result.stderr)!.message, /param "depth" must be <= 4, got 9/);
  });

  test('the template covers the trial params', () => {
    const template = findTemplate('distill')!;
    assert.deepEqual(Object.keys(template.space).sort(), ['alpha', 'batch_size', 'depth', 'epochs', 'label_smoothing', 'learning_rate', 'temperature', 'width']);
  });
});

test('a tiny distillation study through the registered command target: metrics, per-epoch values, pruning, failure reasons', async () => {
  const loaded = loadTargetFiles([`${ROOT}tunechat.json`]);
  const definition = loaded.targets.find((t) => t.definition.name === 'distill')?.definition;
  assert.ok(definition, `distill is registered: ${loaded.errors.join('; ')}`);
  assert.equal(definition.family, 'distill');
  const spec = definition.spec as { kind: 'command'; command: string[]; cwd: string; timeout_s?: number };
  const target = createCommandTarget({ ...spec, env: { DISTILL_TINY: '1' } }, {});

  const storage = new InMemoryStorage();
  const space = {
    width: { type: 'float', low: 0.25, high: 1 },
    depth: { type: 'int', low: 1, high: 4 },
    learning_rate: { type: 'float', low: 1e-7, high: 1e10, log: true },
    epochs: { type: 'int', low: 1, high: 3 },
    batch_size: { type: 'categorical', choices: [16, 32] },
    latency_runs: { type: 'categorical', choices: [30] },
    time_limit_s: { type: 'categorical', choices: [0, 0.001] },
    memory_limit_mb: { type: 'categorical', choices: [0, 1] },
  };
  storage.createStudy({
    id: 'd', name: 'd', sessionId: null, status: 'running', createdAt: 0, updatedAt: 0,
    spec: { space, objectives: [{ metric: 'accuracy', direction: 'maximize' }, { metric: 'latency_p99_ms', direction: 'minimize' }], target: spec, budget: { trials: 6 } },
  });
  const study = new Study({ storage, record: storage.getStudy('d')!, sampler: createSampler('random', { seed: 1 }), pruner: new MedianPruner({ nStartupTrials: 2 }), clock: systemClock });
  const good = { depth: 2, learning_rate: 1e-2, epochs: 3, batch_size: 16, latency_runs: 30, time_limit_s: 0, memory_limit_mb: 0 };
  study.enqueue({ ...good, width: 0.75 });
  study.enqueue({ ...good, width: 0.5, depth: 1 });
  study.enqueue({ ...good, width: 0.5, learning_rate: 1e10 }); // NaN loss
  study.enqueue({ ...good, width: 0.5, time_limit_s: 0.001 });
  study.enqueue({ ...good, width: 0.5, memory_limit_mb: 1 });
  study.enqueue({ ...good, width: 0.25, learning_rate: 1e-7 }); // learns nothing: pruned after epoch 1
  const outcome = await runStudy({ study, target, trials: 6, parallel: 1, clock: systemClock, timeLimitMs: null, retries: { max: 0, backoffMs: 0 } });
  assert.equal(outcome, 'complete');
  const trials = study.trials();
  assert.deepEqual(trials.map((t) => t.state), ['complete', 'complete', 'failed', 'failed', 'failed', 'pruned'], JSON.stringify(trials.map((t) => [t.state, t.error])));

  for (const trial of trials.slice(0, 2)) {
    const m = trial.metrics;
    for (const key of ['accuracy', 'params', 'size_kb', 'latency_p50_ms', 'latency_p99_ms', 'epochs_run', 'teacher_accuracy', 'teacher_size_kb', 'teacher_latency_p99_ms']) {
      assert.ok(Number.isFinite(m[key]), `${key} = ${m[key]}`);
    }
    // 3 epochs on 300 images: well above chance (0.1), well below the teacher.
    assert.ok(m.accuracy! > 0.25 && m.accuracy! <= 1 && m.teacher_accuracy! > 0.9 && m.teacher_accuracy! > m.accuracy!, JSON.stringify(m));
    assert.ok(m.size_kb! > 0 && m.latency_p99_ms! >= m.latency_p50_ms! && m.epochs_run === 3);
    assert.ok(m.teacher_size_kb! > m.size_kb!);
    assert.deepEqual(Object.keys(trial.intermediate).map(Number), [1, 2, 3]);
  }
  assert.equal(trials[0]!.metrics.params, studentParamCount({ width: 0.75, depth: 2 }));
  assert.equal(trials[1]!.metrics.params, studentParamCount({ width: 0.5, depth: 1 }));
  assert.deepEqual(trials.slice(2, 5).map((t) => parseTrialFailure(t.error ?? '')?.code), ['nan_loss', 'time_limit', 'out_of_memory']);
  assert.equal(parseTrialFailure(trials[2]!.error!)!.details.epoch, 1);
  assert.deepEqual(Object.keys(trials[5]!.intermediate).map(Number), [1], 'the pruned trial stopped after its first epoch');
});
