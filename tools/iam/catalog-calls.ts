/**
 * The decision input of each tool's call, one builder per tool (catalog-tools.ts maps tool names to them): the
 * resource from the real arguments and the context keys with the values the tool will use, its defaults applied.
 * Arguments are `unknown` here: a wrong type leaves its key out (never the default), and nothing throws.
 */
import { BENCH_DEFAULTS, BENCH_LIMITS } from '../bench/defaults.ts';
import { STUDY_DEFAULTS, defaultSamplerName } from '../optimizer/study-spec.ts';
import { RULE_LIMITS } from '../rules/limits.ts';
import { argsOf, argvOf, booleanArg, commandContext, commandResource, hostContext, loadTarget, named, numberArg, principalResource, stringArg } from './catalog-resources.ts';
import type { ToolAuthEnv } from './catalog-tools.ts';
import type { CallAuthorization, ContextValue } from './types.ts';

export type Args = Record<string, unknown>;
export type Builder = (args: Args, env: ToolAuthEnv) => CallAuthorization[];

/** A number argument: its value, the default when absent, null (left out) when present with another type. */
function numberOr(args: Args, name: string, fallback: number): number | null {
  return args[name] === undefined ? fallback : numberArg(args, name);
}

/** Only the keys with a value (null and undefined are left out: an absent key, as IAM has it). */
export function keys(entries: Record<string, ContextValue | null | undefined>): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  for (const [key, value] of Object.entries(entries)) if (value !== null && value !== undefined) out[key] = value;
  return out;
}

export const one = (action: string, resource: string, context: Record<string, ContextValue>): CallAuthorization[] => [{ action, resource, context }];

// ---------------------------------------------------------------- studies

/** A study tool's study: `study_id`, else the session's latest; `(none)` when there is neither (the tool says not_found). */
export function studyCall(action: string, args: Args, env: ToolAuthEnv, extra: Record<string, ContextValue | null> = {}): CallAuthorization[] {
  const given = stringArg(args, 'study_id');
  const id = given ?? env.latestStudyId?.(env.sessionId) ?? null;
  const info = id !== null ? env.study?.(id) ?? null : null;
  return one(action, id === null ? 'tunechat:study/(none)' : named('study', id), Object.assign(keys({ 'optimizer:Target': info?.target }), keys(extra)));
}

export const startStudy: Builder = (args) => {
  const objectives = Array.isArray(args.objectives) ? args.objectives.map((o) => stringArg(argsOf(o), 'metric')).filter((m): m is string => m !== null) : null;
  const pruner = args.pruner === undefined ? 'none' : stringArg(args, 'pruner');
  const sampler = args.sampler === undefined ? defaultSamplerName() : stringArg(args, 'sampler');
  return one('optimizer:StartStudy', named('target', stringArg(args, 'target')), keys({
    'optimizer:Target': stringArg(args, 'target'),
    'optimizer:Trials': numberOr(args, 'trials', STUDY_DEFAULTS.trials),
    'optimizer:Parallel': numberOr(args, 'parallel', STUDY_DEFAULTS.parallel),
    'optimizer:TimeLimitSeconds': numberArg(args, 'time_limit_s'),
    'optimizer:Sampler': sampler,
    'optimizer:Pruner': pruner,
    'optimizer:Objectives': objectives && objectives.length > 0 ? objectives : null,
    'optimizer:Retries': numberOr(args, 'retries', STUDY_DEFAULTS.retries),
  }));
};

export const continueStudy: Builder = (args, env) => {
  const [call] = studyCall('optimizer:ContinueStudy', args, env);
  const id = call!.resource.startsWith('tunechat:study/') ? call!.resource.slice('tunechat:study/'.length) : null;
  const info = id !== null && id !== '(none)' ? env.study?.(id) ?? null : null;
  const trials = numberArg(args, 'trials');
  return one(call!.action, call!.resource, Object.assign(call!.context, keys({
    'optimizer:Trials': trials,
    'optimizer:TotalTrials': info && trials !== null ? info.trials + trials : null,
    'optimizer:Parallel': info?.parallel,
    'optimizer:TimeLimitSeconds': numberArg(args, 'time_limit_s'),
  })));
};

