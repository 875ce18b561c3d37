/**
 * Policy decisions in plain words, for the chat (simulate_policy, audit_query) and the offline model's answers to an
 * `access_denied` failure: which statement decided, and what its condition asks for ("more than 200 trials", "source
 * IP in 10.0.0.0/8"). A reader who is not a policy author must understand why without reading JSON.
 */
import type { ConditionBlock, ConditionScalar, EvalDecision, Effect } from './types.ts';

/** A matched statement as the tools report it: the contract's fields, plus the statement's condition when known. */
export interface ExplainedStatement {
  policy: string;
  version: string;
  sid: string | null;
  effect: Effect;
  condition?: ConditionBlock | null;
}

export interface ExplainInput {
  action: string;
  resource: string;
  decision: EvalDecision;
  matched: readonly ExplainedStatement[];
  missingContextKeys: readonly string[];
  /** Allow statements whose action and resource match but whose condition did not (why an implicit deny is one). */
  nearMisses?: readonly ExplainedStatement[];
}

/** Numeric context keys as a quantity: the number and its noun ("200 trials", "60 s of load"). */
const QUANTITIES: Record<string, (n: string) => string> = {
  'optimizer:trials': (n) => `${n} trials`,
  'optimizer:parallel': (n) => `${n} trials in parallel`,
  'optimizer:timelimitseconds': (n) => `a ${n} s time limit`,
  'bench:durationseconds': (n) => `${n} s of load`,
  'bench:connections': (n) => `${n} connections`,
  'bench:rate': (n) => `${n} requests/s`,
  'bench:runs': (n) => `${n} runs`,
  'control:maxbound': (n) => `a bound of ${n}`,
  'tunechat:epochtime': (n) => `epoch time ${n}`,
};

const NUMERIC_WORDS: Record<string, string> = {
  NumericLessThan: 'fewer than',
  NumericLessThanEquals: 'at most',
  NumericGreaterThan: 'more than',
  NumericGreaterThanEquals: 'at least',
  NumericEquals: 'exactly',
  NumericNotEquals: 'anything but',
};

const DATE_WORDS: Record<string, string> = {
  DateLessThan: 'before',
  DateLessThanEquals: 'until',
  DateGreaterThan: 'after',
  DateGreaterThanEquals: 'from',
  DateEquals: 'at',
  DateNotEquals: 'other than at',
};

/** Names a context key in words. */
function keyWords(key: string): string {
  const names: Record<string, string> = {
    'tunechat:source': 'the request source',
    'tunechat:sourceip': 'the source IP',
    'tunechat:username': 'the user name',
    'tunechat:principaltype': 'the principal type',
    'tunechat:groups': 'the groups',
    'tunechat:currenttime': 'the time',
    'bench:targethost': 'the target host',
    'bench:targetip': 'the target IP',
    'bench:commandorigin': 'the command origin',
    'optimizer:sampler': 'the sampler',
    'control:policy': 'the control policy',
    'control:parameter': 'the controlled parameter',
  };
  return names[key.toLowerCase()] ?? key;
}

const list = (values: readonly ConditionScalar[]): string => (values.length <= 1 ? String(values[0] ?? '') : `${values.slice(0, -1).join(', ')} or ${String(values.at(-1))}`);

/** One operator on one key in words: "more than 200 trials", "the source IP in 10.0.0.0/8". */
function clause(operator: string, key: string, raw: ConditionScalar | ConditionScalar[]): string {
  const values = Array.isArray(raw) ? raw : [raw];
  const ifExists = operator.endsWith('IfExists');
  const qualifier = /^(ForAnyValue|ForAllValues):/.exec(operator)?.[1];
  const base = operator.replace(/^(ForAnyValue|ForAllValues):/, '').replace(/IfExists$/, '');
  const lower = key.toLowerCase();
  let text: string;
  if (base in NUMERIC_WORDS) {
    const quantity = QUANTITIES[lower];
    text = quantity ? `${NUMERIC_WORDS[base]} ${quantity(list(values))}` : `${key} ${NUMERIC_WORDS[base]} ${list(values)}`;
  } else if (base in DATE_WORDS) {
    text = `${DATE_WORDS[base]} ${list(values)}`;
  } else if (base === 'Bool') {
    text = boolWords(lower, String(values[0]).toLowerCase() === 'true') ?? `${key} is ${list(values)}`;
  } else if (base === 'IpAddress' || base === 'NotIpAddress') {
    text = `${keyWords(key)} ${base === 'NotIpAddress' ? 'outside' : 'in'} ${list(values)}`;
  } else if (base === 'Null') {
    text = String(values[0]).toLowerCase() === 'true' ? `no ${keyWords(key)} given` : `${keyWords(key)} given`;
  } else {
    const negated = /Not/.test(base);
    const verb = /Like/.test(base) ? (negated ? 'does not match' : 'matches') : negated ? 'is not' : 'is';
    text = lower === 'bench:commandorigin' && !negated && values.length === 1 && values[0] === 'typed' ? 'a command typed in the chat' : `${keyWords(key)} ${verb} ${list(values)}`;
  }
  if (qualifier === 'ForAnyValue') text = `any of ${text}`;
  if (qualifier === 'ForAllValues') text = `all of ${text}`;
  return ifExists ? `${text} (when given)` : text;
}

function boolWords(key: string, value: boolean): string | null {
  if (key === 'bench:hostallowed') return value ? 'a host on the allowed list' : 'a host that is not on the allowed list (TUNECHAT_ALLOWED_HOSTS)';
  if (key === 'tunechat:slacktypedcommandsallowed') return value ? 'typed commands allowed from Slack' : 'typed commands not allowed from Slack';
  return null;
}

