/**
 * One distillation trial (a tunechat command target): trains a depthwise-separable student from the cached teacher
 * by knowledge distillation and prints per-epoch validation accuracy, then the final metrics.
 *
 * Run from this directory: `node --import tsx trial.ts` with the params as JSON on stdin or in TUNECHAT_PARAMS.
 * `DISTILL_TINY=1` trains on small prefixes of the splits (tests). Backends: training runs on the wasm backend
 * (or tfjs-node when installed) through network.ts; latency is measured on a tfjs LayersModel with the same weights.
 */
import { loadTf } from '../../tools/common/tf.ts';
import { memoryLimit, runTrial, startTimeLimit } from '../../tools/training/guards.ts';
import { countParams, measureLatency, serializedSizeKb } from '../../tools/training/measure.ts';
import { readTrialParams, reportFinal, reportStep, type ParamSchema } from '../../tools/training/trial-io.ts';
import { datasetSizes, generateDataset, IMAGE_SIZE, seededRandom, type Split } from './data.ts';
import { kdLoss } from './kd-loss.ts';
import { MAX_DEPTH, studentLayers, TEACHER_LAYERS } from './models.ts';
import { initialWeights, toLayersModel, type LayerSpec, type Weights } from './network.ts';
import { loadOrTrainTeacher, teacherLogits } from './teacher.ts';
import { accuracyOn, trainEpoch } from './train.ts';
import type { Tf } from '../../tools/common/tf.ts';

export const DEFAULTS = {
  width: 1.5,
  depth: 2,
  temperature: 4,
  alpha: 0.7,
  learning_rate: 2e-2,
  epochs: 3,
  batch_size: 16,
  label_smoothing: 0.1,
  warmup_epochs: 0,
  seed: 0,
  /** Single-input predictions timed per round for the latency percentiles (after 20 warm-up calls). */
  latency_runs: 200,
  /** 0 = no limit beyond TUNECHAT_TRIAL_TIME_LIMIT_S / TUNECHAT_TRIAL_MEMORY_LIMIT_MB. */
  time_limit_s: 0,
  memory_limit_mb: 0,
};

export const SCHEMA: ParamSchema<typeof DEFAULTS> = {
  width: { min: 0.05, max: 2 },
  depth: { min: 1, max: MAX_DEPTH, integer: true },
  temperature: { min: 0.1, max: 50 },
  alpha: { min: 0, max: 1 },
  learning_rate: { min: 0, exclusiveMin: true },
  epochs: { min: 1, max: 200, integer: true },
  batch_size: { min: 1, max: 4096, integer: true },
  label_smoothing: { min: 0, max: 0.99 },
  warmup_epochs: { min: 0 },
  seed: { integer: true },
  latency_runs: { min: 1, integer: true },
  time_limit_s: { min: 0 },
  memory_limit_mb: { min: 0 },
};

/** Latency rounds (the median round's percentiles: tools/training/measure.ts): one burst of load on a shared machine moves one round, not the p99. */
const LATENCY_ROUNDS = 5;
/**
 * Calls before timing: 300 (about 30 ms), so V8 has optimized tfjs's predict path before the first timed call. With 20,
 * one student's p99 over 8 measurements ranged 0.29-1.19 ms; with 300, 0.29-0.51 ms (examples/distill: p99 spread 4.2x → 1.8x).
 */
const LATENCY_WARMUP = 300;
const params = readTrialParams(DEFAULTS, SCHEMA);
const log = (line: string) => process.stderr.write(`${line}\n`);

await runTrial(async () => {
  const limit = startTimeLimit({ seconds: params.time_limit_s });
  const memory = memoryLimit(params.memory_limit_mb);
  const { tf } = await loadTf();
  const data = generateDataset(datasetSizes());
  const teacher = await loadOrTrainTeacher(tf, log);
  const soft = teacherLogits(tf, teacher.weights, data.train);
  const layers = studentLayers({ width: params.width, depth: params.depth });
  const weights = initialWeights(tf, layers, seededRandom(params.seed + 1));
  const optimizer = tf.train.adam(params.learning_rate);
  const random = seededRandom(params.seed + 2);
  const stepsPerEpoch = Math.ceil(data.train.n / params.batch_size);
  let epoch = 0;
  while (epoch < params.epochs) {
    epoch++;
    trainEpoch(tf, {
      layers, weights, optimizer, split: data.train, random, epoch,
      batchSize: params.batch_size, totalSteps: stepsPerEpoch * params.epochs, baseRate: params.learning_rate,
      warmupSteps: Math.round(params.warmup_epochs * stepsPerEpoch),
      loss: (logits, batch) => kdLoss(tf, {
        studentLogits: logits, teacherLogits: tf.gather(soft, batch.indices), labels: batch.labels,
        temperature: params.temperature, alpha: params.alpha, labelSmoothing: params.label_smoothing,
      }),
      afterBatch: () => {
        limit.check(epoch);
        memory.check(epoch);
      },
    });
    reportStep(epoch, { accuracy: accuracyOn(tf, layers, weights, data.validation) });
  }
  limit.stop();
  optimizer.dispose();
  soft.dispose();

  const student = await deployed(tf, layers, weights, data.test);
  const reference = await deployed(tf, TEACHER_LAYERS, teacher.weights, data.test);
  reportFinal({
    accuracy: accuracyOn(tf, layers, weights, data.test),
    params: student.params,
    size_kb: round(student.sizeKb, 2),
    latency_p50_ms: round(student.p50, 4),
    latency_p99_ms: round(student.p99, 4),
    epochs_run: epoch,
    teacher_accuracy: accuracyOn(tf, TEACHER_LAYERS, teacher.weights, data.test),
    teacher_params: reference.params,
    teacher_size_kb: round(reference.sizeKb, 2),
    teacher_latency_p99_ms: round(reference.p99, 4),
  });
});

/** The network as it would be deployed: a LayersModel, its serialized size and single-input latency. */
async function deployed(tf: Tf, layers: readonly LayerSpec[], weights: Weights, test: Split) {
  const model = toLayersModel(tf, layers, weights);
  const one = tf.tensor4d(test.x.subarray(0, IMAGE_SIZE * IMAGE_SIZE), [1, IMAGE_SIZE, IMAGE_SIZE, 1]);
  const latency = await measureLatency(() => {
    const out = model.predict(one) as ReturnType<Tf['tensor']>;
    out.dataSync();
    out.dispose();
  }, { warmup: LATENCY_WARMUP, runs: params.latency_runs, rounds: LATENCY_ROUNDS });
  const result = { params: countParams(model), sizeKb: await serializedSizeKb(model), p50: latency.p50_ms, p99: latency.p99_ms };
  one.dispose();
  model.dispose();
  return result;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
