/**
 * The decision policies (issue 15's "decide"): one file each, created by name. `auto` is `choosePolicy`.
 */
import { ToolError } from '../../common/errors.ts';
import type { Rng } from '../../common/rng.ts';
import { POLICY_NAMES, type Policy, type PolicyName } from '../types.ts';
import { AimdPolicy } from './aimd.ts';
import { Gradient2Policy } from './gradient2.ts';
import { HpaPolicy } from './hpa.ts';
import { LittlePolicy } from './little.ts';
import { RulesPolicy, type ControllerIdentity, type RulesBridge } from './rules-policy.ts';
import { ThresholdPolicy } from './threshold.ts';
import { VegasPolicy } from './vegas.ts';

export { choosePolicy } from './choose-policy.ts';
export { createRulesBridge } from './rules-bridge.ts';
export type { RulesBridge, ControllerIdentity } from './rules-policy.ts';

export interface PolicyDeps {
  /** The rule engine (required by `rules`). */
  rules?: RulesBridge;
  /** Policy options by name (each policy's `*_DEFAULTS` lists them); unknown names are refused. */
  options?: Record<string, number>;
  /** The controller the `rules` policy's `Controller` fact describes (its id is the fact id, unique per controller). Default {id: 'controller-1', target: ''}. */
  controller?: ControllerIdentity;
  /** Randomness (Vegas's probe jitter). Default: a fixed seed, so decisions are reproducible. */
  rng?: Rng;
}

export function createPolicy(name: PolicyName, deps: PolicyDeps = {}): Policy {
  const options = deps.options;
  switch (name) {
    case 'threshold':
      return new ThresholdPolicy(options);
    case 'aimd':
      return new AimdPolicy(options);
    case 'gradient2':
      return new Gradient2Policy(options);
    case 'vegas':
      return new VegasPolicy(options, deps.rng);
    case 'hpa':
      return new HpaPolicy(options);
    case 'little':
      return new LittlePolicy(options);
    case 'rules': {
      if (!deps.rules) {
        throw new ToolError('unavailable', 'policy rules needs the rule engine (deps.rules, a RulesBridge), and none was given', { details: { field: 'policy', policy: name } });
      }
      if (options && Object.keys(options).length > 0) {
        const unknown = Object.keys(options);
        throw new ToolError('invalid_argument', `policy rules has no option ${unknown.map((k) => `"${k}"`).join(', ')}; its options are (none): the rules decide`, { details: { field: 'options', policy: name, unknown, known: [] } });
      }
      return new RulesPolicy(deps.rules, deps.controller ?? { id: 'controller-1', target: '' });
    }
    default: {
      const unknown: string = name;
      throw new ToolError('invalid_argument', `unknown policy "${unknown}"; policies: ${POLICY_NAMES.join(', ')}`, { details: { field: 'policy', value: unknown, known: [...POLICY_NAMES] } });
    }
  }
}
