import type { Db } from '../../db/open.ts';
import { SqliteStudyStorage } from '../../db/study-storage.ts';
import { createRng } from '../../tools/common/rng.ts';
import { getBuiltinProblem } from '../../tools/optimizer/targets/builtin-problems.ts';
import { normalizeSpec } from '../../tools/optimizer/study-spec.ts';
import type { StudyStatus, TargetSpec } from '../../tools/optimizer/types.ts';

/**
 * Seeds a finished branin study of `trials` trials straight into the study storage (the render-time test and
 * `bench/ui-render.ts`): random params, every 10th trial pruned after two reports, every 50th failed.
 */
export function seedBraninStudy(
  db: Db,
  options: { id: string; trials: number; sessionId?: string | null; seed?: number; now?: number; status?: StudyStatus; budget?: number; target?: TargetSpec },
): string {
  const storage = new SqliteStudyStorage(db);
  const rng = createRng(options.seed ?? 1);
  const branin = getBuiltinProblem('branin')!;
  const now = options.now ?? Date.now();
  const space = { x0: { type: 'float', low: -5, high: 10 }, x1: { type: 'float', low: 0, high: 15 } };
  storage.createStudy({
    id: options.id, name: `branin ${options.trials} trials`, sessionId: options.sessionId ?? null, status: options.status ?? 'complete', createdAt: now - options.trials * 100, updatedAt: now,
    spec: normalizeSpec({ name: `branin ${options.trials} trials`, space, objectives: [{ metric: 'value', direction: 'minimize' }], target: options.target ?? { kind: 'builtin', problem: 'branin' }, sampler: 'random', budget: { trials: options.budget ?? options.trials, parallel: 1 }, seed: 1 }),
  });
  const distributions = { x0: { type: 'float' as const, low: -5, high: 10, log: false, step: null, q: null }, x1: { type: 'float' as const, low: 0, high: 15, log: false, step: null, q: null } };
  storage.transaction(() => {
    for (let n = 0; n < options.trials; n++) {
      const params = { x0: -5 + 15 * rng.next(), x1: 15 * rng.next() };
      const startedAt = now - (options.trials - n) * 100;
      storage.createTrial(options.id, { state: 'running', params, distributions, createdAt: startedAt });
      const value = branin.evaluate([params.x0, params.x1])[0]!;
      if (n % 50 === 49) {
        storage.updateTrial(options.id, n, { state: 'failed', error: 'exit code 1', startedAt, completedAt: startedAt + 80 });
      } else if (n % 10 === 9) {
        storage.setIntermediateValue(options.id, n, 1, value * 3);
        storage.setIntermediateValue(options.id, n, 2, value * 2);
        storage.updateTrial(options.id, n, { state: 'pruned', startedAt, completedAt: startedAt + 60 });
      } else {
        storage.updateTrial(options.id, n, { state: 'complete', values: [value], metrics: { value }, startedAt, completedAt: startedAt + 90 });
      }
    }
  });
  return options.id;
}
