/**
 * `npm run bench:training`: does epoch-level pruning pay on the distillation target?
 *
 * Runs the `distill` study (registered in tunechat.json, run through the real command target) with the same trial
 * budget without pruning and with ASHA (successive halving, η = 3), for each seed, multi-objective (accuracy max,
 * latency_p99_ms min), random sampler with the same seed in both arms (so both see the same configurations and the
 * difference is the pruning alone). Prints epochs spent, wall time and the hypervolume of (accuracy,
 * latency_p99_ms) against a fixed reference point, per seed and mean.
 *
 * Options: --trials N (24) --epochs E (8) --seeds a,b,c (1,2,3) --tiny (DISTILL_TINY=1 data) --parallel P (1)
 *          --backends (time one epoch and single-input inference per tfjs backend instead)
 *          --memory (train 100 tiny students in this one process and print RSS / live tensors at 1, 50, 100)
 *          --replay (re-score the last run saved in bench/results/training.json)
 *          --pruners "kind:option=value,… kind:…" (the pruned arms; default DEFAULT_PRUNER in training-simulate.ts)
 *          --simulate (replay --pruners over the last run's unpruned arms, no training: see training-simulate.ts)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../tools/common/clock.ts';
import { hypervolume } from '../tools/optimizer/analysis/hypervolume.ts';
import { InMemoryStorage } from '../tools/optimizer/in-memory-storage.ts';
import { createSampler } from '../tools/optimizer/samplers/index.ts';
import { Study } from '../tools/optimizer/study.ts';
import { runStudy } from '../tools/optimizer/study-runner.ts';
import { createCommandTarget } from '../tools/optimizer/targets/command.ts';
import { loadTargetFiles } from '../tools/targets/config-file.ts';
import { findTemplate } from '../tools/targets/templates/index.ts';
import { DEFAULT_PRUNER, parsePruners, simulate, type PrunerArm } from './training-simulate.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/**
 * Hypervolume reference point: accuracy 0.1 (chance: any student that learned something counts) and 50 ms latency,
 * above the p99 of every student on a busy 2-core machine (where scheduling, not the model, sets the p99: 5-35 ms).
 */
export const REFERENCE = { accuracy: 0.1, latency_ms: 50 };

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

export interface ArmResult {
  seed: number;
  pruner: string;
  epochs: number;
  wallSeconds: number;
  hypervolume: number;
  /** The same with latency_p50_ms, which a loaded machine disturbs far less than the p99. */
  hypervolumeP50: number;
  complete: number;
  pruned: number;
  failed: number;
}

const raw: RawArm[] = [];

async function runArm(seed: number, arm: PrunerArm | null, options: { trials: number; epochs: number; tiny: boolean; parallel: number }): Promise<ArmResult> {
  const definition = loadTargetFiles([`${ROOT}tunechat.json`]).targets.find((t) => t.definition.name === 'distill')!.definition;
  const spec = definition.spec as { kind: 'command'; command: string[]; cwd: string };
  const target = createCommandTarget({ ...spec, ...(options.tiny ? { env: { DISTILL_TINY: '1' } } : {}) }, {});
  const space: Record<string, unknown> = { ...findTemplate('distill')!.space, epochs: { type: 'categorical', choices: [options.epochs] } };
  const storage = new InMemoryStorage();
  storage.createStudy({
    id: 'bench', name: 'bench', sessionId: null, status: 'running', createdAt: 0, updatedAt: 0,
    spec: { space, objectives: [{ metric: 'accuracy', direction: 'maximize' }, { metric: 'latency_p99_ms', direction: 'minimize' }], target: spec, budget: { trials: options.trials } },
  });
  const study = new Study({ storage, record: storage.getStudy('bench')!, sampler: createSampler('random', { seed }), pruner: arm?.pruner ?? null, clock: systemClock });
  const started = performance.now();
  await runStudy({ study, target, trials: options.trials, parallel: options.parallel, clock: systemClock, timeLimitMs: null, retries: { max: 0, backoffMs: 0 } });
  const recorded: RawArm = {
    seed,
    pruner: arm?.label ?? 'none',
    wallSeconds: (performance.now() - started) / 1000,
    trials: study.trials().map((t) => ({ state: t.state, params: t.params, metrics: t.metrics, epochs: Object.keys(t.intermediate).length, intermediate: t.intermediate })),
  };
  raw.push(recorded);
  return score(recorded);
}

export interface RawArm {
  seed: number;
  pruner: string;
  wallSeconds: number;
  trials: { state: string; params: Record<string, unknown>; metrics: Record<string, number>; epochs: number; intermediate?: Record<string, number> }[];
}

