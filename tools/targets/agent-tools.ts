import { tool, type ToolSet } from 'ai';
import { z } from 'zod';
import { checkCommandPermission, type CommandGate } from '../common/command-permission.ts';
import { asToolResult, ToolError } from '../common/errors.ts';
import { registeredCommands } from '../common/registered-commands.ts';
import { parseTargetInput, targetInputSchema } from './definition-schema.ts';
import type { TargetRegistry } from './target-registry.ts';
import { SPACE_TEMPLATES } from './templates/index.ts';
import type { ResolvedTarget } from './types.ts';

/** Marker the offline model looks for in list_targets' description (server/agent/offline-model/catalog.ts). */
export const TARGETS_MARKER = 'Registered targets (JSON): ';

export interface TargetToolsContext {
  targets: TargetRegistry;
  /** What this turn may run: a target that runs a command is registered only under the same rules as running it. */
  commands: CommandGate;
}

/**
 * `list_targets {}` and `register_target {…}`. The list_targets description carries the current targets
 * (name, kind, family, metrics with directions), so a model can name a target without a call.
 */
export function createTargetTools(context: TargetToolsContext): ToolSet {
  const registry = context.targets;
  const catalog = registry.snapshot().map((t) => ({ name: t.name, kind: t.kind, ...(t.family ? { family: t.family } : {}), ...(t.aliases ? { aliases: t.aliases } : {}), metrics: t.metrics.map((m) => ({ name: m.name, ...(m.direction ? { direction: m.direction } : {}), ...(m.unit ? { unit: m.unit } : {}) })), ...(t.space ? { space: t.space } : {}), ...controlOf(t) }));
  return {
    list_targets: tool({
      description: [
        'List every target the user can tune: their own (registered or in tunechat.json) and the builtin test problems.',
        'Each has a name (use it as start_study.target), a kind, the metrics it reports with their usual direction and unit, and its default search space (start_study.space replaces it whole: copy it and change the entries the user names).',
        'A target with "control" runs as a live service start_controller can steer: its controllable parameters with their bounds.',
        `${TARGETS_MARKER}${JSON.stringify(catalog)}`,
      ].join('\n'),
      inputSchema: z.object({}),
      execute: async () => ({ targets: (await registry.list()).map(describe), templates: Object.keys(SPACE_TEMPLATES) }),
    }),
    register_target: tool({
      description: [
        'Register (or replace) a target the user wants to tune. A command target is an argv array (never a shell string) run once per trial:',
        'it gets the parameters as JSON on stdin and in TUNECHAT_PARAMS and prints the metrics JSON as its last stdout line.',
        'An http target gets the parameters as a JSON POST and answers the metrics JSON. Give every metric it reports with its direction.',
        `Give "family" (${Object.keys(SPACE_TEMPLATES).join(', ')}) to get a default search space, or "space".`,
      ].join(' '),
      inputSchema: targetInputSchema,
      execute: async (input) =>
        asToolResult(async () => {
          refuseControl(input);
          const definition = parseTargetInput(input);
          await checkRegistration(input, definition.spec, context);
          const { target, replaced } = await registry.register(definition);
          return { ok: true as const, replaced, target: describe(target) };
        }),
    }),
  };
}

/** A control section runs actuators (commands, restarts, PUTs) on a live service: it is the operator's, never the chat's. */
function refuseControl(input: object): void {
  if ((input as { control?: unknown }).control === undefined) return;
  throw new ToolError('forbidden', 'a target registered from chat cannot have a "control" section (how a live service is steered): set it in tunechat.json or with `tunechat targets add`.', { details: { parameter: 'control', rule: 'operator-only' } });
}

/**
 * A target that runs a command is registered from chat only as the user typed it: its argv passes the same
 * permission check as running it (typed exactly, operator requesters only, confirmation when destructive), and
 * the environment and working directory, which the user did not type, are refused (tunechat.json or
 * `tunechat targets add` set them). A requester that may not run commands cannot replace an existing target either.
 */
async function checkRegistration(input: { name: string; env?: unknown; cwd?: unknown }, spec: unknown, context: TargetToolsContext): Promise<void> {
  const argv = (spec as { command?: unknown }).command;
  const runs = Array.isArray(argv);
  if (runs && (input.env !== undefined || input.cwd !== undefined || (spec as { env?: unknown }).env !== undefined)) {
    throw new ToolError('forbidden', `a command target registered from chat cannot set ${input.env !== undefined ? 'env' : 'cwd'}: only the command the user typed is registered. Set the environment or working directory in tunechat.json or with \`tunechat targets add\`.`, {
      details: { parameter: input.env !== undefined ? 'env' : 'cwd', rule: 'typed-exactly' },
    });
  }
  if (runs) {
    checkCommandPermission(argv as string[], context.commands, { registered: await registeredCommands(context.targets), parameter: 'command' });
  }
  if (!context.commands.requester.commands && (await context.targets.resolve(input.name))) {
    throw new ToolError('forbidden', `a target named "${input.name}" exists; from ${context.commands.requester.source} a new target may not replace it. Pick another name.`, { details: { parameter: 'name', value: input.name, rule: 'operator-only' } });
  }
}

function describe(target: ResolvedTarget) {
  return {
    name: target.name,
    kind: target.kind,
    ...(target.family ? { family: target.family } : {}),
    ...(target.aliases ? { aliases: target.aliases } : {}),
    ...(target.description ? { description: target.description } : {}),
    metrics: target.metrics,
    ...(target.space ? { space: target.space } : {}),
    ...controlOf(target),
    source: target.source ?? 'builtin',
  };
}

/** What start_controller may steer on a target: each parameter's bounds (the actuators stay the operator's). */
function controlOf(target: ResolvedTarget): { control?: { parameters: Record<string, { min: number; max: number }> } } {
  if (!target.control) return {};
  const parameters = Object.fromEntries(Object.entries(target.control.parameters).map(([name, p]) => [name, { min: p.min, max: p.max }]));
  return { control: { parameters } };
}
