/**
 * A big several-objective study for the UI measurements: DTLZ2 (3 objectives, 6 parameters) filled with random
 * trials, which is fast, so the Pareto-front paths (study show's front, the card's front and knee) are measured on
 * 10,000 trials without waiting for a model-based sampler.
 */
import { openDatabase } from '../../db/open.ts';
import { SqliteStudyStorage } from '../../db/study-storage.ts';
import { createSampler } from '../../tools/optimizer/samplers/index.ts';
import { Study } from '../../tools/optimizer/study.ts';
import { normalizeSpec } from '../../tools/optimizer/study-spec.ts';
import { builtinSpace, getBuiltinProblem } from '../../tools/optimizer/targets/builtin-problems.ts';

export const MULTI_OBJECTIVE_STUDY = 'big-dtlz2';

export function fillMultiObjectiveStudy(dbPath: string, trials: number): string {
  const problem = getBuiltinProblem('dtlz2')!;
  const dims = problem.defaultDims;
  const db = openDatabase(dbPath);
  try {
    const storage = new SqliteStudyStorage(db);
    storage.createStudy({
      id: MULTI_OBJECTIVE_STUDY, name: `dtlz2 at ${trials} trials`, sessionId: null, status: 'running', createdAt: Date.now(), updatedAt: Date.now(),
      spec: normalizeSpec({
        space: builtinSpace(problem, dims),
        objectives: problem.metrics(dims).map((metric) => ({ metric, direction: 'minimize' as const })),
        target: { kind: 'builtin', problem: 'dtlz2', dims },
        sampler: 'random',
        budget: { trials, parallel: 1 },
        seed: 2,
      }),
    });
    const study = new Study({ storage, record: storage.getStudy(MULTI_OBJECTIVE_STUDY)!, sampler: createSampler('random', { seed: 2 }) });
    for (let i = 0; i < trials; i++) {
      const trial = study.ask();
      study.tell(trial.number, { values: problem.evaluate(Array.from({ length: dims }, (_, j) => trial.params[`x${j}`] as number)) });
    }
    storage.setStudyStatus(MULTI_OBJECTIVE_STUDY, 'complete', Date.now());
    return MULTI_OBJECTIVE_STUDY;
  } finally {
    db.close();
  }
}
