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
 * Words outside backticks never count, and neither do spans in questions without a run verb. A command in double
 * quotes counts as a code span when it looks like one (quotedCommandsAsCode).
 */
export function typedCommands(message: string): TypedCommand[] {
  message = quotedCommandsAsCode(message);
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

/** Programs a quoted command line commonly starts with; a path or a script file name counts too. */
const PROGRAMS = /^(?:python[0-9.]*|node|npm|npx|pnpm|yarn|bun|deno|tsx|sleep|curl|wget|bash|sh|zsh|go|cargo|java|ruby|perl|php|make|docker|podman|kubectl|uv|poetry|pytest|ab|wrk|hey|echo|cat|ls|grep|sort|gzip|tar|ffmpeg|gcc|clang|rustc|dotnet|Rscript|julia|lua|xgboost|torchrun|accelerate|hyperfine|jq|sed|awk|find|du|git|rg|fd|zstd|xz|bzip2|brotli|openssl|sqlite3|psql|redis-cli|convert|magick|pandoc|rsync|cp|wc|head|tail|cut|md5sum|sha256sum|base64|dd|bc|g\+\+|cmake|ninja|mvn|gradle|swift|esbuild|tsc|webpack|vite|black|ruff|mypy|eslint|prettier|jest|vitest|mocha)$/;
/** A verb that runs what follows: `time "jq . big.json"` quotes a command whatever its program. */
const RUN_VERB_BEFORE = /\b(?:time|run|bench(?:mark)?|measure|profile|execute|exec|compare)\s+(?:the\s+)?(?:command\s+)?$/i;
/** The first word of a command line: a program name, not a word of prose with capitals or punctuation. */
const PROGRAM_WORD = /^[a-z][a-z0-9_.+-]*$/;
const SCRIPT = /^(?:\.{0,2}\/|~\/|\/)\S+$|^\S+\.(?:py|sh|js|mjs|cjs|ts|rb|pl|php|jar|exe|R|jl|lua|bin)$/;

/**
 * Quoted command lines written as code: `"sleep 0.1"`, `'sleep 0.1'` and `“python3 train.py --fast”` become backticked spans
 * when the quoted text starts with a program (python3, node, sleep, …), a path or a script file, and holds no
 * backtick or line break. Quoted prose ("fast mode", "the usual") is left alone, and the run-verb rule of
 * typedCommands still decides whether a span is a command to run. Both the command gate and the offline model read
 * messages through this, so they agree on what the user typed.
 */
export function quotedCommandsAsCode(message: string): string {
  // Quotes inside code ("bash -c \"sleep 1\"" in backticks) belong to that code: only the text between code is read.
  return message.split(/(```[\s\S]*?```|`[^`\n]+`)/).map((piece, i) => (i % 2 === 1 ? piece : quotedToCode(piece))).join('');
}

function quotedToCode(message: string): string {
  // Single quotes only around a whole span ("run 'sleep 0.2' ten times"), never an apostrophe ("it's", "users'").
  return message.replace(/"([^"`\n]{1,400})"|\u201c([^\u201d`\n]{1,400})\u201d|(?<![\w'])'([^'`\n]{1,400})'(?![\w'])|\u2018([^\u2019`\n]{1,400})\u2019/g, (whole, plain: string | undefined, curly: string | undefined, single: string | undefined, curlySingle: string | undefined, at: number) => {
    // A JSON string ({"command":["python3","x.py"]}) is data, not a command said in quotes.
    if (insideBrackets(message.slice(0, at)) || /^\s*:/.test(message.slice(at + whole.length))) return whole;
    const inner = (plain ?? curly ?? single ?? curlySingle ?? '').trim();
    const words = inner.split(/\s+/);
    const program = words[0] ?? '';
    const afterRunVerb = words.length > 1 && PROGRAM_WORD.test(program) && RUN_VERB_BEFORE.test(message.slice(0, at));
    return PROGRAMS.test(program) || SCRIPT.test(program) || afterRunVerb ? `\`${inner}\`` : whole;
  });
}

/** Whether the text ends inside an open { or [ (a pasted JSON value). */
function insideBrackets(before: string): boolean {
  let depth = 0;
  for (const c of before) depth += c === '{' || c === '[' ? 1 : c === '}' || c === ']' ? -1 : 0;
  return depth > 0;
}
