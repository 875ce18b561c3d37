/**
 * What the IAM commands (`tunechat users|groups|policy|audit`) share: where they write, how they read a file or
 * stdin (with a size limit), how they fail (exit 1 for errors, 2 for usage errors, the argument named), and the
 * JSON mode (`--json`: one JSON document on stdout, errors too, so scripts can always parse it).
 */
import { readFileSync, statSync } from 'node:fs';
import { ToolError } from '../tools/common/errors.ts';

/** Where a command writes and what it reads; the default is the terminal, tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** The whole of stdin (for `-` as a file name). */
  readStdin(): Promise<string>;
  /** Wall-clock ms (`--since 1h` is relative to it). */
  now(): number;
}

export const terminalIo: CliIo = {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      size += (chunk as Buffer).length;
      if (size > MAX_INPUT_BYTES) throw tooLarge('stdin', size);
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  },
  now: () => Date.now(),
};

/**
 * Largest policy file read. A managed policy holds at most 6,144 characters not counting whitespace; indentation
 * may add a lot, so the file limit is generous, but bounded.
 */
export const MAX_INPUT_BYTES = 256 * 1024;

/** Exit codes of every command: 0 done, 1 refused or failed, 2 the command line is wrong. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

/** A usage error (exit 2): a missing or extra argument, a bad flag value. `argument` is named in the message. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(readonly argument: string, message: string) {
    super(`${argument}: ${message}`);
  }
}

/** The command's output helpers, bound to its name, its io and whether `--json` was given. */
export class CommandOutput {
  constructor(readonly command: string, readonly io: CliIo, readonly json: boolean, private readonly usage: string) {}

  /** Prints the JSON document in JSON mode, else the text lines. */
  result(document: unknown, text: () => string | string[]): number {
    if (this.json) this.io.out(JSON.stringify(document, null, 2));
    else {
      const lines = text();
      this.io.out(Array.isArray(lines) ? lines.join('\n') : lines);
    }
    return EXIT_OK;
  }

  /** Exit 2 with the message and the usage. */
  usageError(message: string): number {
    this.io.err(`tunechat ${this.command}: ${message}\n${this.usage}`);
    if (this.json) this.io.out(JSON.stringify({ error: { code: 'usage', message } }));
    return EXIT_USAGE;
  }

  /** Exit 1 with the message (and in JSON mode `{"error": {code, message, details}, …extra}` on stdout). */
  failure(code: string, message: string, details: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): number {
    this.io.err(`tunechat ${this.command}: ${message}`);
    if (this.json) this.io.out(JSON.stringify({ error: { code, message, details }, ...extra }, null, 2));
    return EXIT_ERROR;
  }

  /** Turns what a command threw into its exit code: usage errors 2, ToolErrors 1 with their message; anything else is a bug and is rethrown. */
  caught(error: unknown): number {
    if (error instanceof UsageError) return this.usageError(error.message);
    if (ToolError.isInstance(error)) return this.failure(error.code, error.message, error.details);
    throw error;
  }
}

/** Reads a policy file, or stdin for `-`, refusing more than MAX_INPUT_BYTES. `argument` names the positional in errors. */
export async function readInput(io: CliIo, path: string, argument: string): Promise<string> {
  if (path === '-') return io.readStdin();
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    throw new ToolError('not_found', `${argument}: cannot read "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { details: { parameter: argument, path }, cause: error });
  }
  if (size > MAX_INPUT_BYTES) throw tooLarge(argument, size);
  return readFileSync(path, 'utf8');
}

function tooLarge(argument: string, size: number): ToolError {
  return new ToolError('too_large', `${argument}: ${size} bytes is more than the ${MAX_INPUT_BYTES} bytes a policy file may have`, { details: { parameter: argument, size, limit: MAX_INPUT_BYTES } });
}

/**
 * The positionals a subcommand takes, by name: throws a UsageError naming the first missing one, or the first
 * extra one.
 */
export function positionalArgs<const N extends readonly string[]>(positionals: readonly string[], names: N): { [K in N[number]]: string } {
  for (let i = 0; i < names.length; i++) {
    if (positionals[i] === undefined || positionals[i] === '') throw new UsageError(`<${names[i]}>`, 'is required');
  }
  if (positionals.length > names.length) throw new UsageError(`"${positionals[names.length]}"`, 'unexpected argument');
  return Object.fromEntries(names.map((n, i) => [n, positionals[i]])) as { [K in N[number]]: string };
}

/** Left-aligned columns with a header row; cells are single-line (newlines become spaces). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const clean = (cell: string) => cell.replace(/\s*\n\s*/g, ' ');
  const all = [header, ...rows].map((row) => row.map(clean));
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  return all.map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c] ?? 0))).join('  ').trimEnd());
}

/** ISO time of epoch ms, to the second (audit rows, users, versions). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
