/**
 * The teacher: trained once and cached, keyed by a hash of the data generator, the architecture, the training
 * recipe and the seed, so any change to those retrains it.
 *
 * Lookup order: `teacher/` (checked in: the teacher is ~100 KB, so a fresh checkout and CI never train it), then
 * `.cache/` (gitignored; where a retrained teacher goes). Each file is written to a temp file and renamed into place,
 * and the manifest (written last) names the weights file, so trials starting at once never read a half-written
 * teacher (the worst case is two trials training it twice).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tf } from '../../tools/common/tf.ts';
import { CLASSES, DATA_VERSION, generateDataset, generateSplit, IMAGE_SIZE, seededRandom, TEACHER_SIZES, type Split } from './data.ts';
import { TEACHER_LAYERS } from './models.ts';
import { forward, initialWeights, weightSpecs, type Weights } from './network.ts';
import { accuracyOn, trainEpoch } from './train.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
export const CHECKED_IN_DIR = join(HERE, 'teacher');
export const CACHE_DIR = join(HERE, '.cache');

export const TEACHER_TRAINING = { seed: 7, epochs: 20, batchSize: 32, learningRate: 4e-3, warmupEpochs: 0.25 } as const;

export interface TeacherManifest {
  key: string;
  /** Accuracy on the full test split when it was trained. */
  accuracy: number;
  validation_accuracy: number;
  train_seconds: number;
  trained_at: string;
  weights_file: string;
}

export interface Teacher {
  weights: Weights;
  manifest: TeacherManifest;
  source: 'checked-in' | 'cache' | 'trained';
}

/** The cache key: data generator (version, sizes and a fingerprint of its first images), architecture, recipe. */
export function teacherKey(): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ DATA_VERSION, TEACHER_SIZES, IMAGE_SIZE, CLASSES, TEACHER_LAYERS, TEACHER_TRAINING }));
  for (const seed of [1001, 2002, 3003]) {
    const sample = generateSplit(32, seed);
    hash.update(Buffer.from(sample.x.buffer));
    hash.update(Buffer.from(sample.y.buffer));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Loads the teacher for the current key, training and caching it first when no copy exists. */
export async function loadOrTrainTeacher(tf: Tf, log: (line: string) => void = () => {}): Promise<Teacher> {
  const key = teacherKey();
  for (const [dir, source] of [[CHECKED_IN_DIR, 'checked-in'], [CACHE_DIR, 'cache']] as const) {
    const loaded = readTeacher(tf, dir, key);
    if (loaded) return { ...loaded, source };
  }
  log(`distill: no teacher for key ${key}; training it once (cached in ${CACHE_DIR})`);
  const trained = await trainTeacher(tf, log);
  const manifest = writeTeacher(trained.weights, CACHE_DIR, { key, ...trained.scores });
  return { weights: trained.weights, manifest, source: 'trained' };
}

function readTeacher(tf: Tf, dir: string, key: string): Omit<Teacher, 'source'> | null {
  const manifestPath = join(dir, `teacher-${key}.json`);
  if (!existsSync(manifestPath)) return null;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as TeacherManifest;
  const bytes = readFileSync(join(dir, manifest.weights_file));
  const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const weights: Weights = new Map();
  let offset = 0;
  for (const spec of weightSpecs(TEACHER_LAYERS)) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    weights.set(spec.name, tf.tensor(values.subarray(offset, offset + size), spec.shape));
    offset += size;
  }
  if (offset !== values.length) throw new Error(`teacher weights ${manifest.weights_file}: ${values.length} floats, expected ${offset}`);
  return { weights, manifest };
}

/** Writes `<dir>/teacher-<key>-<nonce>.bin` then `<dir>/teacher-<key>.json`, each through a temp file and a rename. */
export function writeTeacher(weights: Weights, dir: string, scores: Omit<TeacherManifest, 'weights_file'>): TeacherManifest {
  mkdirSync(dir, { recursive: true });
  const weightsFile = `teacher-${scores.key}-${process.pid}${Date.now().toString(36)}.bin`;
  const parts = weightSpecs(TEACHER_LAYERS).map((spec) => Buffer.from((weights.get(spec.name)!.dataSync() as Float32Array).buffer.slice(0)));
  atomicWrite(join(dir, weightsFile), Buffer.concat(parts));
  const manifest: TeacherManifest = { ...scores, weights_file: weightsFile };
  atomicWrite(join(dir, `teacher-${scores.key}.json`), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function atomicWrite(path: string, content: Buffer | string): void {
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temp, content);
  renameSync(temp, path);
}

async function trainTeacher(tf: Tf, log: (line: string) => void) {
  const started = performance.now();
  const data = generateDataset(TEACHER_SIZES);
  const weights = initialWeights(tf, TEACHER_LAYERS, seededRandom(TEACHER_TRAINING.seed), 'glorot'); // the checked-in teacher's recipe
  const optimizer = tf.train.adam(TEACHER_TRAINING.learningRate);
  const random = seededRandom(TEACHER_TRAINING.seed + 1);
  const stepsPerEpoch = Math.ceil(data.train.n / TEACHER_TRAINING.batchSize);
  for (let epoch = 1; epoch <= TEACHER_TRAINING.epochs; epoch++) {
    const loss = trainEpoch(tf, {
      layers: TEACHER_LAYERS, weights, optimizer, split: data.train, random, epoch,
      batchSize: TEACHER_TRAINING.batchSize, totalSteps: stepsPerEpoch * TEACHER_TRAINING.epochs,
      baseRate: TEACHER_TRAINING.learningRate, warmupSteps: Math.round(TEACHER_TRAINING.warmupEpochs * stepsPerEpoch),
      loss: (logits, batch) => tf.losses.softmaxCrossEntropy(batch.labels, logits) as ReturnType<Tf['scalar']>,
    });
    log(`distill: teacher epoch ${epoch}/${TEACHER_TRAINING.epochs}: loss ${loss.toFixed(4)}, validation accuracy ${accuracyOn(tf, TEACHER_LAYERS, weights, data.validation).toFixed(4)}`);
  }
  optimizer.dispose();
  const scores = {
    accuracy: accuracyOn(tf, TEACHER_LAYERS, weights, data.test),
    validation_accuracy: accuracyOn(tf, TEACHER_LAYERS, weights, data.validation),
    train_seconds: Math.round((performance.now() - started) / 100) / 10,
    trained_at: new Date().toISOString(),
  };
  log(`distill: teacher trained in ${scores.train_seconds} s: test accuracy ${scores.accuracy.toFixed(4)}`);
  return { weights, scores };
}

/** The teacher's logits for a split (batch × 10), computed in batches. */
export function teacherLogits(tf: Tf, weights: Weights, split: Split): ReturnType<Tf['tensor']> {
  return tf.tidy(() => {
    const parts = [];
    for (let start = 0; start < split.n; start += 500) {
      const size = Math.min(500, split.n - start);
      const x = tf.tensor4d(split.x.subarray(start * IMAGE_SIZE ** 2, (start + size) * IMAGE_SIZE ** 2), [size, IMAGE_SIZE, IMAGE_SIZE, 1]);
      parts.push(forward(tf, TEACHER_LAYERS, weights, x));
    }
    return tf.concat(parts, 0);
  });
}
