/**
 * Context keys of the catalog: the global ones every request carries (set by principals.ts from the principal and
 * where the request came from), and each service's action keys (set by the catalog from a call's real arguments,
 * catalog-tools.ts). Names are case-insensitive in policies, as in IAM; they are written here in their documented case.
 */
import type { ContextKeySpec, ContextKeyType } from './types.ts';

const key = (name: string, type: ContextKeyType, description: string, multivalued = false): ContextKeySpec =>
  multivalued ? { key: name, type, multivalued: true, description } : { key: name, type, description };

/** Keys every request has (the authorizer adds them to each call's own keys). */
export const CONTEXT_KEYS: readonly ContextKeySpec[] = Object.freeze([
  key('tunechat:Username', 'String', 'The principal\'s name: a user name ("alice"), "operator" or "slack-guest".'),
  key('tunechat:PrincipalType', 'String', 'operator, user or slack-guest.'),
  key('tunechat:PrincipalTag/${TagKey}', 'String', 'A tag of the user (`tunechat users add alice --tag team=ml` gives tunechat:PrincipalTag/team = ml).'),
  key('tunechat:Groups', 'String', "The user's groups (use ForAnyValue / ForAllValues).", true),
  key('tunechat:Source', 'String', 'Where the request came from: web, cli, slack, replay, api or mcp (an MCP client: server/mcp).'),
  key('tunechat:SourceIp', 'IpAddress', 'The client IP of an HTTP or websocket request; absent for the local CLI and Slack.'),
  key('tunechat:CurrentTime', 'Date', 'The time of the request, ISO 8601 (UTC).'),
  key('tunechat:EpochTime', 'Numeric', 'The time of the request in seconds since 1970-01-01 UTC.'),
  key('tunechat:SlackTypedCommandsAllowed', 'Bool', 'Whether the operator lets Slack members run commands they type (SLACK_ALLOW_TYPED_COMMANDS=1).'),
]);

/** optimizer:* keys (start_study, continue_study). */
export const OPTIMIZER_KEYS = Object.freeze({
  target: key('optimizer:Target', 'String', 'The target the study tunes (start_study.target; the study\'s own target for an existing study when known).'),
  trials: key('optimizer:Trials', 'Numeric', 'Trials the call asks for: start_study.trials (default 100), or the trials continue_study adds.'),
  totalTrials: key('optimizer:TotalTrials', 'Numeric', "continue_study: the study's trial budget after the call (its budget now plus the added trials); absent when the study is unknown."),
  parallel: key('optimizer:Parallel', 'Numeric', 'Trials evaluated at the same time (start_study.parallel, default 1; the study\'s own when continuing).'),
  timeLimit: key('optimizer:TimeLimitSeconds', 'Numeric', 'The time budget in seconds; absent when the call sets none.'),
  sampler: key('optimizer:Sampler', 'String', 'The search algorithm (start_study.sampler, default "auto": the best available).'),
  pruner: key('optimizer:Pruner', 'String', 'The pruner: none (default), median, successive-halving, hyperband.'),
  objectives: key('optimizer:Objectives', 'String', 'The metrics the study optimizes, when the call names them.', true),
  retries: key('optimizer:Retries', 'Numeric', 'Re-runs of a failed trial (default 0).'),
});

