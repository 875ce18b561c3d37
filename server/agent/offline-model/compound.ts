import type { Conversation, ToolExchange, Turn } from './conversation.ts';
import type { Plan } from './plan.ts';

/**
 * Two asks in one message ("benchmark `sleep 0.1`, then load-test http://127.0.0.1:8080/ping"; "stop st_1 and list my
 * rules"): the message is split where a second request clearly starts, and each part is planned as if the user had
 * sent the parts one after the other, so the second sees what the first did ("tune branin, then show which
 * parameters mattered"). A split is kept only when it changes the answer: every part on its own plans a tool call,
 * the parts call different tools, and the whole message read at once misses one of them. Otherwise the message is one
 * request, as before.
 */

/** Verbs that open a request of their own ("… and benchmark …"), not a clause of the first request. */
const ASK_VERBS = [
  'add', 'benchmark', 'bench', 'chart', 'check', 'compare', 'continue', 'create', 'delete', 'drop', 'explain', 'find',
  'graph', 'list', 'load-test', 'load test', 'hammer', 'hit', 'measure', 'plot', 'register', 'remove', 'replay',
  'resume', 'run', 'set up', 'show', 'start', 'stop', 'tell', 'time', 'tune', 'optimi[sz]e', 'kill', 'cancel', 'halt',
  'abort', 'let me know', 'send', 'fire', 'pull up', 'give me', 'profile', 'minimi[sz]e', 'maximi[sz]e',
  'alert me', 'notify me', 'warn me', 'ping me', 'page me', 'email me',
].join('|');
/** How a part that is an ask may open: "please", "can you", "I'd like you to", … before the verb. */
const LEAD = String.raw`(?:(?:ok(?:ay)?|now|so|please|pls|plz|kindly|next|finally|and|also|then)[,\s]+)*(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?|i(?:'d| would) like (?:you )?to\s+|i want (?:you )?to\s+|let'?s\s+)?`;
const ASK_START = new RegExp(`^${LEAD}(?:${ASK_VERBS})\\b`, 'i');
/** A part may also be a question: "… then what's the best?", "how's it doing, and which parameters matter?". */
const QUESTION_START = new RegExp(`^${LEAD}(?:what|what's|which|how|who|where|is|are|did|does)\\b`, 'i');

/** "stop bad runs early", "stop after half an hour", "stop when accuracy reaches 0.97": a setting of the study, not an ask. */
const STOP_SETTING = /^(?:stop|halt|kill|prune|cancel|abort|end)\s+(?:(?:the\s+)?(?:bad|poor|weak|hopeless|losing|unpromising|slow)\s+(?:runs?|trials?|ones|configs?)|(?:it\s+|the study\s+|them\s+)?(?:early|after|when|if|once|at|by|before|unless|as soon|whenever|on))\b/i;

/** A rule is a second ask only when the part says it is one ("keep accuracy above 95 percent" is a constraint of a study). */
const RULE_WORDS = /\b(?:rules?|alerts?|notify|notification|warn|flag|page me|ping me|trigger|email me|tell me when|let me know)\b/i;

/** A continue_study part must say so: "Use 40 trials." after a study request is its budget, not 40 more. */
const MORE = /\b(?:more|another|additional|extra|continue|resume|extend|keep going|further)\b/i;

/** A part that is only a greeting or a thank-you is dropped before the parts are judged. */
const SMALL_TALK = /^(?:hi|hello|hey|thanks|thank you|thx|cheers|ta|please|pls)\W*$/i;

