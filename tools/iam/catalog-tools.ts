/**
 * Which action each agent tool performs, and the decision input of one call built from its real arguments: the
 * resource it acts on and the context keys with the values the tool will use (its documented defaults applied, so
 * "at most 200 trials" also holds for a call that leaves `trials` out and gets 100).
 *
 * The arguments are read as `unknown`: a call is authorized whatever its shape, and the tool's own zod schema reports
 * bad arguments. A value of the wrong type is left out of the context (never replaced by the default), so a
 * condition on it does not match: a policy cannot be passed by sending `"trials": "5000"` as a string.
 */
import { ToolError } from '../common/errors.ts';
import { BENCH_DEFAULTS, BENCH_LIMITS } from '../bench/defaults.ts';
import { STUDY_DEFAULTS, defaultSamplerName } from '../optimizer/study-spec.ts';
import { RULE_LIMITS } from '../rules/limits.ts';
import { argsOf, argvOf, booleanArg, commandContext, commandResource, hostContext, loadTarget, named, numberArg, principalResource, stringArg } from './catalog-resources.ts';
import type { CallAuthorization, ContextValue } from './types.ts';

/** What building a call's decision input may look up, beside the arguments (the lead wires it per turn; see catalog-env.ts). */
export interface ToolAuthEnv {
  /** The chat session of the turn: tools default to its latest study or controller. */
  sessionId: string;
  /** The session's latest study (what a tool without `study_id` acts on). */
  latestStudyId?: (sessionId: string) => string | null;
  /**
   * Whether an argv is exactly a registered command target's (tools/common/registered-commands.ts): such a command
   * is `registered`, anything else `typed`. Absent: every command reads `typed`.
   */
  isRegisteredCommand?: (argv: readonly string[]) => boolean;
  /** The operator's allow-list (loopback + TUNECHAT_ALLOWED_HOSTS, tools/common/host-policy.ts) for a normalized host. */
  hostAllowed: (host: string) => boolean;
  /** SLACK_ALLOW_TYPED_COMMANDS=1. */
  slackTypedCommandsAllowed: boolean;
  /** Optional: a stored study's target and budget (`optimizer:Target`, `optimizer:TotalTrials`, `optimizer:Parallel`). */
  study?: (studyId: string) => { target: string; trials: number; parallel: number } | null;
  /**
   * Optional: which controller a call means (the given id, or the session's latest for `read`, its latest running one
   * for `stop`, as tools/control/manager-select.ts picks) and its target; null when there is none.
   */
  controller?: (sessionId: string, controllerId: string | null, purpose: 'read' | 'stop') => { id: string; target: string } | null;
  /**
   * Optional: the URLs a controller of `target` on `parameter` talks to (the parameter's actuator URL first, then the
   * metrics URL), for the host keys of control:Start: the host keys are the first URL's, `bench:HostAllowed` holds
   * only when every one is allowed.
   */
  controlUrls?: (target: string, parameter: string | null) => readonly string[];
  /**
   * Optional: the ARN of the principal the call acts as (`tunechat:user/alice`): what audit_query and simulate_policy
   * read when they name nobody ("my own decisions"). authorizeTools sets it from its principal.
   */
  self?: string;
}

type Args = Record<string, unknown>;
type Builder = (args: Args, env: ToolAuthEnv) => CallAuthorization[];

/** Every agent tool and its action (one entry per tool; ACTIONS lists them per action). */
export const TOOL_ACTIONS: Readonly<Record<string, string>> = Object.freeze({
  bench_command: 'bench:RunCommand',
  bench_http: 'bench:RunHttp',
  bench_llm: 'bench:RunLlm',
  chart_study: 'charts:Render',
  start_controller: 'control:Start',
  controller_status: 'control:Read',
  stop_controller: 'control:Stop',
  start_study: 'optimizer:StartStudy',
  continue_study: 'optimizer:ContinueStudy',
  study_status: 'optimizer:ReadStudy',
  wait_for_study: 'optimizer:ReadStudy',
  stop_study: 'optimizer:StopStudy',
  best_trials: 'optimizer:ReadStudy',
  param_importance: 'optimizer:ReadStudy',
  pareto_front: 'optimizer:ReadStudy',
  best_history: 'optimizer:ReadStudy',
  add_rule: 'rules:AddRule',
  list_rules: 'rules:ReadRules',
  remove_rule: 'rules:RemoveRule',
  test_rule: 'rules:TestRule',
  explain_rule: 'rules:ReadRules',
  list_targets: 'targets:List',
  register_target: 'targets:Register',
  list_sessions: 'sessions:List',
  replay_session: 'sessions:Read',
  simulate_policy: 'policies:Simulate',
  audit_query: 'audit:Read',
});

/** A number argument: its value, the default when absent, null (left out) when present with another type. */
function numberOr(args: Args, name: string, fallback: number): number | null {
  return args[name] === undefined ? fallback : numberArg(args, name);
}

