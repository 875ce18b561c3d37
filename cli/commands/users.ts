/**
 * `tunechat users …`: API users, their tokens and their Slack ids, on the local database as the operator.
 * A token is printed once, when it is made (add, rotate-token): only its salted hash is stored.
 */
import { CommandOutput, type CliIo, EXIT_USAGE, isoTime, positionalArgs, table, terminalIo, UsageError } from '../iam-io.ts';
import { openIamCli } from '../iam-services.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import type { UserRecord } from '../../tools/iam/types.ts';

const USAGE = `usage:
  tunechat users add <name> [--group G]... [--tag KEY=VALUE]...   create a user; prints its API token once
  tunechat users list                                             users, groups, tags (never tokens)
  tunechat users remove <name>
  tunechat users rotate-token <name>                              a new token; the old one stops working
  tunechat users map-slack <slack-user-id> <name>                 Slack messages from that member act as the user
  tunechat users unmap-slack <slack-user-id>
  every command: [--json] [--db PATH] (default TUNECHAT_DB or ./data/tunechat.db)`;

const SUBCOMMANDS = ['add', 'list', 'remove', 'rotate-token', 'map-slack', 'unmap-slack'] as const;

export const TOKEN_WARNING = 'this token is shown only now: store it safely (tunechat users rotate-token makes a new one)';

/** Tags per user and the length of keys and values, so a command line cannot grow a row without bound. */
const MAX_TAGS = 50;
const MAX_TAG_LENGTH = 256;

export async function run(argv: string[], io: CliIo = terminalIo): Promise<number> {
  const parsed = parseCommandArgs('users', USAGE, {
    args: argv,
    allowPositionals: true,
    options: {
      group: { type: 'string', multiple: true }, tag: { type: 'string', multiple: true },
      json: { type: 'boolean' }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (!parsed) return EXIT_USAGE;
  const { values, positionals } = parsed;
  const [sub, ...rest] = positionals;
  const output = new CommandOutput('users', io, values.json ?? false, USAGE);
  if (values.help) return io.out(USAGE), 0;
  if (!sub) return output.usageError('a subcommand is required');
  if (!(SUBCOMMANDS as readonly string[]).includes(sub)) return output.usageError(`unknown subcommand "${sub}"`);
  let cli: ReturnType<typeof openIamCli> | undefined;
  try {
    if (sub !== 'add' && (values.group || values.tag)) throw new UsageError(values.group ? '--group' : '--tag', `only applies to users add`);
    const args = positionalsFor(sub, rest);
    const tags = parseTags(values.tag ?? []);
    cli = openIamCli(values.db);
    const { iam } = cli;
    switch (sub) {
      case 'add': {
        const { user, token } = iam.addUser(args.name!, { groups: values.group ?? [], tags });
        return output.result({ user, token, warning: TOKEN_WARNING }, () => [`added user ${user.name}${describeUser(user)}`, `token: ${token}`, `warning: ${TOKEN_WARNING}`]);
      }
      case 'list': {
        const users = iam.listUsers();
        return output.result({ users }, () =>
          users.length === 0
            ? 'no users (every request on loopback acts as the operator until one is added)'
            : table(['name', 'groups', 'tags', 'created', 'state'], users.map((u) => [u.name, u.groups.join(',') || '-', formatTags(u.tags) || '-', isoTime(u.created_at), u.disabled ? 'disabled' : 'active'])),
        );
      }
      case 'remove':
        iam.removeUser(args.name!);
        return output.result({ removed: args.name }, () => `removed user ${args.name}`);
      case 'rotate-token': {
        const token = iam.rotateToken(args.name!);
        return output.result({ user: args.name, token, warning: TOKEN_WARNING }, () => [`new token for ${args.name} (the old one no longer works)`, `token: ${token}`, `warning: ${TOKEN_WARNING}`]);
      }
      case 'map-slack':
        iam.mapSlackUser(args.slackId!, args.name!);
        return output.result({ slack_user_id: args.slackId, user: args.name }, () => `Slack member ${args.slackId} now acts as ${args.name}`);
      default:
        iam.unmapSlackUser(args.slackId!);
        return output.result({ slack_user_id: args.slackId, user: null }, () => `Slack member ${args.slackId} is unmapped (a slack-guest, with no rights by default)`);
    }
  } catch (error) {
    return output.caught(error);
  } finally {
    await cli?.close();
  }
}

function positionalsFor(sub: string, rest: string[]): { name?: string; slackId?: string } {
  switch (sub) {
    case 'list':
      return positionalArgs(rest, []);
    case 'map-slack': {
      const args = positionalArgs(rest, ['slack-user-id', 'name'] as const);
      return { slackId: args['slack-user-id'], name: args.name };
    }
    case 'unmap-slack':
      return { slackId: positionalArgs(rest, ['slack-user-id'] as const)['slack-user-id'] };
    default:
      return positionalArgs(rest, ['name'] as const);
  }
}

/** `--tag team=ml --tag tier=gold` → {team: "ml", tier: "gold"}; a tag without "=" or an empty key is a usage error. */
export function parseTags(specs: readonly string[]): Record<string, string> {
  if (specs.length > MAX_TAGS) throw new UsageError('--tag', `at most ${MAX_TAGS} tags, got ${specs.length}`);
  const tags: Record<string, string> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UsageError('--tag', `must be KEY=VALUE, got "${spec}"`);
    const key = spec.slice(0, eq);
    const value = spec.slice(eq + 1);
    if (key.length > MAX_TAG_LENGTH || value.length > MAX_TAG_LENGTH) throw new UsageError('--tag', `keys and values have at most ${MAX_TAG_LENGTH} characters, got "${spec.slice(0, 40)}…"`);
    tags[key] = value;
  }
  return tags;
}

function formatTags(tags: Readonly<Record<string, string>>): string {
  return Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(',');
}

function describeUser(user: UserRecord): string {
  const parts = [user.groups.length ? `groups ${user.groups.join(', ')}` : '', Object.keys(user.tags).length ? `tags ${formatTags(user.tags)}` : ''].filter(Boolean);
  return parts.length ? ` (${parts.join('; ')})` : '';
}
