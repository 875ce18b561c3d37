/**
 * `tunechat policy …`: managed policies (IAM-style JSON documents with up to 5 versions, one default), their
 * attachments, validation (Access Analyzer-style findings) and simulation (IAM policy simulator), on the local
 * database as the operator.
 */
import { ToolError } from '../../tools/common/errors.ts';
import type { AttachmentTarget, Finding } from '../../tools/iam/types.ts';
import { validatePolicy } from '../../tools/iam/validate.ts';
import { versionArg } from '../iam-args.ts';
import { formatFindings } from '../iam-format.ts';
import { CommandOutput, type CliIo, EXIT_USAGE, isoTime, positionalArgs, readInput, table, terminalIo, UsageError } from '../iam-io.ts';
import { openIamCli, type IamCli } from '../iam-services.ts';
import { simulateCommand, simulationInput, validateCommand } from '../iam-simulate.ts';
import { parseCommandArgs } from '../parse-command-args.ts';

const USAGE = `usage:
  tunechat policy put <name> <file.json|-> [--no-default] [--description TEXT]   a new version (v1 for a new policy)
  tunechat policy get <name> [--version vN]          the document (default version unless --version)
  tunechat policy list                               policies, default versions, attachments
  tunechat policy versions <name>
  tunechat policy set-default <name> <vN>            roll back (or forward) to a version
  tunechat policy delete-version <name> <vN>         not the default one
  tunechat policy delete <name>                      only when attached nowhere
  tunechat policy attach <name> (--user U | --group G | --operator | --everyone)
  tunechat policy detach <name> (--user U | --group G | --operator | --everyone)
  tunechat policy validate <file.json|->             findings by type with JSON paths; exit 1 on an ERROR
  tunechat policy simulate (--user U | --operator | --policy-file F.json...) --action A... [--resource R]...
                           [--context KEY=VALUE]... [--context-type KEY=Numeric|Bool|Date|IpAddress|String]...
  every command: [--json] [--db PATH] (default TUNECHAT_DB or ./data/tunechat.db)`;

/** Flags each subcommand accepts besides --json, --db and --help. */
const FLAGS: Record<string, readonly string[]> = {
  put: ['no-default', 'description'],
  get: ['version'],
  list: [],
  versions: [],
  'set-default': [],
  'delete-version': [],
  delete: [],
  attach: ['user', 'group', 'operator', 'everyone'],
  detach: ['user', 'group', 'operator', 'everyone'],
  validate: [],
  simulate: ['user', 'operator', 'policy-file', 'action', 'resource', 'context', 'context-type'],
};
const COMMON_FLAGS = new Set(['json', 'db', 'help']);
const MAX_DESCRIPTION = 1000;

