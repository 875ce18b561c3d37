import type { Plan, PlanInput } from '../plan.ts';

/**
 * How the offline model understands the latest request: one implementation per approach (graph attention encoder,
 * bag-of-words baseline, keyword rules), all passing the same contract test, so they can be measured side by side
 * (`npm run eval:nlu`). `plan` is synchronous: anything slow (tfjs, weights) is loaded before by `loadUnderstanding`.
 */
export interface Understanding {
  readonly name: 'graph' | 'bow' | 'keyword';
  plan(input: PlanInput): Plan;
}
