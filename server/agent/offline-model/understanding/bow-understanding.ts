import { INTENTS, type Intent, type SemanticGraph } from '../../nlu/types.ts';
import type { StructuredRequest } from '../../nlu/read-request.ts';
import { knownTargets } from '../catalog.ts';
import { matchConfirm } from '../intents/confirm.ts';
import { helpPlan } from '../intents/help.ts';
import { normalize } from '../normalize.ts';
import type { Plan, PlanInput } from '../plan.ts';
import { priorEntities } from '../prior-entities.ts';
import { planUnderstood, type FrontEnd } from './graph-understanding.ts';
import type { Understanding } from './understanding.ts';

/** The baseline classifier: averaged word vectors of the message → intent probabilities (INTENTS order). */
export interface BowClassifier {
  scores(graph: SemanticGraph): number[];
}

/**
 * The bag-of-words baseline: the same front end (corrections, word vectors), an MLP on the averaged word vectors
 * for the intent, and the keyword parsers for every slot (no node roles). It exists to measure the graph model.
 */
export function createBowUnderstanding(frontEnd: FrontEnd, classifier: BowClassifier): Understanding {
  return {
    name: 'bow',
    plan(input: PlanInput): Plan {
      if (!input.text) return helpPlan();
      const confirmed = matchConfirm(input);
      if (confirmed) return confirmed;
      const graph = frontEnd.buildGraph(input.raw, { targets: knownTargets(input.conversation), prior: priorEntities(input.conversation) });
      const scores = classifier.scores(graph);
      const ranked = scores.map((p, i) => ({ intent: INTENTS[i] as Intent, confidence: p })).sort((a, b) => b.confidence - a.confidence);
      const request: StructuredRequest = {
        intent: ranked[0]!.intent,
        confidence: ranked[0]!.confidence,
        alternative: ranked[1] ?? null,
        objectives: [],
        constraints: [],
        references: [],
        lowConfidenceRoles: 0,
      };
      return planUnderstood(request, { ...input, text: normalize(frontEnd.canonicalText(graph)) });
    },
  };
}
