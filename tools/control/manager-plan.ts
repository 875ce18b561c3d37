/**
 * Checking a ControllerSpec against its target before anything runs or is stored: every refusal is a ToolError that
 * names the field and lists what would have been accepted (the model reads it to repair its next call). The result is
 * the parts a Controller is built from: the source, the policy, the actuator and the resolved settings.
 */
import { ToolError } from '../common/errors.ts';
import type { ResolvedTarget } from '../targets/types.ts';
import type { Actuator, ControlParameter, ControlSection, ControllerSettings, ControllerSpec, MetricSource, Policy, PolicyName, SloOp } from './types.ts';
import { POLICY_NAMES } from './types.ts';

/** Size and range limits of a spec (the agent tool's zod schema repeats them for the model). */
export const CONTROLLER_LIMITS = Object.freeze({
  /** Characters of a target, metric or parameter name. */
  nameLength: 100,
  /** Loop period, seconds. */
  minPeriodS: 0.1,
  maxPeriodS: 3600,
  /** Controllers running in one process. */
  running: 32,
});

const SLO_OPS: readonly SloOp[] = ['<', '<=', '>', '>='];

/** Where targets come from (the TargetRegistry). `list` lets "unknown target" name the controllable ones. */
export interface TargetLookup {
  resolve(name: string): Promise<ResolvedTarget | null>;
  list?(): Promise<ResolvedTarget[]>;
}

/** The factories a plan is built with (the manager's deps, defaults filled in). */
export interface PlanFactories {
  targets: TargetLookup;
  source(metrics: ControlSection['metrics']): MetricSource;
  actuator(parameter: string, spec: ControlParameter['actuator']): Actuator;
  /** `controller`: the identity the rules policy's fact carries (absent for the probe that checks required signals). */
  policy(name: PolicyName, controller?: { id: string; target: string }): Policy;
  choose(parameter: string, signals: readonly string[]): { name: PolicyName; why: string };
  settings(spec: ControllerSpec): ControllerSettings;
}

export interface ControllerPlan {
  /** The spec with bounds, policy and period resolved (what is stored and what a restart rebuilds from). */
  spec: ControllerSpec & { bounds: { min: number; max: number }; policy: PolicyName };
  parameter: ControlParameter;
  source: MetricSource;
  /** The chosen policy's name; the manager builds the instance once the controller has its id. */
  policy: PolicyName;
  policyReason: string;
  actuator: Actuator;
  settings: ControllerSettings;
}

function invalid(field: string, message: string, details: Record<string, unknown> = {}): ToolError {
  return new ToolError('invalid_argument', message, { details: { parameter: field, ...details } });
}

function checkName(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > CONTROLLER_LIMITS.nameLength) {
    throw invalid(field, `${field} must be a name of 1-${CONTROLLER_LIMITS.nameLength} characters, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Shape checks that need no target (the CLI's flags and the tool's input both come through here). */
function checkShape(spec: ControllerSpec): void {
  checkName('target', spec.target);
  checkName('metric', spec.metric);
  checkName('parameter', spec.parameter);
  if (!spec.slo || !SLO_OPS.includes(spec.slo.op)) throw invalid('slo.op', `slo.op must be one of ${SLO_OPS.join(' ')}, got ${JSON.stringify(spec.slo?.op)}`);
  if (typeof spec.slo.value !== 'number' || !Number.isFinite(spec.slo.value)) throw invalid('slo.value', `slo.value must be a finite number, got ${JSON.stringify(spec.slo.value)}`);
  const { minPeriodS, maxPeriodS } = CONTROLLER_LIMITS;
  if (spec.period_s !== undefined && !(Number.isFinite(spec.period_s) && spec.period_s >= minPeriodS && spec.period_s <= maxPeriodS)) {
    throw invalid('period_s', `period_s must be between ${minPeriodS} and ${maxPeriodS} seconds, got ${spec.period_s}`);
  }
  if (spec.policy !== undefined && spec.policy !== 'auto' && !POLICY_NAMES.includes(spec.policy)) {
    throw invalid('policy', `policy must be auto or one of ${POLICY_NAMES.join(', ')}, got ${JSON.stringify(spec.policy)}`, { known: ['auto', ...POLICY_NAMES] });
  }
}

async function controllableTargets(targets: TargetLookup): Promise<string[]> {
  const all = (await targets.list?.()) ?? [];
  return all.filter((t) => t.control).map((t) => t.name);
}

function checkBounds(spec: ControllerSpec, parameter: ControlParameter): { min: number; max: number } {
  const declared = { min: parameter.min, max: parameter.max };
  const bounds = spec.bounds ?? declared;
  if (!Number.isFinite(bounds.min) || !Number.isFinite(bounds.max)) throw invalid('bounds', `bounds must be finite numbers, got min ${bounds.min}, max ${bounds.max}`);
  if (bounds.min > bounds.max) throw invalid('bounds', `bounds are reversed: min ${bounds.min} > max ${bounds.max}; min must be ≤ max`, { bounds });
  if (bounds.min < declared.min || bounds.max > declared.max) {
    throw invalid('bounds', `bounds ${bounds.min}..${bounds.max} are outside ${spec.parameter}'s declared range ${declared.min}..${declared.max} on target "${spec.target}"`, { bounds, declared });
  }
  return { min: bounds.min, max: bounds.max };
}