export const readStudy: Builder = (args, env) => studyCall('optimizer:ReadStudy', args, env);

// ---------------------------------------------------------------- bench

export const benchCommand: Builder = (args, env) => {
  const rest: unknown[] = Array.isArray(args.commands) ? args.commands : [];
  // Every command is decided, however many (a command left out would run undecided); identical ones once.
  const seen = new Set<string>();
  const all = [args.command].concat(rest).filter((raw) => {
    const id = JSON.stringify(raw) ?? '';
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  const shared = keys({
    'bench:Runs': numberOr(args, 'runs', Math.min(BENCH_DEFAULTS.command.maxRuns, BENCH_LIMITS.agentMaxRuns)),
    'bench:Warmup': numberOr(args, 'warmup', BENCH_DEFAULTS.command.warmup),
    'bench:Commands': 1 + rest.length,
    'tunechat:SlackTypedCommandsAllowed': env.slackTypedCommandsAllowed,
  });
  return all.map((raw) => {
    const argv = argvOf(raw);
    return {
      action: 'bench:RunCommand',
      resource: commandResource(raw),
      context: Object.assign(argv ? commandContext(argv, isRegistered(env, argv)) : { 'bench:CommandOrigin': 'typed' }, shared),
    };
  });
};

function isRegistered(env: ToolAuthEnv, argv: readonly string[]): boolean {
  try {
    return env.isRegisteredCommand?.(argv) === true;
  } catch {
    return false;
  }
}

export const benchHttp: Builder = (args, env) => {
  const target = loadTarget(args.url);
  const method = args.method === undefined ? BENCH_DEFAULTS.http.method : stringArg(args, 'method')?.toUpperCase();
  return one('bench:RunHttp', target?.resource ?? 'tunechat:host/(invalid)', Object.assign(hostContext(target, env.hostAllowed), keys({
    'bench:DurationSeconds': numberOr(args, 'duration_s', BENCH_DEFAULTS.http.durationSeconds),
    'bench:Connections': numberOr(args, 'connections', BENCH_DEFAULTS.http.connections),
    'bench:Rate': numberArg(args, 'rate'),
    'bench:Requests': numberArg(args, 'requests'),
    'bench:Method': method,
  })));
};

export const benchLlm: Builder = (args, env) => {
  const target = loadTarget(args.base_url);
  const openLoop = args.rate !== undefined;
  return one('bench:RunLlm', target?.resource ?? 'tunechat:host/(invalid)', Object.assign(hostContext(target, env.hostAllowed), keys({
    'bench:Connections': openLoop ? null : numberOr(args, 'concurrency', BENCH_DEFAULTS.llm.concurrency),
    'bench:Rate': numberArg(args, 'rate'),
    'bench:Requests': numberOr(args, 'requests', BENCH_DEFAULTS.llm.requests),
    'bench:Model': stringArg(args, 'model'),
  })));
};

// ---------------------------------------------------------------- rules, targets

/** The action names a rule uses: `action: "name"`, `action: {action}` or `actions: [{action}]`. */
function ruleActions(rule: Args): string[] {
  const list = Array.isArray(rule.actions) ? rule.actions.slice(0, 64) : rule.action === undefined ? [] : [rule.action];
  const names = list.map((a) => (typeof a === 'string' ? a : stringArg(argsOf(a), 'action'))).filter((a): a is string => typeof a === 'string' && a.length > 0);
  return [...new Set(names)];
}

/** The rule argument as an object (a JSON string parsed within the rule tools' own size limit). */
function ruleOf(raw: unknown): Args {
  if (typeof raw !== 'string') return argsOf(raw);
  if (raw.length > RULE_LIMITS.ruleTextChars) return {};
  try {
    return argsOf(JSON.parse(raw));
  } catch {
    return {};
  }
}

export const addRule: Builder = (args) => {
  const rule = ruleOf(args.rule);
  const id = stringArg(rule, 'rule_id');
  const actions = ruleActions(rule);
  return one('rules:AddRule', id === null ? 'tunechat:rule/(new)' : named('rule', id), keys({ 'rules:Action': actions.length > 0 ? actions : null, 'rules:Study': stringArg(args, 'study_id') }));
};

export const testRule: Builder = (args) => {
  const actions = ruleActions(ruleOf(args.rule));
  return one('rules:TestRule', '*', keys({ 'rules:Action': actions.length > 0 ? actions : null }));
};

export const registerTarget: Builder = (args, env) => {
  const kind = stringArg(args, 'kind');
  const argv = argvOf(kind === 'command' ? args.command : kind === 'service' ? argsOf(args.spec).command : undefined);
  const target = kind === 'http' ? loadTarget(args.url) : null;
  const context = Object.assign(keys({ 'targets:Kind': kind }), hostContext(target, env.hostAllowed));
  if (argv) Object.assign(context, commandContext(argv, isRegistered(env, argv)), { 'tunechat:SlackTypedCommandsAllowed': env.slackTypedCommandsAllowed });
  return one('targets:Register', named('target', stringArg(args, 'name')), context);
};

// ---------------------------------------------------------------- control

export const startController: Builder = (args, env) => {
  const target = stringArg(args, 'target');
  const bounds = argsOf(args.bounds);
  const parameter = stringArg(args, 'parameter');
  let urls: readonly string[] = [];
  try {
    urls = target !== null ? env.controlUrls?.(target, parameter) ?? [] : [];
  } catch {
    urls = [];
  }
  const hosts = urls.slice(0, 16).map(loadTarget);
  const host = hostContext(hosts[0] ?? null, env.hostAllowed);
  if (hosts.length > 0) {
    // Every URL must be allowed: the controller both reads the metrics and writes the actuator.
    const each = hosts.map((h) => (h ? hostContext(h, env.hostAllowed)['bench:HostAllowed'] : undefined));
    if (each.every((allowed) => allowed !== undefined)) host['bench:HostAllowed'] = each.every((allowed) => allowed === true);
    else delete host['bench:HostAllowed'];
  }
  return one('control:Start', named('target', target), Object.assign(keys({
    'control:Target': target,
    'control:Parameter': parameter,
    'control:Policy': args.policy === undefined ? 'auto' : stringArg(args, 'policy'),
    'control:Metric': stringArg(args, 'metric'),
    'control:MaxBound': numberArg(bounds, 'max'),
    'control:MinBound': numberArg(bounds, 'min'),
    'control:PeriodSeconds': numberOr(args, 'period_s', 1),
    'control:DryRun': args.dry_run === undefined ? false : booleanArg(args, 'dry_run'),
  }), host));
};

export function controllerCall(action: string, purpose: 'read' | 'stop'): Builder {
  return (args, env) => {
    const given = stringArg(args, 'controller_id');
    let found: { id: string; target: string } | null = null;
    try {
      found = env.controller?.(env.sessionId, given, purpose) ?? null;
    } catch {
      found = null;
    }
    const id = found?.id ?? given;
    return one(action, id === null ? 'tunechat:controller/(none)' : named('controller', id), keys({ 'control:Target': found?.target }));
  };
}

/** Whose decisions or policies a call reads: the named principal; none, "me" or "myself" → the caller; "*", "all", "everyone" → `*`. */
export function whose(name: string | null, env: ToolAuthEnv): string {
  if (name !== null && /^(?:\*|all|everyone|everybody)$/i.test(name)) return '*';
  if (name === null || /^(?:me|myself)$/i.test(name)) return env.self ?? '*';
  return principalResource(name);
}
