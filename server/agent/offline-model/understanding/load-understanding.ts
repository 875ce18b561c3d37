import type { PlanOptions } from '../plan.ts';
import { createBowUnderstanding } from './bow-understanding.ts';
import { createGraphUnderstanding, type FrontEnd } from './graph-understanding.ts';
import { keywordUnderstanding } from './keyword-understanding.ts';
import type { Understanding } from './understanding.ts';

export type UnderstandingKind = NonNullable<PlanOptions['understanding']>;

const loaded = new Map<UnderstandingKind, Promise<Understanding>>();

/**
 * The understanding of that kind, loaded once per process (word vectors, tfjs backend, weights) and shared by
 * every offline model. The graph encoder and the baseline are imported on first use, so the keyword model and
 * hosted models never load tfjs.
 */
export function loadUnderstanding(kind: UnderstandingKind = 'graph'): Promise<Understanding> {
  let promise = loaded.get(kind);
  if (!promise) {
    // A failure is kept too: the files do not change while the process runs, so every model falls back alike.
    promise = load(kind);
    loaded.set(kind, promise);
  }
  return promise;
}

async function load(kind: UnderstandingKind): Promise<Understanding> {
  if (kind === 'keyword') return keywordUnderstanding;
  const frontEnd = await loadFrontEnd();
  if (kind === 'bow') {
    const { loadBowClassifier } = await import('../../nlu/bow.ts');
    return createBowUnderstanding(frontEnd, await loadBowClassifier());
  }
  const { loadEncoder } = await import('../../nlu/encoder.ts');
  return createGraphUnderstanding(frontEnd, await loadEncoder());
}

async function loadFrontEnd(): Promise<FrontEnd> {
  const [{ buildGraph, warmUpFrontEnd }, { canonicalText }] = await Promise.all([import('../../nlu/semantic-graph.ts'), import('../../nlu/canonical-text.ts')]);
  warmUpFrontEnd();
  return { buildGraph, canonicalText };
}