/**
 * Validates `spec` against its target and builds the parts (the source is closed again when a later check fails).
 * Refusals, each naming its field: unknown target (listing the controllable ones), a target without a `control`
 * section, a parameter without an actuator (listing the controllable parameters), reversed or out-of-range bounds,
 * an SLO on a signal the source lacks (listing the signals it offers), and a policy whose required signals are missing.
 */
export async function planController(spec: ControllerSpec, factories: PlanFactories): Promise<ControllerPlan> {
  checkShape(spec);
  const target = await factories.targets.resolve(spec.target);
  if (!target) {
    const controllable = await controllableTargets(factories.targets);
    throw new ToolError('not_found', `no target named "${spec.target}"; targets with a control section: ${controllable.join(', ') || 'none (add "control" to a target in tunechat.json)'}`, {
      details: { parameter: 'target', target: spec.target, controllable },
    });
  }
  const control = target.control;
  if (!control) {
    const controllable = await controllableTargets(factories.targets);
    throw invalid('target', `target "${target.name}" has no "control" section (how to read its metrics and change its parameters live); controllable targets: ${controllable.join(', ') || 'none'}`, { target: target.name, controllable });
  }
  const parameter = Object.hasOwn(control.parameters, spec.parameter) ? control.parameters[spec.parameter] : undefined;
  if (!parameter) {
    const controllable = Object.keys(control.parameters);
    throw invalid('parameter', `target "${target.name}" has no actuator for parameter "${spec.parameter}"; controllable parameters: ${controllable.join(', ') || 'none'}`, { controllable });
  }
  const bounds = checkBounds(spec, parameter);
  const source = factories.source(control.metrics);
  try {
    const signals = source.signals();
    if (!signals.includes(spec.metric)) {
      throw invalid('metric', `the ${source.kind} source of "${target.name}" has no signal "${spec.metric}"; it offers: ${signals.join(', ')}`, { metric: spec.metric, signals });
    }
    const asked = spec.policy ?? 'auto';
    const chosen = asked === 'auto' ? factories.choose(spec.parameter, signals) : { name: asked, why: 'asked for' };
    const policy = factories.policy(chosen.name); // a probe: only its required signals are read
    const missing = policy.requires.filter((signal) => !signals.includes(signal));
    if (missing.length > 0) {
      throw invalid('policy', `policy ${policy.name} needs the signal${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which the ${source.kind} source of "${target.name}" does not offer (it offers: ${signals.join(', ')})`, { policy: policy.name, missing, signals });
    }
    const resolved = { ...spec, target: target.name, bounds, policy: chosen.name };
    const actuator = factories.actuator(spec.parameter, parameter.actuator);
    return { spec: resolved, parameter, source, policy: chosen.name, policyReason: chosen.why, actuator, settings: factories.settings(resolved) };
  } catch (error) {
    source.close?.();
    throw error;
  }
}
