import { z } from 'zod';
import { ToolError } from '../common/errors.ts';
import { parseControlSection } from '../control/control-section.ts';
import type { ControlSection } from '../control/types.ts';
import { findTemplate, SPACE_TEMPLATES } from './templates/index.ts';
import type { TargetDefinition } from './types.ts';

/** Size bounds of a target definition (register_target, tunechat.json, `tunechat targets add`). */
export const TARGET_LIMITS = Object.freeze({
  /** Entries of a command's argv. */
  argv: 256,
  /** Characters of one argv entry, a path, a URL, or an env / header value. */
  argLength: 4096,
  /** Entries of `env` and of `headers`. */
  envEntries: 64,
  metrics: 64,
  /** Characters of a metric name, unit, family or problem name, env / header name. */
  nameLength: 100,
  /** Parameters of a default search space. */
  spaceParams: 64,
  /** A service spec or a default space as JSON, in UTF-8 bytes. */
  jsonBytes: 64 * 1024,
});

const long = z.string().max(TARGET_LIMITS.argLength, `at most ${TARGET_LIMITS.argLength} characters (TARGET_LIMITS.argLength)`);
const short = z.string().max(TARGET_LIMITS.nameLength, `at most ${TARGET_LIMITS.nameLength} characters (TARGET_LIMITS.nameLength)`);
const stringMap = z
  .record(short, long)
  .refine((map) => Object.keys(map).length <= TARGET_LIMITS.envEntries, `at most ${TARGET_LIMITS.envEntries} entries (TARGET_LIMITS.envEntries)`);
const jsonWithin = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8') <= TARGET_LIMITS.jsonBytes;
const jsonMessage = `at most ${TARGET_LIMITS.jsonBytes} bytes as JSON (TARGET_LIMITS.jsonBytes)`;

const metricSchema = z.object({
  name: short.regex(/^[A-Za-z_][\w.]*$/, 'a metric name is letters, digits, _ or . (e.g. latency_p99_ms)'),
  direction: z.enum(['minimize', 'maximize']).optional().describe('the usual direction of this metric'),
  unit: short.optional(),
  description: z.string().max(500).optional(),
});

/**
 * A target as written by a user: in `tunechat.json` (`{"targets": [...]}`), on the CLI (`tunechat targets add`)
 * or by the agent (`register_target`). The run fields depend on `kind`: command (`command` argv array, `cwd`,
 * `env`, `timeout_s`), http (`url`, `headers`, `timeout_s`), builtin (`problem`), service (bench-driven, free-form `spec`).
 */
export const targetInputSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'a target name is 1-64 lower-case letters, digits, _ . - (e.g. xgboost)'),
  kind: z.enum(['command', 'http', 'builtin', 'service']).describe('how a trial is evaluated'),
  command: z.array(long).min(1).max(TARGET_LIMITS.argv, `at most ${TARGET_LIMITS.argv} argv entries (TARGET_LIMITS.argv)`).optional().describe('command: argv array (never a shell string); params JSON on stdin and in TUNECHAT_PARAMS, last stdout line = metrics JSON'),
  cwd: long.optional().describe('command / service: working directory (relative to the tunechat.json that defines it)'),
  env: stringMap.optional(),
  url: long.url().optional().describe('http: POST params JSON here, response = metrics JSON'),
  headers: stringMap.optional(),
  problem: short.optional().describe('builtin: problem name (branin, hartmann6, …)'),
  spec: z.record(z.string(), z.unknown()).refine(jsonWithin, jsonMessage).optional().describe('service: the bench-driven service spec'),
  timeout_s: z.number().positive().max(86_400).optional(),
  metrics: z.array(metricSchema).min(1).max(TARGET_LIMITS.metrics, `at most ${TARGET_LIMITS.metrics} metrics (TARGET_LIMITS.metrics)`).describe('the metrics it reports, with their usual directions and units'),
  family: short.optional().describe(`model family; picks the default space template: ${Object.keys(SPACE_TEMPLATES).join(', ')}`),
  space: z
    .record(z.string(), z.unknown())
    .refine((space) => Object.keys(space).length <= TARGET_LIMITS.spaceParams, `at most ${TARGET_LIMITS.spaceParams} parameters (TARGET_LIMITS.spaceParams)`)
    .refine(jsonWithin, jsonMessage)
    .optional()
    .describe('default search space (optimizer JSON vocabulary); defaults to the family template'),
  baseline: z
    .record(short, z.union([z.number().finite(), short, z.boolean()]))
    .refine((params) => Object.keys(params).length <= TARGET_LIMITS.spaceParams, `at most ${TARGET_LIMITS.spaceParams} parameters (TARGET_LIMITS.spaceParams)`)
    .optional()
    .describe('a known-good configuration run as trial 0 of a study on the default space (warm start; clipped into the space); defaults to the family template\'s'),
  description: z.string().max(500).optional(),
  aliases: z
    .array(short.regex(/^[a-z0-9][a-z0-9 _.-]*$/, 'an alias is lower-case words, digits, space _ . - (e.g. "the text classifier")'))
    .max(8, 'at most 8 aliases')
    .optional()
    .describe('other names users call it by in chat ("digits model"); the offline model reads them as this target'),
});

