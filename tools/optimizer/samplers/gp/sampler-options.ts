/**
 * Validation of sampler options coming from a study spec (`samplerOptions`), once, when the sampler is built:
 * unknown names and out-of-range values are `invalid_argument` errors naming the option, the rule and the value.
 */
import { ToolError } from '../../../common/errors.ts';

export type OptionRule =
  | { kind: 'int'; min: number; max?: number }
  | { kind: 'number'; min: number; max?: number; exclusiveMin?: boolean }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'object' };

export function checkSamplerOptions(sampler: string, options: object, rules: Record<string, OptionRule>): void {
  for (const [name, value] of Object.entries(options)) {
    if (name === 'seed' || value === undefined) continue;
    const rule = rules[name];
    if (!rule) {
      throw new ToolError('invalid_argument', `sampler "${sampler}" has no option "${name}"; its options are: ${Object.keys(rules).join(', ') || 'none'}`, {
        details: { sampler, option: name, known: Object.keys(rules) },
      });
    }
    const fail = (rule: string) => {
      throw new ToolError('invalid_argument', `sampler "${sampler}" option "${name}" must be ${rule}, got ${JSON.stringify(value)}`, { details: { sampler, option: name, value } });
    };
    switch (rule.kind) {
      case 'int':
      case 'number': {
        if (typeof value !== 'number' || !Number.isFinite(value) || (rule.kind === 'int' && !Number.isInteger(value))) fail(rule.kind === 'int' ? 'an integer' : 'a number');
        const n = value as number;
        const low = rule.kind === 'number' && rule.exclusiveMin ? n <= rule.min : n < rule.min;
        if (low || (rule.max !== undefined && n > rule.max)) fail(`${rule.kind === 'number' && rule.exclusiveMin ? '>' : '≥'} ${rule.min}${rule.max !== undefined ? ` and ≤ ${rule.max}` : ''}`);
        break;
      }
      case 'boolean':
        if (typeof value !== 'boolean') fail('true or false');
        break;
      case 'enum':
        if (!rule.values.includes(value as string)) fail(`one of ${rule.values.join(', ')}`);
        break;
      case 'object':
        if (typeof value !== 'object' || value === null) fail('an object');
        break;
    }
  }
}
