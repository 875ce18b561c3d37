import type { Gen, Template } from './gen.ts';
import { FALLS, RISES, RULE_ONLY_METRICS, metricValue, metricWords } from './lexicon.ts';
import { drawMetric, drawTarget, metricDirection, metricName, notBuiltin, studyPrior } from './pieces.ts';
import type { PriorEntities } from '../types.ts';

/**
 * Rules: add ("alert me if p99 latency goes over 200 ms", fronted or trailing condition, several actions), list
 * ("which rules are active?") and remove (by id, or by reference to the rule just made, with prior.rule).
 */

const ALERT = ['alert me', 'notify me', 'ping me', 'let me know', 'warn me', 'send me an alert', 'tell me', 'message me', 'raise an alert', 'page me', 'give me a heads up', 'shout', 'email me', 'flag it', 'give me a heads-up', 'shout at me', 'drop me a message', 'nudge me', 'buzz me'];
const STOP = ['stop the study', 'kill the study', 'abort the study', 'stop everything', 'halt the study', 'cancel the run', 'stop tuning', 'end the study', 'abort', 'halt the tuning', 'halt tuning', 'pull the plug', 'stop the search', 'end the search', 'shut the study down', 'kill the run'];
const PRUNE = ['prune the trial', 'prune it', 'kill that trial', 'stop that trial', 'drop the trial', 'prune', 'prune that trial', 'cut the trial', 'kill the trial'];
/** Prune actions said before the condition, about trials in general: "kill trials where …", "drop any trial whose …". */
const PRUNE_WHERE = ['kill trials', 'kill any trial', 'drop any trial', 'drop trials', 'abort trials', 'abort any trial', 'prune trials', 'prune any trial', 'cut trials', 'stop trials', 'kill off trials', 'discard trials', 'skip trials', 'terminate trials', 'early-stop trials'];

/** Rule ids: generated ("r-12") and named by the user ("cpu-hot", "p99-guard"). */
const NAMED_IDS = ['cpu-hot', 'foo-bar', 'x', 'p99-guard', 'latency-alert', 'acc-floor', 'mem-watch', 'slow-trials', 'err-spike', 'gpu-oom', 'my-alert', 'tail-latency', 'budget-cap', 'r_latency', 'alert1'];

export function ruleId(g: Gen): string {
  return g.weighted<string>([[`r-${g.int(1, 40)}`, 6], [`r${g.int(1, 20)}`, 1], [`rule-${g.int(1, 9)}`, 1], [`r-${g.int(100, 999)}`, 1], [g.pick(NAMED_IDS), 2.5]]);
}

function addRule(g: Gen): { markup: string; prior?: PriorEntities } {
  const withStudy = g.chance(0.4);
  const t = drawTarget(g, notBuiltin);
  const useRuleOnly = g.chance(0.15);
  const metric = useRuleOnly ? g.pick(Object.keys(RULE_ONLY_METRICS)) : drawMetric(g, t);
  const words = metricWords(metric);
  const high = useRuleOnly ? g.chance(0.7) : metricDirection(t, metric) === 'minimize' ? g.chance(0.85) : g.chance(0.15);
  const M = `[${metricName(g, metric)}](rule_metric)`;
  const O = `[${g.pick(high ? RISES : FALLS)}](rule_op)`;
  const V = `[${metricValue(g, words.kind, words.kind === 'ratio' && high && !useRuleOnly ? 'low' : 'high')}](rule_value)`;
  const action = g.weighted<string[]>([[ALERT, 6], [STOP, 2], [PRUNE, 1]]);
  const A = `[${g.pick(action)}](rule_action)`;
  const cond = g.pick(['if', 'when', 'whenever', 'as soon as', 'the moment', 'in case', 'once']);
  const markup = g.weighted<string>([
    [`${A} ${cond} ${M} ${O} ${V}`, 6],
    [`${cond} ${M} ${O} ${V}, ${A}`, 4],
    [`${cond} ${M} ${O} ${V} ${A}`, 1],
    [`can you ${A} ${cond} ${M} ${O} ${V}?`, 1],
    [`I want you to ${A} ${cond} ${M} ${O} ${V}`, 1],
    [`add a rule: ${A} ${cond} ${M} ${O} ${V}`, 1],
    [`set up an alert: ${cond} ${M} ${O} ${V}, ${A}`, 1],
    [`create a rule to ${A} ${cond} ${M} ${O} ${V}`, 1],
    [`make a rule that ${g.pick(['alerts me', 'pings me', 'notifies me']).replace(/^(.*)$/, '[$1](rule_action)')} ${cond} ${M} ${O} ${V}`, 1],
    [`${M} ${O} ${V}? ${A}`, 1],
    [`${M} ${O} ${V} → ${A}`, 0.5],
    [`should ${M} ever [${high ? g.pick(['go over', 'exceed', 'pass']) : g.pick(['drop below', 'fall under'])}](rule_op) ${V}, ${A}`, 1],
    [`watch ${M} and ${A} ${cond} it ${O} ${V}`, 1],
    [`keep an eye on ${M}: ${A} ${cond} it ${O} ${V}`, 1],
    [`I'd like an alert ${cond} ${M} ${O} ${V}`.replace('an alert', '[an alert](rule_action)'), 1],
    [`[${g.pick(PRUNE_WHERE)}](rule_action) ${g.pick(['where', 'whose', 'that have', 'with', 'if their', 'when their', 'where the'])} ${M} ${O} ${V}`, 2.5],
    [`[${g.pick(STOP)}](rule_action) ${cond} ${M} ${O} ${V}`, 1],
    [`${g.pick(['set up an alert', 'new alert', 'alert', 'add an alert', 'create an alert', 'make an alert', 'set an alert', 'alert rule', 'watch'])}: ${M} ${colonOp(g, high)} ${V}`.replace(/^(set up an alert|new alert|alert|add an alert|create an alert|make an alert|set an alert|alert rule|watch)/, '[$1](rule_action)'), 2],
    [`[${g.pick(['alert', 'warn me', 'ping me', 'notify me'])}](rule_action) on ${M} ${colonOp(g, high)} ${V}`, 1],
    [`[${g.pick(['ping me', 'shout', 'give me a heads-up', 'give me a heads up', 'nudge me'])}](rule_action) ${g.pick(['if', 'when', 'the second', 'once'])} ${M} ${g.pick(['is', 'starts', 'ends up'])} [${high ? g.pick(['going past', 'going over', 'creeping above', 'over', 'past']) : g.pick(['dropping below', 'going under', 'under', 'falling below'])}](rule_op) ${V}`, 1],
  ]);
  return withStudy ? { markup, prior: studyPrior(g, t) } : { markup };
}

