/**
 * Runs the IAM commands (`tunechat users|groups|policy|audit`) in-process against a database file, with their
 * output captured, so each test is one call and no child process (the commands take a `CliIo`).
 */
import type { CliIo } from '../../../cli/iam-io.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

type Command = { run(argv: string[], io?: CliIo): Promise<number> };

const MODULES: Record<string, () => Promise<Command>> = {
  users: () => import('../../../cli/commands/users.ts'),
  groups: () => import('../../../cli/commands/groups.ts'),
  policy: () => import('../../../cli/commands/policy.ts'),
  audit: () => import('../../../cli/commands/audit.ts'),
};

/** `tunechat <command> ...args --db <dbPath>`; `stdin` is what `-` reads; `now` is the clock for `--since`. */
export async function tunechatIam(dbPath: string, args: string[], options: { stdin?: string; now?: number } = {}): Promise<CliRun> {
  const [name, ...rest] = args;
  const load = MODULES[name ?? ''];
  if (!load) throw new Error(`not an IAM command: ${name}`);
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    readStdin: async () => options.stdin ?? '',
    now: () => options.now ?? Date.now(),
  };
  const code = await (await load()).run([...rest, '--db', dbPath], io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
