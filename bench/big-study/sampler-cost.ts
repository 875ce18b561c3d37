/**
 * Ask + tell cost per trial in one big study (SQLite file database in WAL mode, as the server uses): 5 floats on
 * Styblinski-Tang, every 10th trial reports 3 intermediate values, every 25th is pruned and every 50th fails, so
 * the study looks like a real one. The cost at a checkpoint is the median over the `window` trials ending there
 * (per-trial cost at that point, not a running average). Reports are not timed: only ask and tell.
 */
import { openDatabase } from '../../db/open.ts';
import { SqliteStudyStorage } from '../../db/study-storage.ts';
import { AutoSampler } from '../../tools/optimizer/samplers/auto/auto-sampler.ts';
import { createSampler } from '../../tools/optimizer/samplers/index.ts';
import { Study } from '../../tools/optimizer/study.ts';
import { normalizeSpec } from '../../tools/optimizer/study-spec.ts';
import { builtinSpace, getBuiltinProblem } from '../../tools/optimizer/targets/builtin-problems.ts';
import type { StudySpec } from '../../tools/optimizer/types.ts';

export interface CostPoint {
  /** Trials in the study when measured. */
  at: number;
  /** Median CPU ms (user + system) per ask+tell over the window ending here: robust on a shared machine. */
  cpuMs: number;
  /** Median wall-clock ms per ask+tell over the same window. */
  wallMs: number;
  /** 90th percentile of the CPU ms in the window. */
  p90CpuMs: number;
}

export interface SamplerCost {
  sampler: string;
  trials: number;
  /** Costs at the requested checkpoints. */
  checkpoints: CostPoint[];
  /** Costs every `curveStep` trials: the sampler's cost curve. */
  curve: CostPoint[];
  /** For `auto`: what it chose at each checkpoint and why. */
  decisions: { at: number; sampler: string; reason: string }[];
  seconds: number;
}

export const BIG_STUDY_PROBLEM = 'styblinski-tang';
export const BIG_STUDY_DIMS = 5;

export function bigStudySpec(sampler: string, trials: number): StudySpec {
  const problem = getBuiltinProblem(BIG_STUDY_PROBLEM)!;
  return normalizeSpec({
    space: builtinSpace(problem, BIG_STUDY_DIMS),
    objectives: [{ metric: problem.metrics(BIG_STUDY_DIMS)[0]!, direction: 'minimize' }],
    target: { kind: 'builtin', problem: BIG_STUDY_PROBLEM, dims: BIG_STUDY_DIMS },
    sampler,
    budget: { trials, parallel: 1 },
    seed: 1,
  });
}

/** Runs one study of `trials` trials into the database at `dbPath` (study id `big-<sampler>`), timing every ask+tell. */
export function measureSamplerCost(options: { sampler: string; trials: number; checkpoints: number[]; window: number; curveStep: number; dbPath: string }): SamplerCost {
  const db = openDatabase(options.dbPath);
  const storage = new SqliteStudyStorage(db);
  const id = `big-${options.sampler}`;
  try {
    const spec = bigStudySpec(options.sampler, options.trials);
    storage.createStudy({ id, name: `${options.sampler} at ${options.trials} trials`, sessionId: null, spec, status: 'running', createdAt: Date.now(), updatedAt: Date.now() });
    const sampler = createSampler(options.sampler, { seed: 1 });
    const study = new Study({ storage, record: storage.getStudy(id)!, sampler });
    const problem = getBuiltinProblem(BIG_STUDY_PROBLEM)!;
    const cpu: number[] = [];
    const wall: number[] = [];
    const decisions: SamplerCost['decisions'] = [];
    const marks = new Set(options.checkpoints.map((c) => c - 1));
    const started = performance.now();
    for (let i = 0; i < options.trials; i++) {
      const cpuStart = process.cpuUsage();
      const wallStart = performance.now();
      const trial = study.ask();
      let elapsedWall = performance.now() - wallStart;
      let used = process.cpuUsage(cpuStart);
      const x = Array.from({ length: BIG_STUDY_DIMS }, (_, j) => trial.params[`x${j}`] as number);
      const value = problem.evaluate(x)[0]!;
      if (i % 10 === 0) for (let step = 1; step <= 3; step++) study.report(trial.number, step, value + 10 / step);
      const tellCpu = process.cpuUsage();
      const tellWall = performance.now();
      if (i % 50 === 49) study.tell(trial.number, { state: 'failed', error: 'simulated failure' });
      else if (i % 25 === 24) study.tell(trial.number, { state: 'pruned', reason: 'simulated pruning' });
      else study.tell(trial.number, { values: [value] });
      elapsedWall += performance.now() - tellWall;
      const tellUsed = process.cpuUsage(tellCpu);
      used = { user: used.user + tellUsed.user, system: used.system + tellUsed.system };
      cpu.push((used.user + used.system) / 1000);
      wall.push(elapsedWall);
      if (marks.has(i) && sampler instanceof AutoSampler) decisions.push({ at: i + 1, ...sampler.decision(study.view) });
    }
    const point = (at: number): CostPoint => {
      const from = Math.max(0, at - options.window);
      return { at, cpuMs: quantile(cpu.slice(from, at), 0.5), wallMs: quantile(wall.slice(from, at), 0.5), p90CpuMs: quantile(cpu.slice(from, at), 0.9) };
    };
    const curve: CostPoint[] = [];
    for (let at = options.curveStep; at <= options.trials; at += options.curveStep) curve.push(point(at));
    storage.setStudyStatus(id, 'complete', Date.now());
    return {
      sampler: options.sampler, trials: options.trials, checkpoints: options.checkpoints.filter((c) => c <= options.trials).map(point), curve, decisions,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    db.close();
  }
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