/** Epochs spent (a completed trial's epochs_run, a pruned or failed trial's reported epochs) and hypervolumes. */
export function score(arm: RawArm): ArmResult {
  const done = arm.trials.filter((t) => t.state === 'complete');
  const front = (latency: string) => hypervolume(done.map((t) => [-t.metrics.accuracy!, t.metrics[latency]!]), [-REFERENCE.accuracy, REFERENCE.latency_ms]);
  return {
    seed: arm.seed,
    pruner: arm.pruner,
    epochs: arm.trials.reduce((sum, t) => sum + (t.state === 'complete' ? (t.metrics.epochs_run ?? 0) : t.epochs), 0),
    wallSeconds: arm.wallSeconds,
    hypervolume: front('latency_p99_ms'),
    hypervolumeP50: front('latency_p50_ms'),
    complete: done.length,
    pruned: arm.trials.filter((t) => t.state === 'pruned').length,
    failed: arm.trials.filter((t) => t.state === 'failed').length,
  };
}

export function printTable(results: readonly ArmResult[]): void {
  const seeds = [...new Set(results.map((r) => r.seed))];
  const rows = ['| seed | arm | trials (complete/pruned/failed) | epochs | wall s | HV (acc, p99) | HV (acc, p50) |', '|---|---|---|---|---|---|---|'];
  for (const r of results) rows.push(`| ${r.seed} | ${r.pruner} | ${r.complete}/${r.pruned}/${r.failed} | ${r.epochs} | ${r.wallSeconds.toFixed(0)} | ${r.hypervolume.toFixed(4)} | ${r.hypervolumeP50.toFixed(4)} |`);
  const mean = (arm: string, key: 'epochs' | 'wallSeconds' | 'hypervolume' | 'hypervolumeP50') => results.filter((r) => r.pruner === arm).reduce((s, r) => s + r[key], 0) / seeds.length;
  const arms = [...new Set(results.map((r) => r.pruner))];
  for (const arm of arms) {
    rows.push(`| mean | ${arm} | | ${mean(arm, 'epochs').toFixed(1)} | ${mean(arm, 'wallSeconds').toFixed(0)} | ${mean(arm, 'hypervolume').toFixed(4)} | ${mean(arm, 'hypervolumeP50').toFixed(4)} |`);
  }
  rows.push('');
  for (const arm of arms.filter((a) => a !== 'none')) {
    const saved = 1 - mean(arm, 'epochs') / mean('none', 'epochs');
    const ratio = (key: 'hypervolume' | 'hypervolumeP50') => ((mean(arm, key) / mean('none', key)) * 100).toFixed(1);
    rows.push(`${arm}: epochs saved by pruning: ${(saved * 100).toFixed(1)}% (goal ≥ 50%); hypervolume pruned/unpruned: ${ratio('hypervolume')}% with p99, ${ratio('hypervolumeP50')}% with p50 (goal ≥ 98%)`);
  }
  console.log(rows.join('\n'));
}

async function timeBackends(): Promise<void> {
  const rows = ['| backend | train epoch (1000 images, width 0.5 depth 2) | student p50 / p99 | teacher p50 / p99 |', '|---|---|---|---|'];
  for (const backend of ['cpu', 'wasm', 'native']) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'time-backend.ts'], { cwd: `${ROOT}examples/distill`, encoding: 'utf8', env: { ...process.env, TUNECHAT_TFJS_BACKEND: backend } });
    const line = run.stdout.trim().split('\n').pop() ?? '';
    try {
      const r = JSON.parse(line) as Record<string, number | string | null>;
      if (backend === 'native' && r.backend !== 'tensorflow') {
        rows.push(`| native | not installed (fell back to ${r.backend}) | | |`);
        continue;
      }
      const ms = (v: unknown) => (typeof v === 'number' ? v.toFixed(3) : '?');
      rows.push(`| ${r.backend} | ${r.train_epoch_ms === null ? `n/a (${r.train_error})` : `${Number(r.train_epoch_ms).toFixed(0)} ms`} | ${ms(r.student_p50_ms)} / ${ms(r.student_p99_ms)} ms | ${ms(r.teacher_p50_ms)} / ${ms(r.teacher_p99_ms)} ms |`);
    } catch {
      rows.push(`| ${backend} | failed: ${run.stderr.trim().split('\n').pop()} | | |`);
    }
  }
  console.log(rows.join('\n'));
}

