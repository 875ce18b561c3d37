/**
 * `tunechat audit query|verify`: the decision log. Every authorization (allowed and denied) is a hash-chained row;
 * `verify` recomputes the chain, so a row edited or deleted by hand (sqlite3 on the file) is found and named.
 */
import type { AuditDecision, AuditQuery } from '../../tools/iam/types.ts';
import { parseLimit, parseSince } from '../iam-args.ts';
import { formatAudit } from '../iam-format.ts';
import { CommandOutput, type CliIo, EXIT_ERROR, EXIT_OK, EXIT_USAGE, positionalArgs, terminalIo, UsageError } from '../iam-io.ts';
import { openIamCli, type IamCli } from '../iam-services.ts';
import { parseCommandArgs } from '../parse-command-args.ts';

const USAGE = `usage:
  tunechat audit query [--principal P] [--decision allow|deny] [--action A] [--since 1h|30m|2d|ISO] [--limit N]
                                             decisions, newest first (default 50, at most 1000)
  tunechat audit verify                      recompute the hash chain; exit 1 naming the first broken row
  every command: [--json] [--db PATH] (default TUNECHAT_DB or ./data/tunechat.db)`;

const QUERY_FLAGS = new Set(['principal', 'decision', 'action', 'since', 'limit']);
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;

export async function run(argv: string[], io: CliIo = terminalIo): Promise<number> {
  const parsed = parseCommandArgs('audit', USAGE, {
    args: argv,
    allowPositionals: true,
    options: {
      principal: { type: 'string' }, decision: { type: 'string' }, action: { type: 'string' }, since: { type: 'string' }, limit: { type: 'string' },
      json: { type: 'boolean' }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (!parsed) return EXIT_USAGE;
  const { values, positionals } = parsed;
  const [sub, ...rest] = positionals;
  const output = new CommandOutput('audit', io, values.json ?? false, USAGE);
  if (values.help) return io.out(USAGE), 0;
  if (!sub) return output.usageError('a subcommand is required');
  if (sub !== 'query' && sub !== 'verify') return output.usageError(`unknown subcommand "${sub}"`);
  let cli: IamCli | undefined;
  try {
    positionalArgs(rest, []);
    if (sub === 'verify') {
      const stray = Object.keys(values).find((flag) => QUERY_FLAGS.has(flag));
      if (stray) throw new UsageError(`--${stray}`, 'does not apply to audit verify');
      cli = openIamCli(values.db);
      return verify(output, cli);
    }
    const query = queryOf(values, io.now());
    cli = openIamCli(values.db);
    const rows = cli.audit.query(query);
    return output.result({ rows }, () => (rows.length === 0 ? 'no decisions match' : formatAudit(rows)));
  } catch (error) {
    return output.caught(error);
  } finally {
    await cli?.close();
  }
}

function queryOf(values: { principal?: string; decision?: string; action?: string; since?: string; limit?: string }, now: number): AuditQuery {
  const { decision } = values;
  if (decision !== undefined && decision !== 'allow' && decision !== 'deny') throw new UsageError('--decision', `must be allow or deny, got "${decision}"`);
  return {
    ...(values.principal !== undefined ? { principal: values.principal } : {}),
    ...(decision !== undefined ? { decision: decision as AuditDecision } : {}),
    ...(values.action !== undefined ? { action: values.action } : {}),
    ...(values.since !== undefined ? { since: parseSince(values.since, now) } : {}),
    limit: parseLimit(values.limit, DEFAULT_LIMIT, MAX_LIMIT),
  };
}

function verify(output: CommandOutput, cli: IamCli): number {
  const result = cli.audit.verify();
  if (result.ok) return output.result(result, () => `chain intact: ${result.rows} rows`), EXIT_OK;
  const broken = result.broken;
  const where = broken ? `row ${broken.seq}: ${broken.reason}` : 'the chain does not hold';
  output.io.err(`tunechat audit: chain broken at ${where} (${result.rows} rows checked)`);
  if (output.json) output.io.out(JSON.stringify(result, null, 2));
  return EXIT_ERROR;
}
