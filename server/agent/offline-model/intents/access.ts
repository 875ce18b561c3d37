import { nameableTargets } from '../catalog.ts';
import { findDuration, normalize } from '../normalize.ts';
import { isRecord, textPlan, type Plan, type PlanInput } from '../plan.ts';
import { writeAccessToolFailure, writeAuditAnswer, writeSimulation } from '../writers/access.ts';
import { loadSlots, readActivity, studySlots, type Activity } from './access-activity.ts';
import { accessText, isYou } from './access-words.ts';

/*
 * Who may do what (issue 16), as questions: "could alice load-test 10.0.0.5 for 5 minutes?" → simulate_policy with the
 * call it would be; "why was my benchmark refused?", "who was denied today" → audit_query. These rules run before any
 * classifier (keyword-understanding.ts, graph-understanding.ts `readMessage`): the encoder has no access intents and is
 * not retrained for them. They only take a message that is clearly an access question, so every other request still
 * reaches the encoder.
 */

const MODAL = String.raw`(?:could|can|may|might|would|will|is|does|do|am|are)`;
const GRANT = String.raw`(?:(?:be |really |actually )?(?:allowed|permitted|able|authori[sz]ed|ok|okay)\s+to\s+|(?:have|got|has)\s+(?:the\s+)?(?:permission|rights?|access)\s+to\s+)`;
/** "could alice …", "is user bob allowed to …", "does alice have permission to …". */
const ASKS_ABOUT = new RegExp(String.raw`^(?:(?:hey|so|and|but|ok|okay|quick question|question)[,:]?\s+)?${MODAL}\s+(?:the\s+)?(?:user\s+)?([a-z][\w.@-]{0,63})\s+(${GRANT})?(.+)$`);
/** "would it be ok for alice to …", "is it allowed for bob to …", "check whether alice may …". */
const ASKS_FOR = new RegExp(String.raw`^(?:(?:would|will|is)\s+it\s+be\s+|is\s+it\s+)(?:ok|okay|allowed|permitted|fine)\s+for\s+(?:the\s+)?(?:user\s+)?([a-z][\w.@-]{0,63})\s+to\s+(.+)$`);
const CHECK_WHETHER = new RegExp(String.raw`^(?:please\s+)?(?:check|tell me|find out|see)\s+(?:whether|if)\s+(?:the\s+)?(?:user\s+)?([a-z][\w.@-]{0,63})\s+(?:can|could|may|is allowed to|is permitted to|would be allowed to)\s+(.+)$`);

/** Words that are not a user's name in "could X …". */
const NOT_A_NAME = new Set([
  'i', 'we', 'it', 'this', 'that', 'these', 'those', 'there', 'they', 'he', 'she', 'the', 'a', 'an', 'my', 'your', 'our', 'me', 'us', 'its',
  'someone', 'anyone', 'anybody', 'somebody', 'everyone', 'everybody', 'nobody', 'tunechat', 'study', 'studies', 'benchmark', 'trial', 'trials',
  'latency', 'accuracy', 'throughput', 'p99', 'p50', 'rule', 'alert', 'controller', 'service', 'server', 'target', 'model', 'not', 'what', 'which',
  'how', 'why', 'when', 'where', 'who', 'any', 'all', 'more', 'less', 'one', 'some', 'each', 'every', 'also', 'just', 'please', 'still', 'there',
  // Samplers and pruners are what "could cmaes optimize xgboost better" asks about, not users.
  'tpe', 'cmaes', 'cma', 'gp', 'random', 'qmc', 'sobol', 'grid', 'nsga2', 'nsga', 'motpe', 'optuna', 'hyperband', 'asha', 'median', 'bayesian', 'bo',
  'sampler', 'pruner', 'optimizer', 'workers', 'cache',
]);

