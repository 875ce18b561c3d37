import type { Intent, SemanticGraph } from '../../nlu/types.ts';
import { readMessage, type FrontEnd } from './graph-understanding.ts';
import type { Understanding } from './understanding.ts';

/** The baseline classifier: averaged word vectors of the message → the most likely intent and its probability. */
export interface BowClassifier {
  classify(graph: SemanticGraph): { intent: Intent; confidence: number };
}

/**
 * The bag-of-words baseline: the same front end (corrections, word vectors), an MLP on the averaged word vectors
 * for the intent, and the keyword parsers for every slot (no node roles). It exists to measure the graph model.
 */
export function createBowUnderstanding(frontEnd: FrontEnd, classifier: BowClassifier): Understanding {
  return {
    name: 'bow',
    plan: (input) => readMessage(frontEnd, input, (graph) => ({
      ...classifier.classify(graph),
      alternative: null,
      objectives: [],
      constraints: [],
      references: [],
      lowConfidenceRoles: 0,
    })),
  };
}