const SEPARATORS: RegExp[] = [
  // A new sentence or a semicolon.
  /(?<=[a-z0-9)\]}`'"%][.!?])\s+(?=[A-Za-z`"'])|;\s+/g,
  // ", then", "and then", ", also", "and also", "after that", "afterwards" introducing another request.
  /(?:,\s*|\s+and\s+)(?:then|after that|afterwards|also)[,:]?\s+(?=[a-z`"'])|\s+then\s+(?=[a-z`"'])/gi,
  // "how's it doing, and which parameters matter?": a second question after a comma.
  /,\s+and\s+(?=(?:what|what's|which|how|how's|is|are|did|does)\b)/gi,
  // "show the best trial and which parameters mattered": the question about importance needs no comma.
  /\s+and\s+(?=(?:which|what) (?:param\w*|hyper-?param\w*|knobs?|settings?|variables?)\b[^.?!]{0,20}\bmatter)/gi,
  // "list my rules and my targets": another listing that takes the same verb.
  /\s+and\s+(?:also\s+)?(?=(?:my|the|all(?: the)?|our)\s+(?:(?:active|current|registered|existing|saved|past|old|available)\s+)?(?:targets|rules|alerts|sessions|conversations|chats)\W*$)/gi,
  // "… and <verb> …": "tune xgboost for accuracy and benchmark the server".
  new RegExp(`,?\\s+and\\s+(?=(?:please\\s+|also\\s+)?(?:${ASK_VERBS})\\b)`, 'gi'),
];

const MAX_PARTS = 3;

/** The parts of a message at clear request boundaries; one part when there is none. Quoted and backticked text is never split. */
export function splitAsks(text: string): string[] {
  const protectedText = maskQuotes(text);
  const cuts: Array<[number, number]> = [];
  for (const separator of SEPARATORS) {
    for (const match of protectedText.matchAll(separator)) cuts.push([match.index, match.index + match[0].length]);
  }
  cuts.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let start = 0;
  for (const [from, to] of cuts) {
    if (from < start) continue;
    parts.push(text.slice(start, from));
    start = to;
  }
  parts.push(text.slice(start));
  const cleaned = parts.map((p) => p.replace(/^[\s,;:.!?-]+|[\s,;:.]+$/g, '').replace(/^(?:and|then|also|please)\s+/i, '')).filter((p) => /\w/.test(p));
  const said = sameVerb(withComparisons(cleaned.filter((p) => !SMALL_TALK.test(p))));
  // "I have a script `…` that prints {…}. Register it as x and then tune it": what is said before the first ask is its context.
  const first = said.findIndex(isAsk);
  const asks = first > 0 ? [said.slice(0, first + 1).join(' '), ...said.slice(first + 1)] : said;
  if (asks.length < 2 || asks.length > MAX_PARTS) return [text];
  // Every part must read as a request of its own; a setting of the study ("stop bad runs early") is not one.
  if (!said.slice(Math.max(first, 0)).every(isAsk) || asks.some((p) => STOP_SETTING.test(p))) return [text];
  return asks;
}

function isAsk(part: string): boolean {
  return ASK_START.test(part) || QUESTION_START.test(part);
}

/** "… and compare with the last run": a comparison with an earlier run is part of the benchmark before it. */
const WITH_EARLIER = /^compar\w*\s+(?:it\s+|that\s+|them\s+|this\s+)?(?:with|to|against)\s+(?:the\s+|my\s+|our\s+)?(?:previous|last|earlier|prior|old|baseline|yesterday)/i;

function withComparisons(parts: string[]): string[] {
  const out: string[] = [];
  for (const part of parts) {
    if (out.length > 0 && WITH_EARLIER.test(part)) out[out.length - 1] = `${out.at(-1)} and ${part}`;
    else out.push(part);
  }
  return out;
}

/** "my targets", "the rules": a listing that is only an object. */
const LISTING = /^(?:my|the|all(?: the)?|our)\s+(?:(?:active|current|registered|existing|saved|past|old|available)\s+)?(?:targets|rules|alerts|sessions|conversations|chats)\W*$/i;

/** A URL or a code span: what a benchmark is run on. */
const OBJECT = /https?:\/\/\S+|`[^`]+`/;

/**
 * "benchmark http://…/a and then http://…/b": a part that is only another object takes the verb of the part before
 * ("benchmark http://…/b"), so both are asks of their own.
 */
function sameVerb(parts: string[]): string[] {
  return parts.map((part, i) => {
    const verb = i > 0 && LISTING.test(part) ? /^(?:please\s+)?(?:list|show|display|give me|see)\b/i.exec(parts[i - 1]!)?.[0] : undefined;
    if (verb) return `${verb} ${part}`;
    if (i === 0 || ASK_START.test(part) || !new RegExp(`^${OBJECT.source}`).test(part)) return part;
    const before = parts[i - 1]!;
    const object = OBJECT.exec(before);
    return object && ASK_START.test(before) ? `${before.slice(0, object.index)}${part}` : part;
  });
}

/** Quoted spans replaced by same-length filler, so separators inside `sleep 0.1; echo` or "a. b" do not count. */
function maskQuotes(text: string): string {
  return text.replace(/`[^`]*`|"[^"]*"|https?:\/\/\S+/g, (span) => 'x'.repeat(span.length));
}

/** The first call of a plan that is not a lookup: what the plan is for. */
function primaryTool(plan: Plan): string | null {
  const tools = plan.steps.map((s) => s.tool);
  return tools.find((t) => !LOOKUPS.has(t)) ?? tools[0] ?? null;
}