/** "could alice load-test 10.0.0.5 for 5 minutes?" → the user (or null: the requester) and what they would do. */
export function readPermissionQuestion(input: PlanInput): { user: string | null; activity: Activity | null; granted: boolean } | null {
  const text = accessText(input.text).replace(/[?!.]+$/, '').trim();
  const self = /^(?:am i|are we|may i|do i|would i be|will i be|is it (?:ok|okay|allowed|permitted) for me to)\b/.exec(text);
  if (self) {
    const rest = /^(?:am i|are we|would i be|will i be)\s+(?:really\s+)?(?:allowed|permitted|authori[sz]ed)\s+to\s+(.+)$|^(?:do i|may i)\s+(?:have\s+(?:the\s+)?(?:permission|rights?|access)\s+to\s+)(.+)$|^is it (?:ok|okay|allowed|permitted) for me to\s+(.+)$/.exec(text);
    const phrase = rest?.[1] ?? rest?.[2] ?? rest?.[3];
    return phrase ? { user: null, activity: readActivity(phrase, input.raw, input.conversation), granted: true } : null;
  }
  const forUser = ASKS_FOR.exec(text) ?? CHECK_WHETHER.exec(text);
  const about = forUser ? null : ASKS_ABOUT.exec(text);
  const name = about?.[1] ?? forUser?.[1];
  const phrase = about ? about[3] : forUser?.[2];
  if (!name || !phrase || !isUserName(name, input)) return null;
  return { user: name, activity: readActivity(phrase, input.raw, input.conversation), granted: Boolean(about?.[2]) || forUser !== null };
}

function isUserName(name: string, input: PlanInput): boolean {
  if (NOT_A_NAME.has(name) || isYou(name) || /^\d/.test(name)) return false;
  const squash = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');
  return !nameableTargets(input.conversation).some((t) => squash(t.name) === squash(name) || (t.family !== undefined && squash(t.family) === squash(name)));
}

/** The plan for a permission question: simulate_policy with the call it would be, then "Yes — …" / "No — …". */
export function simulationPlan(user: string | null, activity: Activity): Plan {
  const args: Record<string, unknown> = { ...(user ? { user } : {}), ...('tool' in activity ? { tool: activity.tool, args: activity.args } : { action: activity.action }) };
  return {
    intent: 'simulate_policy',
    // Optional: a failure is answered by the writer (an unknown user gets how to add one), not the generic study hint.
    steps: [{ tool: 'simulate_policy', input: () => args, optional: true }],
    write: (done) => {
      const output = done[0]?.output;
      if (done[0]?.failed) return writeAccessToolFailure('simulate_policy', output, user);
      if (isRecord(output) && output.dry_run === true) return `Dry run: nothing was checked. I would call \`simulate_policy\` with ${JSON.stringify(args)}.`;
      return writeSimulation(user, activity, output);
    },
  };
}

const DENY_WORDS = /\b(?:denied|denials?|refused|refusals?|rejected|blocked|forbidden|disallowed|not allowed|not permitted|access denied|403|den(?:y|ies))\b/;
const AUDIT_WORDS = /\baudit(?:ed)?(?: log| trail| entries| records| rows)?\b|\b(?:access|policy|authori[sz]ation) (?:decisions|log|history)\b/;
const ASKING = /^(?:why|who|what|which|when|show|list|display|give|get|find|see|tell|how many|were|was|did|have|has|any|is|are|check|read|look)\b|\b(?:show|list|display|find|tell) me\b/;
/** Things that fail for other reasons than a policy: "why was my rule rejected" is the rule's validation, not an access decision. */
const OTHER_FAILURES = /\b(?:rules?|alerts?|trials?|samples?|configs?|configurations?|connections?|sockets?|ports?|uploads?|downloads?|files?|pull request|pr|commit|email|application|card|payment|loan|visa)\b/;

