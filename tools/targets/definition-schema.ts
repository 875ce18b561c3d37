import { z } from 'zod';
import { ToolError } from '../common/errors.ts';
import { findTemplate, SPACE_TEMPLATES } from './templates/index.ts';
import type { TargetDefinition } from './types.ts';

const metricSchema = z.object({
  name: z.string().regex(/^[A-Za-z_][\w.]*$/, 'a metric name is letters, digits, _ or . (e.g. latency_p99_ms)'),
  direction: z.enum(['minimize', 'maximize']).optional().describe('the usual direction of this metric'),
  unit: z.string().optional(),
  description: z.string().optional(),
});

/**
 * A target as written by a user: in `tunechat.json` (`{"targets": [...]}`), on the CLI (`tunechat targets add`)
 * or by the agent (`register_target`). The run fields depend on `kind`: command (`command` argv array, `cwd`,
 * `env`, `timeout_s`), http (`url`, `headers`, `timeout_s`), builtin (`problem`), service (bench-driven, free-form `spec`).
 */
export const targetInputSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'a target name is 1-64 lower-case letters, digits, _ . - (e.g. xgboost)'),
  kind: z.enum(['command', 'http', 'builtin', 'service']).describe('how a trial is evaluated'),
  command: z.array(z.string()).min(1).optional().describe('command: argv array (never a shell string); params JSON on stdin and in TUNECHAT_PARAMS, last stdout line = metrics JSON'),
  cwd: z.string().optional().describe('command / service: working directory (relative to the tunechat.json that defines it)'),
  env: z.record(z.string(), z.string()).optional(),
  url: z.string().url().optional().describe('http: POST params JSON here, response = metrics JSON'),
  headers: z.record(z.string(), z.string()).optional(),
  problem: z.string().optional().describe('builtin: problem name (branin, hartmann6, …)'),
  spec: z.record(z.string(), z.unknown()).optional().describe('service: the bench-driven service spec'),
  timeout_s: z.number().positive().max(86_400).optional(),
  metrics: z.array(metricSchema).min(1).describe('the metrics it reports, with their usual directions and units'),
  family: z.string().optional().describe(`model family; picks the default space template: ${Object.keys(SPACE_TEMPLATES).join(', ')}`),
  space: z.record(z.string(), z.unknown()).optional().describe('default search space (optimizer JSON vocabulary); defaults to the family template'),
  description: z.string().max(500).optional(),
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
  if (input.description) definition.description = input.description;
  return definition;
}

/** Parses unknown JSON into a definition, with a ToolError naming the first bad field. */
export function parseTargetInput(value: unknown, options: { resolvePath?: (path: string) => string; where?: string } = {}): TargetDefinition {
  const parsed = targetInputSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'target';
    throw new ToolError('invalid_argument', `${options.where ? `${options.where}: ` : ''}target field "${field}": ${issue.message}`, { details: { parameter: field, issues: parsed.error.issues.slice(0, 5) } });
  }
  return toDefinition(parsed.data, options);
}

function invalid(parameter: string, message: string): ToolError {
  return new ToolError('invalid_argument', message, { details: { parameter } });
}
