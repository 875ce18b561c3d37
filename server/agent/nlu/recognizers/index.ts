import type { Token } from '../types.ts';
import { recognizeReferences, recognizeNegations } from './discourse.ts';
import { recognizeIds, recognizeLooseIds } from './identifiers.ts';
import { recognizeMetrics, recognizeSpokenPercentiles } from './metrics.ts';
import { recognizeNumbers } from './numbers.ts';
import { Scanner, type RecognizerContext, type Unit } from './scanner.ts';
import { recognizeParams, recognizeTargets } from './targets.ts';
import { recognizeComparators, recognizeDirections, recognizeMetricAdverbs, recognizeSamplersAndPruners } from './tuning.ts';
import { recognizeWeb } from './web.ts';
import { recognizeWords } from './words.ts';

export type { Unit, RecognizerContext } from './scanner.ts';

/**
 * All recognizers over the corrected tokens, in an order where the more specific claim first: pasted things (commands,
 * URLs, ids), named things (targets, parameters), numbers with their units, study settings (samplers, pruners,
 * comparators — which need the numbers — and directions), metrics, back-references, negations, loose ids, and
 * finally plain verbs, noun phrases and words. Returns the units in text order.
 */
export function recognize(tokens: Token[], context: RecognizerContext): Unit[] {
  const s = new Scanner(tokens);
  recognizeWeb(s);
  recognizeIds(s);
  recognizeTargets(s, context);
  recognizeParams(s, context);
  recognizeSpokenPercentiles(s);
  recognizeNumbers(s);
  recognizeSamplersAndPruners(s);
  recognizeComparators(s);
  recognizeDirections(s);
  recognizeMetrics(s, context);
  recognizeMetricAdverbs(s);
  recognizeReferences(s);
  recognizeNegations(s);
  recognizeLooseIds(s);
  recognizeWords(s);
  return s.units.sort((a, b) => a.from - b.from);
}