/** bench:* keys (benchmarks; the host keys also on control:Start and targets:Register of an http target). */
export const BENCH_KEYS = Object.freeze({
  duration: key('bench:DurationSeconds', 'Numeric', 'bench_http: seconds of load (duration_s, default 10).'),
  connections: key('bench:Connections', 'Numeric', 'bench_http: open connections (default 10); bench_llm: concurrent requests in a closed loop (concurrency, default 4; absent with a rate).'),
  rate: key('bench:Rate', 'Numeric', 'Requests per second of an open-loop run; absent when closed-loop.'),
  requests: key('bench:Requests', 'Numeric', 'bench_llm: requests sent (default 50); bench_http: a request count when given.'),
  method: key('bench:Method', 'String', 'bench_http: the HTTP method (default GET).'),
  model: key('bench:Model', 'String', 'bench_llm: the model name when given.'),
  targetHost: key('bench:TargetHost', 'String', 'The host the load goes to, lower case, without brackets or trailing dot (e.g. 10.0.0.5, api.internal).'),
  targetPort: key('bench:TargetPort', 'Numeric', "The port the load goes to (the scheme's default when the URL has none: 80, 443)."),
  targetIp: key('bench:TargetIp', 'IpAddress', 'The target address when the URL names one (an IP literal; localhost is 127.0.0.1); absent for other names (they are resolved later).'),
  hostAllowed: key('bench:HostAllowed', 'Bool', "Whether the operator's allow-list admits the host (loopback or TUNECHAT_ALLOWED_HOSTS); absent when the URL does not parse."),
  commandOrigin: key('bench:CommandOrigin', 'String', 'registered (the exact argv of a registered command target) or typed (a command written in the chat).'),
  commandPath: key('bench:CommandPath', 'String', 'The program as written (argv[0], e.g. /usr/bin/python3); the resource has its basename.'),
  commandLine: key('bench:CommandLine', 'String', 'The whole argv joined by spaces (e.g. "python3 train.py --epochs 3"), for StringLike; cut at 16,384 characters, ending in "…".'),
  shell: key('bench:Shell', 'Bool', 'Whether the command runs a shell (sh -c, bash -c, …).'),
  wrapped: key('bench:Wrapped', 'Bool', 'Whether the program is a wrapper that runs another program (env, nice, timeout, sudo, xargs, …): the resource names the wrapper, so a Deny on a program should deny wrapped commands too.'),
  wrappedProgram: key('bench:WrappedProgram', 'String', 'The program a wrapper runs, a best guess (`nice -n 19 python3 x` → python3); absent without a wrapper.'),
  runs: key('bench:Runs', 'Numeric', 'bench_command: runs per command: `runs` when given, else the adaptive maximum (1,000; it stops after 3 s once 10 runs are done).'),
  warmup: key('bench:Warmup', 'Numeric', 'bench_command: warmup runs (default 3).'),
  commands: key('bench:Commands', 'Numeric', 'bench_command: how many commands the call compares (1 + commands).'),
});

export const RULES_KEYS = Object.freeze({
  action: key('rules:Action', 'String', 'What the rule does when it fires: trigger_alert, prune_trial, stop_study, set_param, scale, log.', true),
  study: key('rules:Study', 'String', 'The study the rule is attached to (add_rule.study_id); absent for a global rule.'),
});

export const TARGETS_KEYS = Object.freeze({
  kind: key('targets:Kind', 'String', 'The kind of target registered: command, http, builtin, service.'),
});

export const CONTROL_KEYS = Object.freeze({
  target: key('control:Target', 'String', 'The target whose live service is steered (start_controller.target; the controller\'s target when known).'),
  parameter: key('control:Parameter', 'String', 'The live parameter changed (e.g. workers).'),
  policy: key('control:Policy', 'String', 'How it decides: auto (default), threshold, aimd, gradient2, vegas, hpa, little, rules.'),
  metric: key('control:Metric', 'String', 'The SLO signal (e.g. latency_p99_ms).'),
  maxBound: key('control:MaxBound', 'Numeric', "The highest value it may set (bounds.max); absent when bounds are not given (the parameter's declared range applies)."),
  minBound: key('control:MinBound', 'Numeric', 'The lowest value it may set (bounds.min); absent when bounds are not given.'),
  periodSeconds: key('control:PeriodSeconds', 'Numeric', 'The loop period in seconds (default 1).'),
  dryRun: key('control:DryRun', 'Bool', 'Whether it only records decisions without changing the service (default false).'),
});

export const CHARTS_KEYS = Object.freeze({
  kind: key('charts:Kind', 'String', 'The chart: history (default), pareto, importance, parallel, intermediate, trials.'),
});

export const AUDIT_KEYS = Object.freeze({
  principal: key('audit:Principal', 'String', 'The principal whose decisions are read, as an ARN (tunechat:user/alice; the caller\'s own when the query names nobody); absent when reading everyone\'s.'),
});
