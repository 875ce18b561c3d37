import { ToolError } from '../common/errors.ts';

/**
 * Which commands the agent may run. A command is allowed when the user typed it in this turn's message
 * (in backticks, a fenced code block, or verbatim in the text) or when it is a registered target's command.
 * A command that appears only in model text is refused: the model must not invent commands to execute.
 * Commands always run as argument arrays; this module never builds a shell string.
 */

/** Splits a command line the way a POSIX shell splits words (quotes and backslashes; no expansion). */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) current += line[++i];
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

/** Command lines the user wrote in backticks or fenced code blocks. */
export function quotedCommands(message: string): string[][] {
  const spans: string[] = [];
  for (const m of message.matchAll(/```[a-z]*\n?([\s\S]*?)```/g)) spans.push(...m[1]!.split('\n'));
  const withoutFences = message.replace(/```[\s\S]*?```/g, ' ');
  for (const m of withoutFences.matchAll(/`([^`\n]+)`/g)) spans.push(m[1]!);
  return spans.map((s) => splitWords(s.trim().replace(/^\$\s+/, ''))).filter((w) => w.length > 0);
}

const sameArgv = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export interface CommandPolicyInput {
  argv: readonly string[];
  userMessage: string;
  /** Commands of the user's registered targets. */
  registered: readonly (readonly string[])[];
  parameter?: string;
}

/** Throws `forbidden` unless the user typed this argv (or registered it). */
export function checkCommandAllowed(input: CommandPolicyInput): void {
  const { argv, userMessage } = input;
  if (argv.length === 0) throw new ToolError('invalid_argument', `${input.parameter ?? 'command'} must be a non-empty argument array`, { details: { parameter: input.parameter ?? 'command' } });
  if (input.registered.some((r) => sameArgv(r, argv))) return;
  if (quotedCommands(userMessage).some((q) => sameArgv(q, argv))) return;
  // Verbatim in the text, as whole words (e.g. "benchmark sleep 0.1 please").
  const plain = splitWords(userMessage);
  for (let i = 0; i + argv.length <= plain.length; i++) {
    if (sameArgv(plain.slice(i, i + argv.length), argv)) return;
  }
  throw new ToolError('forbidden', `the command ${JSON.stringify(argv)} was not typed by the user in this message and is not a registered target, so it cannot be run. Ask the user to write the exact command in backticks (e.g. \`${argv.join(' ')}\`) or to register it as a target (register_target / tunechat targets add).`, {
    details: { parameter: input.parameter ?? 'command', argv },
  });
}
