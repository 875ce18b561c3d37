/**
 * `tunechat groups …`: groups of users; a policy attached to a group applies to each of its members.
 */
import { CommandOutput, type CliIo, EXIT_USAGE, positionalArgs, table, terminalIo } from '../iam-io.ts';
import { openIamCli } from '../iam-services.ts';
import { parseCommandArgs } from '../parse-command-args.ts';

const USAGE = `usage:
  tunechat groups add <name>
  tunechat groups list                        groups, their members and attached policies
  tunechat groups remove <name>
  tunechat groups add-user <group> <user>
  tunechat groups remove-user <group> <user>
  every command: [--json] [--db PATH] (default TUNECHAT_DB or ./data/tunechat.db)`;

const POSITIONALS = {
  add: ['name'],
  list: [],
  remove: ['name'],
  'add-user': ['group', 'user'],
  'remove-user': ['group', 'user'],
} as const satisfies Record<string, readonly string[]>;

export async function run(argv: string[], io: CliIo = terminalIo): Promise<number> {
  const parsed = parseCommandArgs('groups', USAGE, {
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (!parsed) return EXIT_USAGE;
  const { values, positionals } = parsed;
  const [sub, ...rest] = positionals;
  const output = new CommandOutput('groups', io, values.json ?? false, USAGE);
  if (values.help) return io.out(USAGE), 0;
  if (!sub) return output.usageError('a subcommand is required');
  if (!Object.hasOwn(POSITIONALS, sub)) return output.usageError(`unknown subcommand "${sub}"`);
  let cli: ReturnType<typeof openIamCli> | undefined;
  try {
    const args = positionalArgs(rest, POSITIONALS[sub as keyof typeof POSITIONALS]) as { name?: string; group?: string; user?: string };
    cli = openIamCli(values.db);
    const { iam } = cli;
    switch (sub) {
      case 'add':
        iam.addGroup(args.name!);
        return output.result({ added: args.name }, () => `added group ${args.name}`);
      case 'list': {
        const groups = iam.listGroups();
        return output.result({ groups }, () =>
          groups.length === 0 ? 'no groups' : table(['name', 'members', 'policies'], groups.map((g) => [g.name, g.members.join(',') || '-', g.policies.join(',') || '-'])),
        );
      }
      case 'remove':
        iam.removeGroup(args.name!);
        return output.result({ removed: args.name }, () => `removed group ${args.name}`);
      case 'add-user':
        iam.addToGroup(args.user!, args.group!);
        return output.result({ group: args.group, added: args.user }, () => `added ${args.user} to ${args.group}`);
      default:
        iam.removeFromGroup(args.user!, args.group!);
        return output.result({ group: args.group, removed: args.user }, () => `removed ${args.user} from ${args.group}`);
    }
  } catch (error) {
    return output.caught(error);
  } finally {
    await cli?.close();
  }
}
