/**
 * The pruned arms of `npm run bench:training`, and what they would have done on a recorded unpruned run.
 *
 * A pruner is written `kind:option=value,…` with the study spec's option names (`asha:min_resource=1,reduction_factor=3`,
 * `median:n_startup_trials=4,n_warmup_steps=2`, `hyperband:min_resource=1,max_resource=6`). `simulate` replays an
 * unpruned arm's trials, in their order, through a real `Study` with that pruner: each trial reports its recorded
 * per-epoch validation accuracies until the pruner stops it. A distillation trial is deterministic given its
 * configuration, so a trial the pruner keeps ends with the metrics the unpruned arm measured, and one it stops has
 * spent the epochs it reported: the simulated arm is the real pruned arm without the training (and with the
 * unpruned arm's latency measurements).
 */
import { systemClock } from '../tools/common/clock.ts';
import { InMemoryStorage } from '../tools/optimizer/in-memory-storage.ts';
import { createPruner } from '../tools/optimizer/pruners/index.ts';
import { createSampler } from '../tools/optimizer/samplers/index.ts';
import { Study } from '../tools/optimizer/study.ts';
import type { Pruner } from '../tools/optimizer/types.ts';
import { findTemplate } from '../tools/targets/templates/index.ts';
import { score, type ArmResult, type RawArm } from './training.ts';

/** The pruner the benchmark compares with no pruning, unless `--pruners` says otherwise. */
export const DEFAULT_PRUNER = 'asha:min_resource=1,reduction_factor=3';

export interface PrunerArm {
  label: string;
  pruner: Pruner;
}

export function parsePruners(list: string): PrunerArm[] {
  return list.split(/\s+/).filter(Boolean).map((label) => {
    const [kind, options = ''] = label.split(':');
    const spec: { kind: string; [option: string]: unknown } = { kind: kind! };
    for (const pair of options.split(',').filter(Boolean)) {
      const [key, value] = pair.split('=');
      spec[key!] = Number(value);
    }
    const pruner = createPruner(spec);
    if (!pruner) throw new Error(`--pruners: "${label}" is no pruner`);
    return { label, pruner };
  });
}

/** Each pruner of `list` replayed over each unpruned arm (see the file comment). */
export function simulate(unpruned: readonly RawArm[], list: string): ArmResult[] {
  const results: ArmResult[] = [];
  for (const arm of unpruned) {
    results.push(score(arm));
    for (const { label, pruner } of parsePruners(list)) results.push(score(replay(arm, label, pruner)));
  }
  return results;
}

function replay(arm: RawArm, label: string, pruner: Pruner): RawArm {
  const storage = new InMemoryStorage();
  storage.createStudy({
    id: 'sim', name: 'sim', sessionId: null, status: 'running', createdAt: 0, updatedAt: 0,
    spec: { space: { ...findTemplate('distill')!.space, epochs: { type: 'categorical', choices: [arm.trials[0]?.params.epochs ?? 1] } }, target: { kind: 'command', command: ['true'] }, objectives: [{ metric: 'accuracy', direction: 'maximize' }, { metric: 'latency_p99_ms', direction: 'minimize' }], budget: { trials: arm.trials.length } },
  });
  const study = new Study({ storage, record: storage.getStudy('sim')!, sampler: createSampler('random', { seed: arm.seed }), pruner, clock: systemClock });
  const trials: RawArm['trials'] = [];
  for (const recorded of arm.trials) {
    const steps = Object.entries(recorded.intermediate ?? {}).map(([step, value]) => [Number(step), value] as const).sort((a, b) => a[0] - b[0]);
    if (recorded.state !== 'complete' || steps.length === 0) throw new Error(`seed ${arm.seed}: the unpruned arm has a ${recorded.state} trial or no per-epoch values (rerun the benchmark)`);
    study.enqueue(recorded.params as never);
    const trial = study.ask();
    const stoppedAt = steps.find(([step, value]) => study.report(trial.number, step, { accuracy: value }))?.[0];
    if (stoppedAt === undefined) {
      study.tell(trial.number, { metrics: recorded.metrics });
      trials.push({ ...recorded });
    } else {
      study.tell(trial.number, { state: 'pruned', reason: `pruned at epoch ${stoppedAt}` });
      trials.push({ ...recorded, state: 'pruned', metrics: {}, epochs: stoppedAt });
    }
  }
  return { seed: arm.seed, pruner: `${label} (simulated)`, wallSeconds: 0, trials };
}
