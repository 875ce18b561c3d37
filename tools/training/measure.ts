/**
 * What a training target reports about its model besides accuracy: single-input latency, serialized size, params.
 * Works with any tfjs LayersModel without importing tfjs at run time: `save` takes a plain IOHandler object.
 */
import type { Tf } from '../common/tf.ts';

export interface LatencyOptions {
  /** Calls before timing starts (JIT, kernel caches). Default 10. */
  warmup?: number;
  /** Timed calls per round. Default 100; p99 needs ≥ 100 to mean anything. */
  runs?: number;
  /**
   * Rounds of `runs` calls. Each round's percentiles are computed alone and the median round's is reported (the
   * repetitions-and-median of Google Benchmark): one burst of preemption on a shared machine moves one round's p99,
   * not the result. Default 1.
   */
  rounds?: number;
  /** Nanosecond clock (tests inject one). Default process.hrtime.bigint. */
  now?: () => bigint;
}

export interface LatencyResult {
  p50_ms: number;
  p99_ms: number;
  mean_ms: number;
  runs: number;
}

/** Times `predictOne` `runs` times after `warmup` calls (process.hrtime), and returns nearest-rank percentiles. */
export async function measureLatency(predictOne: () => void | Promise<void>, options: LatencyOptions = {}): Promise<LatencyResult> {
  const warmup = options.warmup ?? 10;
  const runs = Math.max(1, options.runs ?? 100);
  const rounds = Math.max(1, Math.floor(options.rounds ?? 1));
  const now = options.now ?? process.hrtime.bigint;
  for (let i = 0; i < warmup; i++) await predictOne();
  const all: number[] = [];
  const p50s: number[] = [];
  const p99s: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = now();
      await predictOne();
      samples.push(Number(now() - start) / 1e6);
    }
    samples.sort((a, b) => a - b);
    p50s.push(percentile(samples, 50));
    p99s.push(percentile(samples, 99));
    all.push(...samples);
  }
  const median = (values: number[]) => percentile(values.sort((a, b) => a - b), 50);
  return { p50_ms: median(p50s), p99_ms: median(p99s), mean_ms: all.reduce((sum, value) => sum + value, 0) / all.length, runs: runs * rounds };
}

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** The subset of a tfjs model that `serializedSize` needs (a LayersModel or a GraphModel). */
export type SavableModel = Pick<InstanceType<Tf['LayersModel']>, 'save'>;

export interface SerializedSize {
  weight_bytes: number;
  topology_bytes: number;
  /** (weights + topology JSON + weight specs JSON) / 1024. */
  kb: number;
}

/** Serializes the model as `model.save` would write it (into memory) and counts the bytes. */
export async function serializedSize(model: SavableModel): Promise<SerializedSize> {
  let result: SerializedSize = { weight_bytes: 0, topology_bytes: 0, kb: 0 };
  await model.save({
    async save(artifacts) {
      const data = artifacts.weightData;
      const weightBytes = data === undefined ? 0 : Array.isArray(data) ? data.reduce((sum, b) => sum + b.byteLength, 0) : data.byteLength;
      const topologyBytes = Buffer.byteLength(JSON.stringify(artifacts.modelTopology ?? null)) + Buffer.byteLength(JSON.stringify(artifacts.weightSpecs ?? []));
      result = { weight_bytes: weightBytes, topology_bytes: topologyBytes, kb: (weightBytes + topologyBytes) / 1024 };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' as const } };
    },
  });
  return result;
}

/** `serializedSize(model).kb`: the size a deployed model's files take, in KiB. */
export async function serializedSizeKb(model: SavableModel): Promise<number> {
  return (await serializedSize(model)).kb;
}

/** Number of parameters (trainable and not, e.g. batch-norm statistics), from the weights' shapes. */
export function countParams(model: { weights: readonly { shape: readonly (number | null)[] }[] }): number {
  return model.weights.reduce((sum, weight) => sum + weight.shape.reduce<number>((product, dim) => product * (dim ?? 1), 1), 0);
}
