import { ToolError } from '../../common/errors.ts';
import type { ActionCall, ActionHandler } from './action-registry.ts';

/** What a `scale` firing asks of a live controller: exactly one of factor (×), delta (+/−) or value (=). */
export interface ScaleRequest {
  ruleId: string;
  /** The bound `Controller` fact's id (or `params.controller`); null when the rule bound none. */
  controllerId: string | null;
  factor?: number;
  delta?: number;
  value?: number;
}

const KINDS = ['factor', 'delta', 'value'] as const;

/**
 * The `scale` action: rules over `Controller` facts (the live controller's policy `rules`) say how the
 * controlled parameter should change: `{"action": "scale", "params": {"factor": 1.5}}`, `{"delta": -1}` or
 * `{"value": 12}` (a `$binding.field` reference resolves to a number, e.g. `{"value": "$fact.max"}`).
 */
export function createScaleAction(deps: { scale(request: ScaleRequest): void }): ActionHandler {
  return {
    name: 'scale',
    description: 'ask the live controller to change its parameter: params {factor} (×), {delta} (+/−) or {value} (=), on a bound Controller fact',
    run: (call: ActionCall) => {
      const given = KINDS.filter((kind) => call.params[kind] !== undefined);
      if (given.length !== 1) {
        throw new ToolError('invalid_argument', `scale needs exactly one of params.factor, params.delta, params.value, got ${JSON.stringify(call.params)}`, { details: { parameter: 'params' } });
      }
      const kind = given[0]!;
      const amount = call.params[kind];
      if (typeof amount !== 'number' || !Number.isFinite(amount) || (kind === 'factor' && amount <= 0)) {
        throw new ToolError('invalid_argument', `scale params.${kind} must be a finite number${kind === 'factor' ? ' > 0' : ''}, got ${JSON.stringify(amount)}`, { details: { parameter: `params.${kind}`, value: amount } });
      }
      const named = typeof call.params.controller === 'string' ? call.params.controller : null;
      const controllerId = named ?? call.facts.find((fact) => fact.type === 'Controller')?.id ?? null;
      deps.scale({ ruleId: call.rule.id, controllerId, [kind]: amount });
    },
  };
}