export async function run(argv: string[], io: CliIo = terminalIo): Promise<number> {
  const parsed = parseCommandArgs('policy', USAGE, {
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      'no-default': { type: 'boolean' }, description: { type: 'string' }, version: { type: 'string' },
      user: { type: 'string' }, group: { type: 'string' }, operator: { type: 'boolean' }, everyone: { type: 'boolean' },
      'policy-file': { type: 'string', multiple: true }, action: { type: 'string', multiple: true }, resource: { type: 'string', multiple: true },
      context: { type: 'string', multiple: true }, 'context-type': { type: 'string', multiple: true },
    },
  });
  if (!parsed) return EXIT_USAGE;
  const { values, positionals } = parsed;
  const [sub, ...rest] = positionals;
  const output = new CommandOutput('policy', io, values.json ?? false, USAGE);
  if (values.help) return io.out(USAGE), 0;
  if (!sub) return output.usageError('a subcommand is required');
  const allowed = FLAGS[sub];
  if (!allowed || !Object.hasOwn(FLAGS, sub)) return output.usageError(`unknown subcommand "${sub}"`);
  const stray = Object.keys(values).find((flag) => !COMMON_FLAGS.has(flag) && !allowed.includes(flag));
  if (stray) return output.usageError(`--${stray}: does not apply to policy ${sub}`);
  let cli: IamCli | undefined;
  try {
    if (sub === 'validate') return await validateCommand(output, rest);
    if (sub === 'simulate') {
      const input = simulationInput(values, rest);
      cli = openIamCli(values.db);
      return await simulateCommand(output, cli, values, input);
    }
    if (sub === 'put') {
      const { name, file } = positionalArgs(rest, ['name', 'file'] as const);
      if (values.description !== undefined && values.description.length > MAX_DESCRIPTION) throw new UsageError('--description', `at most ${MAX_DESCRIPTION} characters, got ${values.description.length}`);
      const text = await readInput(io, file, '<file>');
      cli = openIamCli(values.db);
      return put(output, cli, name, text, { setDefault: values['no-default'] !== true, ...(values.description !== undefined ? { description: values.description } : {}) });
    }
    const target = sub === 'attach' || sub === 'detach' ? attachmentTarget(values) : null;
    const args = positionalArgs(rest, sub === 'list' ? [] : sub === 'set-default' || sub === 'delete-version' ? ['name', 'version'] : ['name']) as { name?: string; version?: string };
    const version = args.version !== undefined ? versionArg(args.version, '<version>') : values.version !== undefined ? versionArg(values.version, '--version') : undefined;
    cli = openIamCli(values.db);
    const { iam } = cli;
    const name = args.name!;
    switch (sub) {
      case 'get': {
        const record = iam.getPolicy(name, version);
        if (output.json) return output.result({ ...record, document: parseDocument(record.document) }, () => '');
        io.err(`# ${record.policy} ${record.version}${record.is_default ? ' (default)' : ''}, created ${isoTime(record.created_at)}`);
        return output.result(null, () => JSON.stringify(parseDocument(record.document), null, 2));
      }
      case 'list': {
        const policies = iam.listPolicies();
        return output.result({ policies }, () =>
          policies.length === 0
            ? 'no policies'
            : table(['name', 'default', 'versions', 'attached to', 'description'], policies.map((p) => [p.name, p.default_version, String(p.versions), p.attached_to.join(',') || '-', p.description || '-'])),
        );
      }
      case 'versions': {
        const versions = iam.listVersions(name);
        return output.result({ versions: versions.map((v) => ({ ...v, document: parseDocument(v.document) })) }, () =>
          table(['version', 'default', 'created'], versions.map((v) => [v.version, v.is_default ? 'default' : '', isoTime(v.created_at)])),
        );
      }
      case 'set-default':
        iam.setDefaultVersion(name, version!);
        return output.result({ policy: name, default_version: version }, () => `${name}: ${version} is the default version (in force now)`);
      case 'delete-version':
        iam.deleteVersion(name, version!);
        return output.result({ policy: name, deleted_version: version }, () => `${name}: deleted ${version} (versions are never renumbered)`);
      case 'delete':
        iam.deletePolicy(name);
        return output.result({ deleted: name }, () => `deleted policy ${name}`);
      case 'attach':
        iam.attach(name, target!);
        return output.result({ policy: name, attached_to: describeTarget(target!) }, () => `attached ${name} to ${describeTarget(target!)}`);
      default:
        iam.detach(name, target!);
        return output.result({ policy: name, detached_from: describeTarget(target!) }, () => `detached ${name} from ${describeTarget(target!)}`);
    }
  } catch (error) {
    return output.caught(error);
  } finally {
    await cli?.close();
  }
}

/** Stores a new version; on a refused document prints its findings (from the store, else validated here) and exits 1. */
function put(output: CommandOutput, cli: IamCli, name: string, text: string, options: { setDefault: boolean; description?: string }): number {
  try {
    const { version, findings } = cli.iam.putPolicy(name, text, options);
    const state = version.is_default ? 'default: in force now' : 'not the default: the previous default stays in force';
    return output.result({ version: { ...version, document: parseDocument(version.document) }, findings }, () => [`stored ${name} ${version.version} (${state})`, ...formatFindings(findings)]);
  } catch (error) {
    if (!ToolError.isInstance(error) || error.code !== 'invalid_policy') throw error;
    const stored = (error.details as { findings?: unknown }).findings;
    const findings = Array.isArray(stored) ? (stored as Finding[]) : safeValidate(text);
    return output.failure(error.code, `refused: ${error.message}\n${formatFindings(findings).join('\n')}`, error.details, { findings });
  }
}

function safeValidate(text: string): Finding[] {
  try {
    return validatePolicy(text);
  } catch {
    return [];
  }
}

function attachmentTarget(values: { user?: string; group?: string; operator?: boolean; everyone?: boolean }): AttachmentTarget {
  const targets: AttachmentTarget[] = [];
  if (values.user !== undefined) targets.push({ user: values.user });
  if (values.group !== undefined) targets.push({ group: values.group });
  if (values.operator) targets.push({ operator: true });
  if (values.everyone) targets.push({ everyone: true });
  if (targets.length !== 1) throw new UsageError('--user', `give exactly one of --user NAME, --group NAME, --operator, --everyone (got ${targets.length})`);
  return targets[0]!;
}

function describeTarget(target: AttachmentTarget): string {
  if ('user' in target) return `user:${target.user}`;
  if ('group' in target) return `group:${target.group}`;
  return 'operator' in target ? 'operator' : 'everyone';
}

/** Stored documents are JSON text; shown parsed (pretty) when they parse, as text otherwise. */
function parseDocument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