/** Which actions an audit question is about: "my benchmark" → bench:*, "studies" → optimizer:*. */
function actionOf(text: string): string | undefined {
  if (/\b(?:typed )?commands?\b/.test(text)) return 'bench:RunCommand';
  if (/\b(?:benchmark\w*|bench\w*|load-test\w*|stress-test\w*|load tests?)\b/.test(text)) return 'bench:*';
  if (/\b(?:study|studies|tuning|optimi[sz]ation|experiment)s?\b/.test(text)) return 'optimizer:*';
  if (/\b(?:controllers?|autoscal\w*)\b/.test(text)) return 'control:*';
  if (/\b(?:targets?|registration)\b/.test(text)) return 'targets:*';
  if (/\b(?:charts?|plots?)\b/.test(text)) return 'charts:*';
  if (/\b(?:sessions?|conversations?)\b/.test(text)) return 'sessions:*';
  if (/\bpolic(?:y|ies)\b/.test(text)) return 'policies:*';
  return undefined;
}

/** "in the last hour" → "1h", "past 30 minutes" → "30m", "today" → "today". */
function sinceOf(text: string): string | undefined {
  if (/\btoday\b|\bthis morning\b/.test(text)) return 'today';
  if (/\bsince yesterday\b|\byesterday\b/.test(text)) return 'yesterday';
  if (/\bthis week\b|\blast week\b|\bpast week\b/.test(text)) return '7d';
  const window = /\b(?:in the |over the |during the |within the |for the )?(?:last|past|previous|recent)\s+(.+)$/.exec(text)?.[1];
  if (!window) return undefined;
  if (/^(?:an? |1 )?hour\b/.test(window)) return '1h';
  if (/^(?:a |1 )?minute\b/.test(window)) return '1m';
  if (/^(?:a |1 )?day\b/.test(window)) return '1d';
  const duration = findDuration(window);
  if (!duration || duration.index > 3) return undefined;
  const seconds = duration.seconds;
  return seconds % 3600 === 0 ? `${seconds / 3600}h` : seconds % 60 === 0 ? `${seconds / 60}m` : `${Math.max(1, Math.round(seconds))}s`;
}

