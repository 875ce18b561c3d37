import { parse } from 'shell-quote';

/** Programs that interpret their arguments as shell script (`sh -c '…'`). */
export const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'fish', 'csh', 'tcsh', 'busybox']);
/** Programs that run another program given as an argument (`env sh -c …`, `timeout 5 bash …`). */
export const WRAPPERS: ReadonlySet<string> = new Set(['env', 'nice', 'nohup', 'timeout', 'time', 'stdbuf', 'setsid', 'taskset', 'chrt', 'ionice', 'xargs', 'sudo', 'doas', 'su', 'runuser', 'strace', 'ltrace', 'watch', 'flock', 'chroot', 'unshare', 'nsenter']);

/** A command line as a user wrote it, parsed like a POSIX shell would split it — or why it is not a plain argv. */
export type ParsedCommandLine = { ok: true; argv: string[] } | { ok: false; reason: string };

/**
 * Splits a command line into an argv with a real shell-words parser (`shell-quote`): quotes group, backslashes
 * escape. Anything a shell would *interpret* — `;`, `|`, `&&`, redirections, `$VAR`, `$(…)`, globs, comments —
 * makes it not a plain argv (no shell runs it, so it would not mean what it says). Quoted text stays literal.
 */
export function parseCommandLine(line: string): ParsedCommandLine {
  const marker = `\u0000var${Math.random().toString(36).slice(2)}\u0000`;
  let entries: ReturnType<typeof parse>;
  try {
    entries = parse(line.trim(), () => marker);
  } catch (error) {
    return { ok: false, reason: `it cannot be parsed as a command line (${(error as Error).message})` };
  }
  const argv: string[] = [];
  for (const entry of entries) {
    if (typeof entry !== 'string') {
      const op = 'op' in entry ? (entry.op === 'glob' ? `the glob ${(entry as { pattern: string }).pattern}` : `"${entry.op}"`) : 'a # comment';
      return { ok: false, reason: `it uses shell syntax (${op}), which only a shell interprets` };
    }
    if (entry.includes(marker)) return { ok: false, reason: 'it expands a shell variable ($NAME), which only a shell interprets' };
    argv.push(entry);
  }
  if (argv.length === 0) return { ok: false, reason: 'it is empty' };
  return { ok: true, argv };
}

/** The file name of a program path (`/usr/bin/rm` → `rm`). */
export function programName(arg: string): string {
  return arg.slice(arg.lastIndexOf('/') + 1);
}

/**
 * Whether the argv runs a shell: its program is a shell, or a wrapper (env, timeout, sudo, xargs…) whose
 * arguments name one. Such an argv runs arbitrary script text.
 */
export function runsShell(argv: readonly string[]): boolean {
  const program = programName(argv[0] ?? '');
  if (SHELLS.has(program)) return true;
  return WRAPPERS.has(program) && argv.slice(1).some((a) => SHELLS.has(programName(a)));
}