/** A condition block in words, its clauses joined by "and" (IAM ANDs operators and keys); "" without one. */
export function describeCondition(condition: ConditionBlock | null | undefined): string {
  if (!condition) return '';
  const parts: string[] = [];
  for (const [operator, keys] of Object.entries(condition)) {
    for (const [key, value] of Object.entries(keys ?? {})) parts.push(clause(operator, key, value));
  }
  return parts.join(' and ');
}

/** "tuners-studies (v2), statement MaxTrials"; a statement without a Sid is named by its policy alone. */
export function statementName(statement: ExplainedStatement): string {
  const policy = `${statement.policy.replace(/^default:/, '')} (${statement.version})`;
  return statement.sid ? `${policy}, statement ${statement.sid}` : policy;
}

/** One statement with what its condition asks for: "tuners-studies (v2), statement MaxTrials, denies more than 200 trials". */
export function statementInWords(statement: ExplainedStatement): string {
  const condition = describeCondition(statement.condition);
  const verb = statement.effect === 'Deny' ? 'denies' : 'allows';
  return condition ? `${statementName(statement)}, ${verb} ${condition}` : statementName(statement);
}

/**
 * One line in plain English for one decision: "Allowed by team-load (v1), statement LoadInternal.", "Denied by
 * tuners-studies (v2), statement MaxTrials, which denies more than 200 trials.", "Denied: no policy allows
 * optimizer:StartStudy on tunechat:target/xgboost (implicit deny); tuners-studies (v1), statement Studies, allows it only
 * with at most 200 trials."
 */
export function explainDecision(input: ExplainInput): string {
  const missing = input.missingContextKeys.length > 0 ? ` The request lacked ${input.missingContextKeys.join(', ')}, which a condition asks for.` : '';
  if (input.decision === 'allowed') {
    const by = input.matched.map(statementName);
    return `Allowed by ${by.length > 0 ? by.join('; ') : 'a policy'}.${missing}`;
  }
  if (input.decision === 'explicitDeny') {
    const deny = input.matched.filter((s) => s.effect === 'Deny');
    const by = (deny.length > 0 ? deny : input.matched).map((s) => {
      const condition = describeCondition(s.condition);
      return condition ? `${statementName(s)}, which denies ${condition}` : statementName(s);
    });
    return `Denied explicitly by ${by.length > 0 ? by.join('; ') : 'a Deny statement'} (an explicit Deny wins over any Allow).${missing}`;
  }
  const near = (input.nearMisses ?? []).filter((s) => describeCondition(s.condition) !== '');
  const nearText = near.length > 0 ? ` ${near.map((s) => `${statementName(s)}, allows it only with ${describeCondition(s.condition)}`).join('; ')}.` : '';
  return `Denied: no policy allows ${input.action} on ${input.resource} (implicit deny).${nearText}${missing}`;
}

/** How a hint names a limit on a numeric key: at most / below / at least / above the value. */
const HINTS: Record<string, { atMost: (v: number) => string; unit: string }> = {
  'optimizer:trials': { atMost: (v) => `${v} or fewer trials`, unit: 'trials' },
  'optimizer:parallel': { atMost: (v) => `${v} or fewer in parallel`, unit: 'in parallel' },
  'optimizer:timelimitseconds': { atMost: (v) => `a time limit of ${v} s or less`, unit: 's of time limit' },
  'bench:durationseconds': { atMost: (v) => `${v} s of load or less`, unit: 's of load' },
  'bench:connections': { atMost: (v) => `${v} or fewer connections`, unit: 'connections' },
  'bench:rate': { atMost: (v) => `${v} requests/s or less`, unit: 'requests/s' },
  'bench:runs': { atMost: (v) => `${v} or fewer runs`, unit: 'runs' },
};

/**
 * What to try instead, read from the numeric limits of the deciding statements: a Deny of "more than 200 trials" or
 * an Allow of "at most 200 trials" both give "200 or fewer trials". Null when no statement has such a limit.
 */
export function limitHint(statements: readonly ExplainedStatement[]): string | null {
  for (const statement of statements) {
    for (const [operator, keys] of Object.entries(statement.condition ?? {})) {
      const base = operator.replace(/IfExists$/, '');
      for (const [key, raw] of Object.entries(keys ?? {})) {
        const hint = HINTS[key.toLowerCase()];
        const value = Number(Array.isArray(raw) ? raw[0] : raw);
        if (!hint || !Number.isFinite(value)) continue;
        // A Deny of "more than v" leaves "at most v"; an Allow of "at most v" asks for it: the same hint.
        const allowed = statement.effect === 'Allow' ? base : NEGATION[base];
        if (allowed === 'NumericLessThanEquals') return hint.atMost(value);
        if (allowed === 'NumericLessThan') return `fewer than ${value} ${hint.unit}`;
        if (allowed === 'NumericGreaterThanEquals') return `at least ${value} ${hint.unit}`;
        if (allowed === 'NumericGreaterThan') return `more than ${value} ${hint.unit}`;
      }
    }
  }
  return null;
}

/** The numeric operator that holds exactly when this one does not. */
const NEGATION: Record<string, string> = {
  NumericGreaterThan: 'NumericLessThanEquals',
  NumericGreaterThanEquals: 'NumericLessThan',
  NumericLessThan: 'NumericGreaterThanEquals',
  NumericLessThanEquals: 'NumericGreaterThan',
};
