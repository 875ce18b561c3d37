/** Pruner registry: `{"kind": "median" | "percentile" | "successive-halving" | "asha" | "hyperband" | "none", ...options}`. */
import { ToolError } from '../../common/errors.ts';
import type { Pruner } from '../types.ts';
import { HyperbandPruner } from './hyperband.ts';
import { MedianPruner } from './median.ts';
import { SuccessiveHalvingPruner } from './successive-halving.ts';

type PrunerFactory = (options: Record<string, unknown>) => Pruner;

const camel = (options: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(options).filter(([k]) => k !== 'kind').map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]));

const factories = new Map<string, PrunerFactory>([
  ['median', (o) => new MedianPruner({ ...camel(o), percentile: 50 })],
  ['percentile', (o) => new MedianPruner(camel(o))],
  ['successive-halving', (o) => new SuccessiveHalvingPruner(camel(o))],
  ['asha', (o) => new SuccessiveHalvingPruner(camel(o))],
  ['hyperband', (o) => new HyperbandPruner(camel(o))],
]);

export function prunerKinds(): string[] {
  return ['none', ...factories.keys()];
}

/** Builds the pruner a spec names; null for none. Numeric options are checked here. */
export function createPruner(spec: { kind: string; [option: string]: unknown } | undefined | null): Pruner | null {
  if (!spec || spec.kind === 'none') return null;
  const factory = factories.get(spec.kind);
  if (!factory) {
    throw new ToolError('invalid_argument', `unknown pruner "${spec.kind}"; known pruners: ${prunerKinds().join(', ')}`, { details: { pruner: spec.kind, known: prunerKinds() } });
  }
  for (const [key, value] of Object.entries(spec)) {
    if (key !== 'kind' && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      throw new ToolError('invalid_argument', `pruner option ${key} must be a number >= 0, got ${JSON.stringify(value)}`, { details: { option: key, value } });
    }
  }
  return factory(spec);
}

export { HyperbandPruner, MedianPruner, SuccessiveHalvingPruner };