/** Only the keys with a value (null and undefined are left out: an absent key, as IAM has it). */
function keys(entries: Record<string, ContextValue | null | undefined>): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  for (const [key, value] of Object.entries(entries)) if (value !== null && value !== undefined) out[key] = value;
  return out;
}

const one = (action: string, resource: string, context: Record<string, ContextValue>): CallAuthorization[] => [{ action, resource, context }];

// ---------------------------------------------------------------- studies

/** A study tool's study: `study_id`, else the session's latest; `(none)` when there is neither (the tool says not_found). */
function studyCall(action: string, args: Args, env: ToolAuthEnv, extra: Record<string, ContextValue | null> = {}): CallAuthorization[] {
  const given = stringArg(args, 'study_id');
  const id = given ?? env.latestStudyId?.(env.sessionId) ?? null;
  const info = id !== null ? env.study?.(id) ?? null : null;
  return one(action, id === null ? 'tunechat:study/(none)' : named('study', id), keys({ 'optimizer:Target': info?.target, ...extra }));
}

const startStudy: Builder = (args) => {
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

const continueStudy: Builder = (args, env) => {
  const [call] = studyCall('optimizer:ContinueStudy', args, env);
  const id = call!.resource.startsWith('tunechat:study/') ? call!.resource.slice('tunechat:study/'.length) : null;
  const info = id !== null && id !== '(none)' ? env.study?.(id) ?? null : null;
  const trials = numberArg(args, 'trials');
  return one(call!.action, call!.resource, keys({
    ...call!.context,
    'optimizer:Trials': trials,
    'optimizer:TotalTrials': info && trials !== null ? info.trials + trials : null,
    'optimizer:Parallel': info?.parallel,
    'optimizer:TimeLimitSeconds': numberArg(args, 'time_limit_s'),
  }));
};

const readStudy: Builder = (args, env) => studyCall('optimizer:ReadStudy', args, env);

// ---------------------------------------------------------------- bench

const benchCommand: Builder = (args, env) => {
  const rest = Array.isArray(args.commands) ? args.commands : [];
  const all = [args.command, ...rest.slice(0, 64)].map(argvOf);
  const shared = keys({
    'bench:Runs': numberOr(args, 'runs', Math.min(BENCH_DEFAULTS.command.maxRuns, BENCH_LIMITS.agentMaxRuns)),
    'bench:Warmup': numberOr(args, 'warmup', BENCH_DEFAULTS.command.warmup),
    'bench:Commands': 1 + rest.length,
    'tunechat:SlackTypedCommandsAllowed': env.slackTypedCommandsAllowed,
  });
  return all.map((argv) => ({
    action: 'bench:RunCommand',
    resource: commandResource(argv),
    context: { ...(argv ? commandContext(argv, isRegistered(env, argv)) : { 'bench:CommandOrigin': 'typed' }), ...shared },
  }));
};

function isRegistered(env: ToolAuthEnv, argv: readonly string[]): boolean {
  try {
    return env.isRegisteredCommand?.(argv) === true;
  } catch {
    return false;
  }
}

const benchHttp: Builder = (args, env) => {
  const target = loadTarget(args.url);
  const method = args.method === undefined ? BENCH_DEFAULTS.http.method : stringArg(args, 'method')?.toUpperCase();
  return one('bench:RunHttp', target?.resource ?? 'tunechat:host/(invalid)', keys({
    ...hostContext(target, env.hostAllowed),
    'bench:DurationSeconds': numberOr(args, 'duration_s', BENCH_DEFAULTS.http.durationSeconds),
    'bench:Connections': numberOr(args, 'connections', BENCH_DEFAULTS.http.connections),
    'bench:Rate': numberArg(args, 'rate'),
    'bench:Requests': numberArg(args, 'requests'),
    'bench:Method': method,
  }));
};

const benchLlm: Builder = (args, env) => {
  const target = loadTarget(args.base_url);
  const openLoop = args.rate !== undefined;
  return one('bench:RunLlm', target?.resource ?? 'tunechat:host/(invalid)', keys({
    ...hostContext(target, env.hostAllowed),
    'bench:Connections': openLoop ? null : numberOr(args, 'concurrency', BENCH_DEFAULTS.llm.concurrency),
    'bench:Rate': numberArg(args, 'rate'),
    'bench:Requests': numberOr(args, 'requests', BENCH_DEFAULTS.llm.requests),
    'bench:Model': stringArg(args, 'model'),
  }));
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

const addRule: Builder = (args) => {
  const rule = ruleOf(args.rule);
  const id = stringArg(rule, 'rule_id');
  const actions = ruleActions(rule);
  return one('rules:AddRule', id === null ? 'tunechat:rule/(new)' : named('rule', id), keys({ 'rules:Action': actions.length > 0 ? actions : null, 'rules:Study': stringArg(args, 'study_id') }));
};

const testRule: Builder = (args) => {
  const actions = ruleActions(ruleOf(args.rule));
  return one('rules:TestRule', '*', keys({ 'rules:Action': actions.length > 0 ? actions : null }));
};

const registerTarget: Builder = (args, env) => {
  const kind = stringArg(args, 'kind');
  const argv = argvOf(kind === 'command' ? args.command : kind === 'service' ? argsOf(args.spec).command : undefined);
  const target = kind === 'http' ? loadTarget(args.url) : null;
  return one('targets:Register', named('target', stringArg(args, 'name')), keys({
    'targets:Kind': kind,
    ...(argv ? { ...commandContext(argv, isRegistered(env, argv)), 'tunechat:SlackTypedCommandsAllowed': env.slackTypedCommandsAllowed } : {}),
    ...hostContext(target, env.hostAllowed),
  }));
};

// ---------------------------------------------------------------- control

const startController: Builder = (args, env) => {
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
  return one('control:Start', named('target', target), keys({
    'control:Target': target,
    'control:Parameter': parameter,
    'control:Policy': args.policy === undefined ? 'auto' : stringArg(args, 'policy'),
    'control:Metric': stringArg(args, 'metric'),
    'control:MaxBound': numberArg(bounds, 'max'),
    'control:MinBound': numberArg(bounds, 'min'),
    'control:PeriodSeconds': numberOr(args, 'period_s', 1),
    'control:DryRun': args.dry_run === undefined ? false : booleanArg(args, 'dry_run'),
    ...host,
  }));
};

function controllerCall(action: string, purpose: 'read' | 'stop'): Builder {
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

// ---------------------------------------------------------------- the table

const BUILDERS: Readonly<Record<string, Builder>> = Object.freeze({
  bench_command: benchCommand,
  bench_http: benchHttp,
  bench_llm: benchLlm,
  chart_study: (args, env) => studyCall('charts:Render', args, env, { 'charts:Kind': args.chart === undefined ? 'history' : stringArg(args, 'chart') }),
  start_controller: startController,
  controller_status: controllerCall('control:Read', 'read'),
  stop_controller: controllerCall('control:Stop', 'stop'),
  start_study: startStudy,
  continue_study: continueStudy,
  study_status: readStudy,
  wait_for_study: readStudy,
  stop_study: (args, env) => studyCall('optimizer:StopStudy', args, env),
  best_trials: readStudy,
  param_importance: readStudy,
  pareto_front: readStudy,
  best_history: readStudy,
  add_rule: addRule,
  list_rules: () => one('rules:ReadRules', '*', {}),
  remove_rule: (args) => one('rules:RemoveRule', named('rule', stringArg(args, 'rule_id')), {}),
  test_rule: testRule,
  explain_rule: (args) => one('rules:ReadRules', named('rule', stringArg(args, 'rule_id')), {}),
  list_targets: () => one('targets:List', '*', {}),
  register_target: registerTarget,
  list_sessions: () => one('sessions:List', '*', {}),
  replay_session: (args) => one('sessions:Read', named('session', stringArg(args, 'session_id')), {}),
  simulate_policy: (args, env) => one('policies:Simulate', whose(stringArg(args, 'user') ?? stringArg(args, 'principal'), env), {}),
  audit_query: (args, env) => {
    const resource = whose(stringArg(args, 'principal'), env);
    return one('audit:Read', resource, keys({ 'audit:Principal': resource === '*' ? null : resource }));
  },
});

/** Whose decisions or policies a call reads: the named principal; none, "me" or "myself" → the caller; "*", "all", "everyone" → `*`. */
function whose(name: string | null, env: ToolAuthEnv): string {
  if (name !== null && /^(?:\*|all|everyone|everybody)$/i.test(name)) return '*';
  if (name === null || /^(?:me|myself)$/i.test(name)) return env.self ?? '*';
  return principalResource(name);
}

/**
 * Every decision one call of `tool` needs: one for most tools, one per command for `bench_command` (a policy that
 * allows `python3` must not let a second command ride along). Throws ToolError 'internal' for a tool the catalog
 * does not know: such a tool must never run.
 */
export function toolAuthorizations(tool: string, args: unknown, env: ToolAuthEnv): CallAuthorization[] {
  const build = Object.hasOwn(BUILDERS, tool) ? BUILDERS[tool] : undefined;
  if (!build) {
    throw new ToolError('internal', `tool "${tool.slice(0, 100)}" has no entry in the IAM action catalog (tools/iam/catalog-tools.ts), so no decision can be made and it does not run`, {
      details: { tool: tool.slice(0, 100), rule: 'catalog-entry' },
    });
  }
  return build(argsOf(args), env);
}

/** The decision input of one call (the first command's, for a `bench_command` comparing several: see toolAuthorizations). */
export function toolAuthorization(tool: string, args: unknown, env: ToolAuthEnv): CallAuthorization {
  return toolAuthorizations(tool, args, env)[0]!;
}
