import type { Clock } from '../common/clock.ts';
import { createPruner } from './pruners/index.ts';
import { createSampler } from './samplers/index.ts';
import type { StudyStorage } from './storage.ts';
import { Study } from './study.ts';
import type { StudyRecord } from './types.ts';

/** The Study of a stored record: its spec's sampler (with `seed`) and pruner, over the storage. */
export function buildStudy(record: StudyRecord, seed: number, deps: { storage: StudyStorage; clock: Clock }): Study {
  const spec = record.spec;
  // Parallel TPE studies use the constant liar by default, so trials in flight are not proposed twice.
  const liar = (spec.budget?.parallel ?? 1) > 1 && spec.sampler!.startsWith('tpe') ? { constantLiar: true } : {};
  const sampler = createSampler(spec.sampler!, { ...liar, ...spec.samplerOptions, seed });
  return new Study({ storage: deps.storage, record, sampler, pruner: createPruner(spec.pruner), clock: deps.clock });
}
