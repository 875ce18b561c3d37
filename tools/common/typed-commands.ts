import { parseCommandLine, type ParsedCommandLine } from './command-line.ts';

/**
 * A verb that asks for a command to be run (or registered to run). A code span counts as a command the user
 * typed only when such a verb comes before it in the same sentence: "benchmark `sleep 0.1`", "compare `a` and
 * `b`", "register a target called x that runs `python3 score.py`" — not "why would `rm -f x` fail?".
 */
const RUN_VERB = /\b(?:bench(?:mark)?(?:s|ed|ing)?|run(?:s|ning)?|execute|exec|time|timing|measure|compare|profile|hyperfine|try|register|tune|launch|invoke|how (?:fast|long|quick|slow))\b/i;
/** A sentence ends at . ! ? followed by a space, or at a line break. */
const SENTENCE_END = /(?:[.!?](?=\s)|\n)/g;

/** A command line the user wrote in backticks or a fenced code block after a run verb, with its parse. */
export interface TypedCommand {
  /** The text inside the backticks (one line of a fenced block). */
  text: string;
  parsed: ParsedCommandLine;
}

/**
 * The commands a message explicitly asks to run: each inline code span, or each line of a fenced code block
 * (a leading `$ ` prompt removed), that follows a run verb in its sentence (for a block: in the text before it).
 * Words outside backticks never count, and neither do spans in questions without a run verb.
 */
export function typedCommands(message: string): TypedCommand[] {
  const found: TypedCommand[] = [];
  const add = (text: string) => {
    const line = text.trim().replace(/^\$\s+/, '');
    if (line) found.push({ text: line, parsed: parseCommandLine(line) });
  };
  let rest = '';
  let last = 0;
  for (const m of message.matchAll(/```[^\n`]*\n([\s\S]*?)```|`([^`\n]+)`/g)) {
    const before = message.slice(last, m.index);
    rest = m[1] !== undefined ? before : `${rest}${before}`;
    last = m.index + m[0].length;
    const sentence = m[1] !== undefined ? before : currentSentence(rest);
    if (!RUN_VERB.test(sentence)) {
      if (m[1] === undefined) rest += ' ';
      continue;
    }
    if (m[1] !== undefined) {
      for (const line of m[1].split('\n')) add(line);
      rest = '';
    } else {
      add(m[2]!);
      rest += ' '; // later spans of the same sentence keep its verb ("compare `a` and `b`")
    }
  }
  return found;
}

/** The text since the last sentence end. */
function currentSentence(text: string): string {
  let start = 0;
  for (const m of text.matchAll(SENTENCE_END)) start = m.index + m[0].length;
  return text.slice(start);
}
