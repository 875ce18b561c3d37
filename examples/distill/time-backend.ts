/**
 * Times one student training epoch and single-input inference (student and teacher) on the backend that
 * `TUNECHAT_TFJS_BACKEND` selects; prints one JSON line. Used by `npm run bench:training -- --backends`.
 */
import { loadTf } from '../../tools/common/tf.ts';
import { measureLatency } from '../../tools/training/measure.ts';
import { FULL_SIZES, generateDataset, IMAGE_SIZE, seededRandom } from './data.ts';
import { studentLayers, TEACHER_LAYERS } from './models.ts';
import { initialWeights, toLayersModel, type LayerSpec, type Weights } from './network.ts';
import { loadOrTrainTeacher } from './teacher.ts';
import { trainEpoch } from './train.ts';

const { tf, backend } = await loadTf();
const data = generateDataset(FULL_SIZES);
const layers = studentLayers({ width: 0.5, depth: 2 });
const weights = initialWeights(tf, layers, seededRandom(1));
const optimizer = tf.train.adam(3e-3);
const epoch = (n: number) =>
  trainEpoch(tf, {
    layers, weights, optimizer, split: data.train, random: seededRandom(n), epoch: n, batchSize: 64, totalSteps: 100, baseRate: 3e-3, warmupSteps: 0,
    loss: (logits, batch) => tf.losses.softmaxCrossEntropy(batch.labels, logits) as ReturnType<typeof tf.scalar>,
  });
let trainMs: number | null = null;
let trainError: string | null = null;
try {
  epoch(1);
  const started = performance.now();
  epoch(2);
  trainMs = performance.now() - started;
} catch (error) {
  trainError = (error as Error).message.split('\n')[0]!.slice(0, 120);
}
const teacher = await loadOrTrainTeacher(tf);
const latency = async (specs: readonly LayerSpec[], w: Weights) => {
  const model = toLayersModel(tf, specs, w);
  const one = tf.tensor4d(data.test.x.subarray(0, IMAGE_SIZE * IMAGE_SIZE), [1, IMAGE_SIZE, IMAGE_SIZE, 1]);
  const result = await measureLatency(() => {
    const out = model.predict(one) as ReturnType<typeof tf.tensor>;
    out.dataSync();
    out.dispose();
  }, { warmup: 30, runs: 300 });
  one.dispose();
  model.dispose();
  return result;
};
const student = await latency(layers, weights);
const big = await latency(TEACHER_LAYERS, teacher.weights);
console.log(JSON.stringify({
  backend, train_epoch_ms: trainMs, train_error: trainError, train_images: data.train.n,
  student_p50_ms: student.p50_ms, student_p99_ms: student.p99_ms, teacher_p50_ms: big.p50_ms, teacher_p99_ms: big.p99_ms,
}));