/** The principal an audit question is about: the requester (omitted), everyone ("*"), or a named user. */
function principalOf(text: string, input: PlanInput): string | undefined {
  // "show me the denials" asks for everyone's; "my", "I", "me" elsewhere ("why was I denied", "refused for me") for one's own.
  if (/\b(?:my|i|me|mine|i'm|i've)\b/.test(text.replace(/\b(?:show|tell|give|list|get|find|fetch) me\b/g, ''))) return undefined;
  const named = /\b(?:by|for|of|from)\s+(?:the\s+)?(?:user\s+)?([a-z][\w.@-]{0,63})\b(?:'s)?|\b([a-z][\w.@-]{0,63})'s\b|^(?:why|when)\s+(?:was|were|did|has|is)\s+([a-z][\w.@-]{0,63})\s+(?:been\s+|get\s+|got\s+)?(?:denied|refused|rejected|blocked)\b/.exec(text);
  const name = named?.[1] ?? named?.[2] ?? named?.[3];
  if (name && !/^(?:everyone|everybody|anyone|all|users|the|today|yesterday|last|past|this|hour|day|week|requests?|calls?|decisions?)$/.test(name) && isUserName(name, input)) return name;
  return '*';
}

/** "why was my benchmark refused?", "show denied requests in the last hour", "who was denied today", "show the audit log". */
export function readAuditQuestion(input: PlanInput): Record<string, unknown> | null {
  const text = accessText(input.text).replace(/[?!.]+$/, '').trim();
  // "why can't I run benchmarks?": a refusal asked about without a refusal word.
  const denied = DENY_WORDS.test(text) || /^why (?:can't|cannot|can not|couldn't|could not|won't|wouldn't) (?:i|we)\b/.test(text);
  const audit = AUDIT_WORDS.test(text);
  if (!denied && !audit) return null;
  if (!ASKING.test(text) && !audit) return null;
  if (OTHER_FAILURES.test(text) && !audit && !/\b(?:access|permission|policy|request)\b/.test(text)) return null;
  // "deny alice access to …", "refuse bob's study": orders about access are policy edits, not questions about the log.
  if (/^(?:deny|refuse|block|forbid|reject)\b/.test(text)) return null;
  const query: Record<string, unknown> = {};
  const principal = principalOf(text, input);
  if (principal !== undefined) query.principal = principal;
  if (denied) query.decision = 'deny';
  else if (/\b(?:allowed|granted|permitted) (?:requests|calls|decisions|actions)\b/.test(text)) query.decision = 'allow';
  const action = actionOf(text);
  if (action) query.action = action;
  const since = sinceOf(text);
  if (since) query.since = since;
  const limit = /\b(?:last|latest|recent|first)\s+(\d{1,3})\b(?!\s*(?:h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?|d|days?|w|weeks?)\b)/.exec(text)?.[1];
  if (limit) query.limit = Math.min(50, Math.max(1, Number(limit)));
  return query;
}

/** The plan for an audit question: audit_query, then the decisions in words. */
export function auditPlan(query: Record<string, unknown>, why: boolean): Plan {
  return {
    intent: 'audit_query',
    steps: [{ tool: 'audit_query', input: () => query, optional: true }],
    write: (done) => {
      const output = done[0]?.output;
      if (done[0]?.failed) return writeAccessToolFailure('audit_query', output, null);
      if (isRecord(output) && output.dry_run === true) return `Dry run: nothing was read. I would call \`audit_query\` with ${JSON.stringify(query)}.`;
      return writeAuditAnswer(query, output, why);
    },
  };
}

const FOLLOW_UP = /^(?:and |but |ok |okay |so )?(?:what about|how about|what if|the same for|same for|and with|and for|and if|and|with|for)\s+(.+)$/;

/**
 * "what about 100 trials?", "and for 30 seconds?", "what about bob?" right after a simulation: the same simulation
 * with the change. Without this the encoder would read "with 100 trials" as a study to start.
 */
export function followsSimulation(input: PlanInput): Plan | null {
  const before = input.conversation.turns.at(-2);
  const previous = before?.exchanges.filter((e) => e.toolName === 'simulate_policy').at(-1)?.input;
  if (!previous) return null;
  const text = accessText(input.text).replace(/[?!.]+$/, '').trim();
  const rest = FOLLOW_UP.exec(text)?.[1];
  if (!rest || text.split(/\s+/).length > 12) return null;
  const user = typeof previous.user === 'string' ? previous.user : null;
  const activity: Activity | null =
    typeof previous.tool === 'string' && isRecord(previous.args) ? { tool: previous.tool, args: previous.args } : typeof previous.action === 'string' ? { action: previous.action } : null;
  if (!activity) return null;
  if (/^(?:me|myself|i)$/.test(rest)) return simulationPlan(null, activity);
  const name = /^(?:user\s+)?([a-z][\w.@-]{0,63})$/.exec(rest)?.[1];
  if (name && isUserName(name, input)) return simulationPlan(name, activity);
  if (!('tool' in activity)) return null;
  const slots = activity.tool === 'bench_http' ? loadSlots(rest) : activity.tool === 'start_study' ? studySlots(rest) : {};
  return Object.keys(slots).length > 0 ? simulationPlan(user, { tool: activity.tool, args: { ...activity.args, ...slots } }) : null;
}

/** Access questions (simulation, audit), or null: the message is left to the other rules and the encoder. */
export function matchAccess(input: PlanInput): Plan | null {
  if (!input.text) return null;
  const refined = followsSimulation(input);
  if (refined) return refined;
  const question = readPermissionQuestion(input);
  if (question?.activity) return simulationPlan(question.user, question.activity);
  if (question?.granted) {
    const who = question.user ?? 'you';
    return textPlan('simulate-clarify', `I can check what ${who} may do with a policy simulation, but I did not recognise the action. Say it like "could ${question.user ?? 'I'} load-test 10.0.0.5:8080 for 60 s?", "can ${question.user ?? 'I'} start a study on xgboost with 500 trials?" or "may ${question.user ?? 'I'} add rules?".`);
  }
  const audit = readAuditQuestion(input);
  if (audit) return auditPlan(audit, /^why\b|\bwhy\b/.test(accessText(normalize(input.raw))));
  return null;
}