const LOOKUPS = new Set(['wait_for_study', 'list_targets', 'study_status']);
const BENCH = new Set(['bench_command', 'bench_http', 'bench_llm']);

/** The conversation as if `parts` had been sent one after the other: part i is the current turn, parts before it earlier turns. */
export function partConversation(conversation: Conversation, parts: string[], index: number, exchangesOf: (i: number) => Turn['exchanges']): Conversation {
  const before = conversation.turns.slice(0, -1);
  const virtual: Turn[] = parts.slice(0, index).map((userText, i) => ({ userText, exchanges: exchangesOf(i), assistantText: '' }));
  const current: Turn = { userText: parts[index]!, exchanges: exchangesOf(index), assistantText: '' };
  return { ...conversation, turns: [...before, ...virtual, current], current };
}

/**
 * The parts to plan one after the other, or null when the message is one request. Decided from the text and the
 * conversation before this turn only, so every step of the turn takes the same decision: each part is planned after
 * the parts before it as if their calls had run (with empty results), so "then show which parameters mattered" sees
 * the study the first part starts.
 */
export function compoundParts(conversation: Conversation, plan: (conversation: Conversation) => Plan): string[] | null {
  const parts = splitAsks(conversation.current.userText);
  if (parts.length < 2) return null;
  const imagined: ToolExchange[][] = [];
  const primaries: Array<string | null> = [];
  for (let i = 0; i < parts.length; i += 1) {
    const partPlan = plan(partConversation(conversation, parts, i, (j) => imagined[j] ?? []));
    primaries.push(primaryTool(partPlan));
    imagined.push(imagine(partPlan));
  }
  const whole = plan(partConversation(conversation, [conversation.current.userText], 0, () => []));
  const wholePrimary = primaryTool(whole);
  // A rule that needs the rest of the message to be understood ("… and alert me when value is below 0.5": value is
  // branin's) is the part the whole message answers, when the whole answers none of the other parts.
  const unread = primaries.flatMap((tool, i) => (tool === null ? [i] : []));
  if (unread.length === 1 && wholePrimary === 'add_rule' && !primaries.includes(wholePrimary)) primaries[unread[0]!] = wholePrimary;
  if (primaries.some((tool) => tool === null)) return null;
  // The same benchmark tool twice is two asks only when the parts name different URLs or commands.
  const objects = parts.map((p) => OBJECT.exec(p)?.[0] ?? null);
  const twoObjects = new Set(primaries).size === 1 && BENCH.has(primaries[0]!) && objects.every((o) => o !== null) && new Set(objects).size === objects.length;
  if (new Set(primaries).size < primaries.length && !twoObjects) return null;
  if (primaries.some((tool, i) => tool === 'continue_study' && !MORE.test(parts[i]!))) return null;
  if (primaries.some((tool, i) => tool === 'add_rule' && !RULE_WORDS.test(parts[i]!))) return null;
  const wholeTools = new Set(whole.steps.map((s) => s.tool));
  if (primaries.every((tool) => wholeTools.has(tool!)) && !twoObjects) return null;
  // The part the whole message already answers is planned from the whole message, which may know more than the part.
  const texts = [...parts];
  const covered = wholePrimary ? primaries.indexOf(wholePrimary) : -1;
  if (covered >= 0) texts[covered] = conversation.current.userText;
  // After other parts the whole message may read otherwise ("list my sessions and my rules" after "list my sessions"):
  // it stands for the part only where it still plans that part's tool.
  if (covered > 0 && primaryTool(plan(partConversation(conversation, texts, covered, (j) => imagined[j] ?? []))) !== wholePrimary) texts[covered] = parts[covered]!;
  return rulesFirst(texts, primaries as string[]);
}

/** The calls a plan would make, as if each had come back empty. */
function imagine(plan: Plan): ToolExchange[] {
  const done: ToolExchange[] = [];
  for (const step of plan.steps) {
    const input = step.input(done);
    if (input !== null) done.push({ toolCallId: '', toolName: step.tool, input, output: {}, failed: false });
  }
  return done;
}

/** A rule asked for with a study ("tune branin and stop it when the value is under 0.5") must exist before the study runs. */
function rulesFirst(parts: string[], primaries: string[]): string[] {
  const study = primaries.findIndex((tool) => tool === 'start_study' || tool === 'continue_study');
  const rule = primaries.findIndex((tool) => tool === 'add_rule');
  if (study < 0 || rule < study) return parts;
  const reordered = [...parts];
  const [moved] = reordered.splice(rule, 1);
  reordered.splice(study, 0, moved!);
  return reordered;
}