async function memoryCheck(): Promise<void> {
  const { loadTf } = await import('../tools/common/tf.ts');
  const { generateDataset, seededRandom, TINY_SIZES } = await import('../examples/distill/data.ts');
  const { studentLayers } = await import('../examples/distill/models.ts');
  const { initialWeights } = await import('../examples/distill/network.ts');
  const { kdLoss } = await import('../examples/distill/kd-loss.ts');
  const { trainEpoch, accuracyOn } = await import('../examples/distill/train.ts');
  const { tf } = await loadTf();
  const data = generateDataset({ ...TINY_SIZES, train: 128, validation: 64 });
  const soft = tf.randomNormal([data.train.n, 10]);
  const rows = ['| trial | RSS MB | live tensors | tfjs bytes |', '|---|---|---|---|'];
  for (let trial = 1; trial <= 100; trial++) {
    const layers = studentLayers({ width: 0.25 + (trial % 4) * 0.25, depth: 1 + (trial % 4) });
    const weights = initialWeights(tf, layers, seededRandom(trial));
    const optimizer = tf.train.adam(3e-3);
    trainEpoch(tf, {
      layers, weights, optimizer, split: data.train, random: seededRandom(trial), epoch: 1, batchSize: 32, totalSteps: 4, baseRate: 3e-3, warmupSteps: 0,
      loss: (logits, batch) => kdLoss(tf, { studentLogits: logits, teacherLogits: tf.gather(soft, batch.indices), labels: batch.labels, temperature: 4, alpha: 0.5, labelSmoothing: 0.1 }),
    });
    accuracyOn(tf, layers, weights, data.validation);
    optimizer.dispose();
    tf.dispose([...weights.values()]);
    if (trial === 1 || trial === 50 || trial === 100) {
      const memory = tf.memory();
      rows.push(`| ${trial} | ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} | ${memory.numTensors} | ${memory.numBytes} |`);
    }
  }
  console.log(rows.join('\n'));
}

if (process.argv.includes('--backends')) {
  await timeBackends();
} else if (process.argv.includes('--replay')) {
  // Re-scores the last run (bench/results/training.json) with the current reference point.
  const saved = JSON.parse(readFileSync(`${ROOT}bench/results/training.json`, 'utf8')) as { options: { trials: number; epochs: number; tiny: boolean }; raw: RawArm[]; results: ArmResult[] };
  saved.raw.forEach((arm, i) => (arm.wallSeconds ??= saved.results[i]!.wallSeconds));
  console.log(`distill study (replayed): ${saved.options.trials} trials × ≤ ${saved.options.epochs} epochs${saved.options.tiny ? ' (tiny data)' : ''}, random sampler, reference (accuracy ${REFERENCE.accuracy}, latency ${REFERENCE.latency_ms} ms)\n`);
  printTable(saved.raw.map(score));
} else if (process.argv.includes('--simulate')) {
  // What each pruner would have done on the last run's unpruned arms (training is deterministic per configuration).
  const saved = JSON.parse(readFileSync(`${ROOT}bench/results/training.json`, 'utf8')) as { raw: RawArm[] };
  printTable(simulate(saved.raw.filter((arm) => arm.pruner === 'none'), option('pruners', DEFAULT_PRUNER)));
} else if (process.argv.includes('--memory')) {
  await memoryCheck();
} else {
  const options = { trials: Number(option('trials', '24')), epochs: Number(option('epochs', '8')), tiny: process.argv.includes('--tiny'), parallel: Number(option('parallel', '1')) };
  const seeds = option('seeds', '1,2,3').split(',').map(Number);
  const results: ArmResult[] = [];
  for (const seed of seeds) {
    for (const pruner of [null, ...parsePruners(option('pruners', DEFAULT_PRUNER))]) {
      const result = await runArm(seed, pruner, options);
      console.error(`seed ${seed} ${result.pruner}: ${result.epochs} epochs, ${result.wallSeconds.toFixed(0)} s, hypervolume ${result.hypervolume.toFixed(4)}`);
      results.push(result);
    }
  }
  mkdirSync(`${ROOT}bench/results`, { recursive: true });
  writeFileSync(`${ROOT}bench/results/training.json`, `${JSON.stringify({ options, seeds, results, raw }, null, 1)}\n`);
  console.log(`distill study: ${options.trials} trials × ≤ ${options.epochs} epochs${options.tiny ? ' (tiny data)' : ''}, random sampler, reference (accuracy ${REFERENCE.accuracy}, latency ${REFERENCE.latency_ms} ms)\n`);
  printTable(results);
}
