/**
 * Decisions written by users as JSON rules: each tick the policy publishes a `Controller` fact (the parameter,
 * its value and bounds, the SLO and its state, every signal's latest value and `<signal>_ewma`) to the Rete
 * engine and collects what fired: `scale` ({factor} ×, {delta} +/−, {value} =) and `set_param {name, value}`
 * when name is this controller's parameter. Example rule (simple form):
 *   {"rule_id": "grow", "type": "Controller", "condition": {"field": "latency_p99_ms", "operator": ">", "value": 40},
 *    "action": "scale", "params": {"factor": 1.5}}
 * Several firings: the largest increase wins when any rule asks to grow (an SLO at stake outweighs saving),
 * else the mildest decrease (shrinking is the riskier move). No firing: no change.
 */
import type { Policy, PolicyContext, PolicyProposal } from '../types.ts';
import { fmt, noChange, notReady } from './policy-support.ts';

/** One request of a fired rule: exactly one of factor, delta, value. */
export interface RulesRequest {
  rule_id: string;
  factor?: number;
  delta?: number;
  value?: number;
}

/** The rule engine as the policy sees it (policies/rules-bridge.ts implements it over RuleService). */
export interface RulesBridge {
  decide(fact: Record<string, string | number | boolean>): Promise<Array<{ rule_id: string; factor?: number; delta?: number; value?: number }>>;
  /** Removes the controller's fact (when the controller stops). */
  release?(factId: string): void;
}

/** Which controller the fact describes (its id is the fact id). */
export interface ControllerIdentity {
  id: string;
  target: string;
}

/** The `Controller` fact's fields for one decision. */
export function controllerFact(context: PolicyContext, controller: ControllerIdentity): Record<string, string | number | boolean> {
  const { analysis } = context;
  const fact: Record<string, string | number | boolean> = {
    id: controller.id,
    target: controller.target,
    parameter: context.parameter,
    value: context.current,
    min: context.bounds.min,
    max: context.bounds.max,
    slo_metric: context.slo.metric,
    slo_op: context.slo.op,
    slo_limit: context.slo.value,
    slo_state: analysis.slo.state,
    slo_for_s: analysis.slo.for_s,
    samples: analysis.samples,
    stale: analysis.stale,
    period_s: context.period_s,
  };
  if (analysis.slo.value !== null) fact.slo_value = analysis.slo.value;
  for (const [name, stats] of Object.entries(analysis.signals)) {
    if (Number.isFinite(stats.value)) fact[name] = stats.value;
    if (Number.isFinite(stats.ewma)) fact[`${name}_ewma`] = stats.ewma;
  }
  return fact;
}

function describe(request: RulesRequest): string {
  if (request.factor !== undefined) return `×${fmt(request.factor)}`;
  if (request.delta !== undefined) return request.delta >= 0 ? `+${fmt(request.delta)}` : `−${fmt(-request.delta)}`;
  return `= ${fmt(request.value ?? NaN)}`;
}

export class RulesPolicy implements Policy {
  readonly name = 'rules' as const;
  readonly requires: readonly string[] = [];

  constructor(
    private readonly bridge: RulesBridge,
    private readonly controller: ControllerIdentity,
  ) {}

  async decide(context: PolicyContext): Promise<PolicyProposal> {
    const blocked = notReady(context, []);
    if (blocked) return blocked;
    const { current } = context;
    const name = context.parameter;
    const sloText = `${context.slo.metric} ${context.analysis.slo.value === null ? 'n/a' : fmt(context.analysis.slo.value)}, SLO ${context.analysis.slo.state}`;
    let requests: RulesRequest[];
    try {
      requests = await this.bridge.decide(controllerFact(context, this.controller));
    } catch (error) {
      return noChange(`no decision: the rule engine failed on Controller ${this.controller.id} (${name} ${fmt(current)}): ${error instanceof Error ? error.message : String(error)}`, { current });
    }
    const proposals = requests
      .map((request) => ({
        request,
        value: request.factor !== undefined ? current * request.factor : request.delta !== undefined ? current + request.delta : (request.value ?? NaN),
      }))
      .filter((p) => Number.isFinite(p.value));
    const inputs = { current, rules_fired: proposals.length };
    if (proposals.length === 0) return noChange(`no rule fired on Controller ${this.controller.id} (${name} ${fmt(current)}, ${sloText}): no change`, inputs);
    const ups = proposals.filter((p) => p.value > current);
    const downs = proposals.filter((p) => p.value < current);
    const pool = ups.length > 0 ? ups : downs;
    if (pool.length === 0) return noChange(`rule ${proposals[0]!.request.rule_id} fired (${describe(proposals[0]!.request)}) but asks for ${name} ${fmt(current)}, its value now (${sloText})`, inputs);
    // Largest increase, or the mildest decrease: the highest value of the chosen side either way.
    const chosen = pool.reduce((best, p) => (p.value > best.value ? p : best));
    let reason = `rule ${chosen.request.rule_id} fired (${sloText}): scale ${describe(chosen.request)} → ${name} ${fmt(current)} → ${fmt(chosen.value)}`;
    const others = proposals.filter((p) => p !== chosen);
    if (others.length > 0) {
      const list = others.map((p) => `${p.request.rule_id} ${describe(p.request)} → ${fmt(p.value)}`).join(', ');
      reason += `; ${proposals.length} rules fired (${list}): ${ups.length > 0 ? 'the largest increase wins' : 'the mildest decrease wins'}`;
    }
    return { value: chosen.value, reason, inputs: { ...inputs, chosen: chosen.value } };
  }

  /** The controller stopped: its fact leaves working memory. */
  close(): void {
    this.bridge.release?.(this.controller.id);
  }
}
