import type { ToolSet } from 'ai';
import type { CommandGate } from '../../tools/common/command-permission.ts';
import type { Requester } from '../../tools/common/requester.ts';
import type { Services } from '../services.ts';
import { createBenchTools } from '../../tools/bench/agent-tools.ts';
import { createChartTools } from '../../tools/charts/agent-tools.ts';
import { createControlTools } from '../../tools/control/agent-tools.ts';
import { createIamTools } from '../../tools/iam/agent-tools.ts';
import { authorizeTools, type AuthorizeToolsContext } from '../../tools/iam/authorize-tools.ts';
import { createToolAuthEnv } from '../../tools/iam/catalog-env.ts';
import { operatorPrincipal, principalContext } from '../../tools/iam/principals.ts';
import { denialDetails } from '../../tools/iam/statement-details.ts';
import type { RequestOrigin } from '../../tools/iam/types.ts';
import { createAnalysisTools } from '../../tools/optimizer/analysis/agent-tools.ts';
import { createOptimizerTools } from '../../tools/optimizer/agent-tools.ts';
import { createRuleTools } from '../../tools/rules/agent-tools.ts';
import { createTargetTools } from '../../tools/targets/agent-tools.ts';
import { dryRunTools } from './dry-run.ts';
import { createSessionTools } from './session-tools.ts';

/**
 * Assembles the agent's tools for one chat turn from every engine's `tools/<engine>/agent-tools.ts`
 * factory. Tool names are a stable contract (the UI, Slack and replays rely on them): see README.
 */
export interface ToolsetContext {
  services: Services;
  /** The chat session the turn belongs to (tools default to the session's latest study). */
  sessionId: string;
  /** Dry run: inputs are validated and recorded, nothing executes. */
  dryRun: boolean;
  /** Who asks: whether typed commands may run and command targets be registered, and the key for per-client limits. */
  requester: Requester;
  /** What this turn may run: typed commands, confirmations, shells (tools/common/command-permission.ts). */
  commands: CommandGate;
}

/**
 * Every engine's tools for one turn (one line per engine factory). In a dry run every tool is wrapped by
 * `dryRunTools`: inputs are still validated by their zod schemas and recorded, nothing executes. Otherwise every
 * tool is wrapped by `authorizeTools`: a policy decision (audited) before each call.
 */
export function createToolset(context: ToolsetContext): ToolSet {
  const tools: ToolSet = {
    ...createTargetTools({ targets: context.services.targets, commands: context.commands }),
    ...createSessionTools(context),
    ...createBenchTools(context),
    ...createOptimizerTools(context),
    ...createAnalysisTools(context),
    ...createChartTools(context),
    ...createRuleTools(context),
    ...createControlTools(context),
    ...createIamTools(context),
  };
  if (context.dryRun) return dryRunTools(tools);
  return authorizeTools(tools, authorizationFor(context));
}

/**
 * Every call of a real turn is decided by the policies (tools/iam) before it runs, with the requester's principal
 * (the operator when the turn has none: the local CLI, a loopback server without users) and the call's real
 * arguments. Dry runs execute nothing, so they are not decided (and leave no audit rows). Exported for what the
 * same requester reads outside the tools (server/mcp resources).
 */
export function authorizationFor(context: ToolsetContext): AuthorizeToolsContext {
  const { services, requester } = context;
  const slackTypedCommandsAllowed = services.config.slack?.allowTypedCommands === true;
  const principal = requester.principal ?? operatorPrincipal();
  const origin: RequestOrigin = { source: requester.source, ...(requester.sourceIp ? { sourceIp: requester.sourceIp } : {}) };
  if (requester.source === 'slack') origin.slackTypedCommandsAllowed = requester.commands;
  return {
    authorizer: services.authorizer,
    principal,
    origin,
    explain: (call, decision) => {
      const context = Object.assign({}, call.context, principalContext(principal, origin, decision.at, { slackTypedCommandsAllowed }));
      return { ...denialDetails(services.iam.policiesFor(principal), { action: call.action, resource: call.resource, context }, decision) };
    },
    env: createToolAuthEnv({ sessionId: context.sessionId, allowedHosts: services.config.allowedHosts, slackTypedCommandsAllowed, studies: services.studies, targets: services.targets, controllers: services.controllers }),
  };
}