/** A comparison without its verb, as in "set up an alert: p99 above 250ms". */
function colonOp(g: Gen, high: boolean): string {
  return `[${high ? g.pick(['above', 'over', '>', 'past', 'at or above', 'higher than', 'greater than', '>=']) : g.pick(['below', 'under', '<', 'at or below', 'lower than', 'less than', '<='])}](rule_op)`;
}

const RULE_NOUNS = ['rules', 'alerts', 'alert rules', 'watches', 'triggers', 'notifications', 'automations', 'guards', 'monitors'];

function listRules(g: Gen): string {
  const n = g.pick(RULE_NOUNS);
  return g.pick([
    `which ${n} are active?`, `show me the ${n}`, `list the ${n}`, `what ${n} do I have?`, `list my ${n}`, `what ${n} are set up?`, `show active ${n}`, `any ${n} configured?`,
    `which ${n} are on?`, `what are my current ${n}?`, `display all ${n}`, `what ${n} exist right now?`, `do I have any ${n}?`, `print the ${n}`, `what's being watched?`,
    `remind me which ${n} I set`, `${n}?`, `show ${n}`, `can I see the ${n}?`, `what are you watching for?`, `enumerate the ${n}`, `what ${n} are running`, `list all the ${n} you created`,
    `any ${n} in place${g.pick(['', ' right now', ' at the moment', ' currently', ' yet'])}?`, `are there ${n} in place${g.pick(['', ' at the moment', ' now'])}?`, `got any ${n} set up?`,
    `what ${n} are in force${g.pick(['', ' at the moment', ' now'])}?`, `is anything being monitored${g.pick(['', ' right now', ' at the moment'])}?`, `what ${n} have we got${g.pick(['', ' at the moment', ' so far'])}?`,
  ]);
}

const DELETE = ['delete', 'remove', 'drop', 'get rid of', 'kill', 'scrap', 'cancel', 'disable', 'turn off', 'clear', 'undo', 'erase', 'ditch', 'trash', 'switch off', 'nuke', 'axe', 'lose', 'deactivate', 'bin', 'zap'];

function removeRule(g: Gen): { markup: string; prior?: PriorEntities } {
  const verb = g.pick(DELETE);
  if (g.chance(0.55)) {
    const id = ruleId(g);
    const I = `[${id}](rule_id)`;
    const markup = g.pick([
      `${verb} rule ${I}`, `${verb} ${I}`, `please ${verb} rule ${I}`, `${verb} the rule ${I}`, `can you ${verb} ${I}?`, `I don't need ${I} anymore, ${verb} it`, `rule ${I} can go`,
      `${verb} alert ${I}`, `${I} is noisy, ${verb} it`, `${verb} rule id ${I}`, `${verb} the alert with id ${I}`, `${verb} ${I} please`,
      `${verb} the rule named ${I}`, `${verb} the rule called ${I}`, `${verb} the alert named ${I}`, `${verb} the alert called ${I}`, `${verb} my ${I} rule`, `${verb} the ${I} alert`,
      `${verb} the ${I} rule`, `${verb} rule: ${I}`, `I want the ${I} rule gone`, `${I} rule: ${verb} it`, `can you ${verb} the rule named ${I}?`, `${verb} the watch ${I}`,
    ]);
    return g.chance(0.3) ? { markup, prior: { rule: ruleId(g) } } : { markup };
  }
  const reference = g.pick(['the alert I just made', 'that rule', 'the rule I just added', 'that alert', 'it', 'the last rule', 'the rule you just created', 'this alert', 'the new rule', 'that last alert', 'the alert from before', 'the one I just set up', 'the previous rule', 'my last alert', 'the latest rule']);
  const R = `[${reference}](reference)`;
  const markup = g.pick([
    `${verb} ${R}`, `${verb} ${R} please`, `actually, ${verb} ${R}`, `never mind, ${verb} ${R}`, `can you ${verb} ${R}?`, `I changed my mind, ${verb} ${R}`, `${R} is annoying, ${verb} it`,
    `please ${verb} ${R}`, `${verb} ${R}, I don't need it`, `oops, ${verb} ${R}`, `no wait, ${verb} ${R}`, `${verb} ${R} again`,
  ]);
  return { markup, prior: { rule: ruleId(g), ...(g.chance(0.4) ? studyPrior(g) : {}) } };
}

export const RULE_TEMPLATES: Template[] = [
  { intent: 'add_rule', make: addRule },
  { intent: 'list_rules', make: (g) => ({ markup: listRules(g), ...(g.chance(0.3) ? { prior: { rule: ruleId(g) } } : {}) }) },
  { intent: 'remove_rule', make: removeRule },
];
