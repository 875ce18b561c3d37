/**
 * `tunechat policy validate` and `tunechat policy simulate`: Access Analyzer-style findings for a document, and
 * IAM policy simulator answers (allowed / explicitDeny / implicitDeny per action × resource) for a user's attached
 * policies or for documents passed in.
 */
import { operatorPrincipal, userPrincipal } from '../tools/iam/principals.ts';
import type { PolicyDocument, Principal, SimulationInput } from '../tools/iam/types.ts';
import { validatePolicy } from '../tools/iam/validate.ts';
import { ToolError } from '../tools/common/errors.ts';
import { MAX_SIMULATION_PAIRS, parseContext } from './iam-args.ts';
import { findingCounts, formatFindings, formatSimulation, hasError } from './iam-format.ts';
import { type CommandOutput, EXIT_ERROR, EXIT_OK, positionalArgs, readInput, UsageError } from './iam-io.ts';
import type { IamCli } from './iam-services.ts';

/** Prints the findings of one document; exit 1 when one is an ERROR (such a document would be refused by put). */
export async function validateCommand(output: CommandOutput, positionals: string[]): Promise<number> {
  const { file } = positionalArgs(positionals, ['file'] as const);
  const text = await readInput(output.io, file, '<file>');
  const findings = validatePolicy(text);
  const refused = hasError(findings);
  output.result({ valid: !refused, findings }, () => [...formatFindings(findings), refused ? 'invalid: a policy with an ERROR is refused' : 'valid']);
  return refused ? EXIT_ERROR : EXIT_OK;
}

export interface SimulateFlags {
  user?: string;
  operator?: boolean;
  'policy-file'?: string[];
  action?: string[];
  resource?: string[];
  context?: string[];
  'context-type'?: string[];
}

/** Checks the flags before anything is opened, so a wrong command line is a usage error (exit 2). */
export function simulationInput(flags: SimulateFlags, positionals: string[]): SimulationInput {
  positionalArgs(positionals, []);
  const sources = [flags.user !== undefined, flags.operator === true, (flags['policy-file'] ?? []).length > 0].filter(Boolean).length;
  if (sources !== 1) throw new UsageError('--user', 'give exactly one of --user NAME, --operator or --policy-file FILE (repeatable)');
  const actions = flags.action ?? [];
  if (actions.length === 0) throw new UsageError('--action', 'is required (repeat it for several actions)');
  const resources = flags.resource?.length ? flags.resource : ['*'];
  if (actions.length * resources.length > MAX_SIMULATION_PAIRS) throw new UsageError('--action', `${actions.length} actions × ${resources.length} resources is more than ${MAX_SIMULATION_PAIRS} pairs`);
  return { actions, resources, context: parseContext(flags.context ?? [], flags['context-type'] ?? []) };
}

export async function simulateCommand(output: CommandOutput, cli: IamCli, flags: SimulateFlags, input: SimulationInput): Promise<number> {
  let results;
  if (flags['policy-file']?.length) {
    const documents: PolicyDocument[] = [];
    for (const file of flags['policy-file']) {
      const text = await readInput(output.io, file, '--policy-file');
      const findings = validatePolicy(text);
      if (hasError(findings)) {
        return output.failure('invalid_policy', `--policy-file ${file}: the document has errors (${findingCounts(findings)})\n${formatFindings(findings).join('\n')}`, { parameter: 'policy-file', file }, { findings });
      }
      documents.push(JSON.parse(text) as PolicyDocument);
    }
    results = cli.authorizer.simulateCustom(documents, input);
  } else {
    results = cli.authorizer.simulateFor(principalOf(cli, flags), input);
  }
  return output.result({ results }, () => formatSimulation(results));
}

function principalOf(cli: IamCli, flags: SimulateFlags): Principal {
  if (flags.operator) return operatorPrincipal();
  const user = cli.iam.getUser(flags.user!);
  if (!user) throw new ToolError('not_found', `--user: no user named "${flags.user}"; see tunechat users list`, { details: { parameter: 'user', value: flags.user } });
  return userPrincipal(user);
}