export type TargetInput = z.infer<typeof targetInputSchema>;

/** Checks the run fields for the kind and builds the definition. `baseDir` resolves a relative command cwd. */
export function toDefinition(input: TargetInput, options: { resolvePath?: (path: string) => string } = {}): TargetDefinition {
  const resolve = options.resolvePath ?? ((p: string) => p);
  let spec: TargetDefinition['spec'];
  switch (input.kind) {
    case 'command':
      if (!input.command) throw invalid('command', `a command target needs "command" (an argv array such as ["python3", "train.py"]), got none for "${input.name}"`);
      spec = { kind: 'command', command: input.command, cwd: resolve(input.cwd ?? '.'), ...(input.env ? { env: input.env } : {}), ...(input.timeout_s ? { timeout_s: input.timeout_s } : {}) };
      break;
    case 'http':
      if (!input.url) throw invalid('url', `an http target needs "url", got none for "${input.name}"`);
      spec = { kind: 'http', url: input.url, ...(input.headers ? { headers: input.headers } : {}), ...(input.timeout_s ? { timeout_s: input.timeout_s } : {}) };
      break;
    case 'builtin':
      spec = { kind: 'builtin', problem: input.problem ?? input.name };
      break;
    default:
      // A service's argv template runs from `cwd` (relative to the tunechat.json that defines it), like command targets.
      spec = { kind: 'service', ...(input.spec ?? {}), ...(input.cwd ? { cwd: resolve(input.cwd) } : {}) };
  }
  if (input.family && !input.space && !findTemplate(input.family)) {
    throw invalid('family', `family "${input.family}" has no space template; known: ${Object.keys(SPACE_TEMPLATES).join(', ')} (or give "space")`);
  }
  const definition: TargetDefinition = { name: input.name, kind: input.kind, spec, metrics: input.metrics };
  if (input.family) definition.family = input.family;
  if (input.space) definition.space = input.space;
  if (input.baseline) definition.baseline = input.baseline;
  if (input.description) definition.description = input.description;
  if (input.aliases?.length) definition.aliases = input.aliases;
  return definition;
}

/**
 * Parses unknown JSON into a definition, with a ToolError naming the first bad field. A `control` section (how to
 * steer the running service live, tools/control/control-section.ts) is read here, outside `targetInputSchema`: it
 * comes from tunechat.json and `tunechat targets add` (the operator's), never from register_target (whose zod input
 * has no such field), because its command and restart actuators run programs.
 */
export function parseTargetInput(value: unknown, options: { resolvePath?: (path: string) => string; where?: string } = {}): TargetDefinition {
  const parsed = targetInputSchema.safeParse(value);
  const where = options.where ? `${options.where}: ` : '';
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'target';
    throw new ToolError('invalid_argument', `${where}target field "${field}": ${issue.message}`, { details: { parameter: field, issues: parsed.error.issues.slice(0, 5) } });
  }
  const definition = toDefinition(parsed.data, options);
  const control = (value as { control?: unknown }).control;
  if (control !== undefined) definition.control = parseControl(control, options.resolvePath ?? ((p) => p), where);
  return definition;
}

/** The control section, its errors naming `control.<field>`; relative actuator `cwd`s resolve like a command's. */
function parseControl(raw: unknown, resolve: (path: string) => string, where: string): ControlSection {
  if (!jsonWithin(raw)) throw new ToolError('too_large', `${where}target field "control": ${jsonMessage}`, { details: { parameter: 'control' } });
  let section: ControlSection;
  try {
    section = parseControlSection(raw);
  } catch (error) {
    if (!ToolError.isInstance(error)) throw error;
    const field = typeof error.details.parameter === 'string' ? `control.${error.details.parameter}` : 'control';
    throw new ToolError(error.code, `${where}target field "${field}" (${error.message})`, { details: { ...error.details, parameter: field }, cause: error });
  }
  for (const parameter of Object.values(section.parameters)) {
    const actuator = parameter.actuator;
    if (actuator.type !== 'http' && actuator.cwd !== undefined) actuator.cwd = resolve(actuator.cwd);
  }
  return section;
}

function invalid(parameter: string, message: string): ToolError {
  return new ToolError('invalid_argument', message, { details: { parameter } });
}
