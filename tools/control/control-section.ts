/**
 * A target's `control` section (tunechat.json or a registration), checked once where it enters: zod for the shape,
 * then the rules zod cannot say alone (bounds in order, whole-number bounds for integer parameters, `{value}` in
 * an argv template). Errors are ToolErrors naming the field (`parameters.workers.min`) with the values involved.
 */
import { z } from 'zod';
import { ToolError } from '../common/errors.ts';
import type { ControlSection } from './types.ts';

export const CONTROL_SECTION_LIMITS = Object.freeze({
  parameters: 16,
  /** Characters of a URL. */
  url: 2048,
  /** Entries of an argv template. */
  argv: 64,
  /** Characters of one argv entry, a path, or a metric selector. */
  text: 4096,
  selector: 512,
});

const L = CONTROL_SECTION_LIMITS;
const url = z.string().min(1).max(L.url, `at most ${L.url} characters (CONTROL_SECTION_LIMITS.url)`);
const selector = z.string().min(1).max(L.selector, `at most ${L.selector} characters (CONTROL_SECTION_LIMITS.selector)`);
const argv = z
  .array(z.string().max(L.text, `at most ${L.text} characters (CONTROL_SECTION_LIMITS.text)`))
  .min(1, 'an argv array with at least the program, e.g. ["./scale.sh", "{value}"]')
  .max(L.argv, `at most ${L.argv} entries (CONTROL_SECTION_LIMITS.argv)`);
const cwd = z.string().min(1).max(L.text).optional();
const finite = z.number().refine(Number.isFinite, 'a finite number');

const metricsSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('prometheus'),
    url,
    signals: z.strictObject({ latency: selector.optional(), queue_wait: selector.optional(), service: selector.optional(), inflight: selector.optional(), busy: selector.optional(), errors: selector.optional() }),
    window_s: z.number().positive().max(3600).optional(),
  }),
  z.strictObject({ type: z.literal('load'), url: url.optional() }),
]);

const actuatorSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('http'), url, method: z.enum(['PUT', 'POST']).optional() }),
  z.strictObject({ type: z.literal('command'), command: argv, cwd }),
  z.strictObject({ type: z.literal('restart'), command: argv, health_url: url, cwd }),
]);

const parameterSchema = z.strictObject({ min: finite, max: finite, integer: z.boolean().optional(), actuator: actuatorSchema });

const sectionSchema = z.strictObject({
  metrics: metricsSchema,
  parameters: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, 'a parameter name is 1-64 letters, digits, _ . - (e.g. workers)'), parameterSchema)
    .refine((p) => Object.keys(p).length >= 1, 'at least one parameter, e.g. {"workers": {"min": 1, "max": 64, "actuator": {...}}}')
    .refine((p) => Object.keys(p).length <= L.parameters, `at most ${L.parameters} parameters (CONTROL_SECTION_LIMITS.parameters)`),
});

function invalid(field: string, message: string, details: Record<string, unknown> = {}): ToolError {
  return new ToolError('invalid_argument', `${field}: ${message}`, { details: { parameter: field, ...details } });
}

export function parseControlSection(raw: unknown): ControlSection {
  const parsed = sectionSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.') || 'control';
    // A bad record key carries its reason one level down.
    const nested = (issue as { issues?: { message: string }[] }).issues?.[0]?.message;
    throw invalid(field, issue.code === 'invalid_key' && nested ? nested : issue.message, { issues: parsed.error.issues.slice(0, 5) });
  }
  const section = parsed.data as ControlSection;
  for (const [name, parameter] of Object.entries(section.parameters)) {
    const at = `parameters.${name}`;
    if (parameter.min > parameter.max) {
      throw invalid(`${at}.min`, `min must be ≤ max, got min ${parameter.min} > max ${parameter.max}`, { min: parameter.min, max: parameter.max });
    }
    if ((parameter.integer ?? true) && (!Number.isInteger(parameter.min) || !Number.isInteger(parameter.max))) {
      const field = Number.isInteger(parameter.min) ? `${at}.max` : `${at}.min`;
      throw invalid(field, `an integer parameter needs whole-number bounds, got min ${parameter.min}, max ${parameter.max} (or set "integer": false)`, { min: parameter.min, max: parameter.max });
    }
    const actuator = parameter.actuator;
    if (actuator.type !== 'http' && !actuator.command.some((arg) => arg.includes('{value}'))) {
      throw invalid(`${at}.actuator.command`, `the argv template must contain {value} where the new value goes, got ${JSON.stringify(actuator.command)}`);
    }
  }
  return section;
}
