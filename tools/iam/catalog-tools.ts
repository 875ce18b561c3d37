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
import {
  addRule, benchCommand, benchHttp, benchLlm, continueStudy, controllerCall, keys, one, readStudy, registerTarget, startController, startStudy, studyCall, testRule, whose,
  type Builder,
} from './catalog-calls.ts';
import { argsOf, named, stringArg } from './catalog-resources.ts';
import type { CallAuthorization } from './types.ts';

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
  // A session named by position ("which": previous/oldest/yesterday) is `session/(previous)`: only a wildcard allows it.
  replay_session: (args) => one('sessions:Read', named('session', stringArg(args, 'session_id') ?? (stringArg(args, 'which') ? `(${stringArg(args, 'which')})` : null)), {}),
  simulate_policy: (args, env) => one('policies:Simulate', whose(stringArg(args, 'user') ?? stringArg(args, 'principal'), env), {}),
  audit_query: (args, env) => {
    const resource = whose(stringArg(args, 'principal'), env);
    return one('audit:Read', resource, keys({ 'audit:Principal': resource === '*' ? null : resource }));
  },
});

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
