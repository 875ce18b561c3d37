/**
 * The loop's settings, resolved once at the edge (defaults here, nowhere else): the spec's `period_s` and `dry_run`,
 * then the operator's overrides, then validation with ToolErrors naming the field. After this the Controller and
 * the Analyzer trust them.
 */
import { ToolError } from '../common/errors.ts';
import type { ControllerSettings, ControllerSpec } from './types.ts';

export const CONTROLLER_DEFAULTS = Object.freeze({
  period_s: 1,
  /** At least this long, and at least (min_samples + 1) periods so a slow loop still gathers enough samples. */
  window_s: 10,
  min_samples: 3,
  stale_after_s: 5,
  cooldown_s: 2,
  max_step_ratio: 2.0,
  rollback_worse_ratio: 0.25,
  rollback_after_s: 10,
  dry_run: false,
}) satisfies ControllerSettings;

/** Allowed ranges: [min, max], and whether the value must be an integer. */
const RANGES: Record<Exclude<keyof ControllerSettings, 'dry_run'>, { min: number; max: number; integer?: boolean; exclusiveMin?: boolean }> = {
  period_s: { min: 0.1, max: 3600 },
  window_s: { min: 0, max: 86_400, exclusiveMin: true },
  min_samples: { min: 1, max: 1000, integer: true },
  stale_after_s: { min: 0, max: 86_400, exclusiveMin: true },
  cooldown_s: { min: 0, max: 86_400 },
  max_step_ratio: { min: 0, max: 100, exclusiveMin: true },
  rollback_worse_ratio: { min: 0, max: 10, exclusiveMin: true },
  /** 0 turns rollback off. */
  rollback_after_s: { min: 0, max: 86_400 },
};

function invalid(field: string, message: string, value: unknown): ToolError {
  return new ToolError('invalid_argument', `${field} ${message}`, { details: { parameter: field, value } });
}

export function resolveSettings(spec: ControllerSpec, overrides: Partial<ControllerSettings> = {}): ControllerSettings {
  const period = overrides.period_s ?? spec.period_s ?? CONTROLLER_DEFAULTS.period_s;
  const minSamples = overrides.min_samples ?? CONTROLLER_DEFAULTS.min_samples;
  const settings: ControllerSettings = {
    ...CONTROLLER_DEFAULTS,
    window_s: typeof period === 'number' && typeof minSamples === 'number' ? Math.max(CONTROLLER_DEFAULTS.window_s, period * (minSamples + 1)) : CONTROLLER_DEFAULTS.window_s,
    dry_run: spec.dry_run ?? CONTROLLER_DEFAULTS.dry_run,
    ...definedOnly(overrides),
    period_s: period,
  };
  for (const [field, range] of Object.entries(RANGES) as [keyof typeof RANGES, (typeof RANGES)[keyof typeof RANGES]][]) {
    const value = settings[field] as unknown;
    const bounds = `${range.exclusiveMin ? '(' : '['}${range.min}, ${range.max}]`;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(field, `must be a number in ${bounds}, got ${JSON.stringify(value)}`, value);
    if (value < range.min || value > range.max || (range.exclusiveMin && value === range.min)) throw invalid(field, `must be in ${bounds}, got ${value}`, value);
    if (range.integer && !Number.isInteger(value)) throw invalid(field, `must be a whole number, got ${value}`, value);
  }
  if (typeof settings.dry_run !== 'boolean') throw invalid('dry_run', `must be true or false, got ${JSON.stringify(settings.dry_run)}`, settings.dry_run);
  if (settings.window_s < settings.period_s * settings.min_samples) {
    throw invalid('window_s', `must hold at least min_samples (${settings.min_samples}) periods of ${settings.period_s} s = ${settings.period_s * settings.min_samples} s, got ${settings.window_s} s`, settings.window_s);
  }
  return settings;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
