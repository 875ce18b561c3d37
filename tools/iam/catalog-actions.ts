/**
 * Every action tunechat authorizes, one entry per operation (not per path): an agent tool and a REST route that do
 * the same thing share the action, so one Deny covers both (`optimizer:StopStudy` is `stop_study` and
 * `POST /api/studies/:id/stop`). Which tools and routes perform each action is filled in by catalog.ts from
 * catalog-tools.ts and catalog-routes.ts, so the three cannot drift apart.
 */
import { BENCH_KEYS as B, CHARTS_KEYS, CONTROL_KEYS as C, OPTIMIZER_KEYS as O, RULES_KEYS, TARGETS_KEYS, AUDIT_KEYS } from './catalog-keys.ts';
import type { ActionSpec } from './types.ts';

/** Resource forms, `${…}` naming the part a call fills in. */
export const RESOURCE_FORMS = Object.freeze({
  target: 'tunechat:target/${TargetName}',
  host: 'tunechat:host/${Host}:${Port}',
  command: 'tunechat:command/${ProgramBasename}',
  study: 'tunechat:study/${StudyId}',
  benchRun: 'tunechat:bench-run/${RunId}',
  session: 'tunechat:session/${SessionId}',
  rule: 'tunechat:rule/${RuleId}',
  controller: 'tunechat:controller/${ControllerId}',
  policy: 'tunechat:policy/${PolicyName}',
  user: 'tunechat:user/${UserName}',
  operator: 'tunechat:operator',
  slackGuest: 'tunechat:slack-guest/${SlackUserId}',
  all: '*',
});

const R = RESOURCE_FORMS;
const PRINCIPALS = [R.user, R.operator, R.slackGuest];

export type BaseActionSpec = Omit<ActionSpec, 'tools' | 'routes'>;

/** An MCP resource that performs an action (server/mcp/resources.ts; a test checks the two agree). */
const mcp = (template: string): string => `MCP resource ${template}`;

const HOST_KEYS = [B.targetHost, B.targetPort, B.targetIp, B.hostAllowed];
const COMMAND_KEYS = [B.commandOrigin, B.commandPath, B.commandLine, B.shell, B.wrapped, B.wrappedProgram];

export const BASE_ACTIONS: readonly BaseActionSpec[] = Object.freeze([
  // optimizer
  { action: 'optimizer:StartStudy', access: 'Write', description: 'Start an optimization study on a target (trials run in the background).', resources: [R.target], contextKeys: [O.target, O.trials, O.parallel, O.timeLimit, O.sampler, O.pruner, O.objectives, O.retries] },
  { action: 'optimizer:ContinueStudy', access: 'Write', description: 'Run more trials in an existing study.', resources: [R.study], contextKeys: [O.target, O.trials, O.totalTrials, O.parallel, O.timeLimit] },
  { action: 'optimizer:ResumeStudy', access: 'Write', description: 'Resume an interrupted or stopped study with the rest of its own budget.', resources: [R.study], contextKeys: [O.target] },
  { action: 'optimizer:StopStudy', access: 'Write', description: 'Stop a running study (finished trials and the best so far are kept).', resources: [R.study], contextKeys: [O.target] },
  { action: 'optimizer:ReadStudy', access: 'Read', description: 'Read a study: status, trials, best trials, Pareto front, importance, history; wait for it.', resources: [R.study], contextKeys: [O.target], also: [mcp('tunechat://study/{study_id}'), mcp('tunechat://study/{study_id}/trials')] },
  { action: 'optimizer:ListStudies', access: 'List', description: 'List every study.', resources: [R.all], contextKeys: [], also: [mcp('tunechat://studies')] },
  // bench
  { action: 'bench:RunCommand', access: 'Write', description: 'Benchmark a command (runs it many times). Authorized once per command of the call.', resources: [R.command], contextKeys: [...COMMAND_KEYS, B.runs, B.warmup, B.commands] },
  { action: 'bench:RunHttp', access: 'Write', description: 'Send HTTP load to a host.', resources: [R.host], contextKeys: [...HOST_KEYS, B.duration, B.connections, B.rate, B.requests, B.method] },
  { action: 'bench:RunLlm', access: 'Write', description: 'Send LLM benchmark requests to an OpenAI-compatible server.', resources: [R.host], contextKeys: [...HOST_KEYS, B.connections, B.rate, B.requests, B.model] },
  { action: 'bench:ReadRuns', access: 'Read', description: 'Read stored benchmark runs: their results and what they ran (commands, URLs). `*` lists them.', resources: [R.benchRun, R.all], contextKeys: [], also: [mcp('tunechat://bench/{run_id}'), mcp('tunechat://bench-runs')] },
  // rules
  { action: 'rules:AddRule', access: 'Write', description: 'Add or replace a rule that watches studies and benchmarks (its actions can prune trials, stop studies, scale services).', resources: [R.rule], contextKeys: [RULES_KEYS.action, RULES_KEYS.study] },
  { action: 'rules:RemoveRule', access: 'Write', description: 'Remove a rule.', resources: [R.rule], contextKeys: [] },
  { action: 'rules:ReadRules', access: 'Read', description: 'List the rules and recent alerts, or explain one rule.', resources: [R.rule, R.all], contextKeys: [], also: [mcp('tunechat://rule/{rule_id}'), mcp('tunechat://rules')] },
  { action: 'rules:TestRule', access: 'Read', description: 'Dry-run a rule against sample facts (nothing is stored or run).', resources: [R.all], contextKeys: [RULES_KEYS.action] },
  // targets
  { action: 'targets:Register', access: 'Write', description: 'Register or replace a target (a command target runs its command on every trial).', resources: [R.target], contextKeys: [TARGETS_KEYS.kind, ...COMMAND_KEYS, ...HOST_KEYS] },
  { action: 'targets:List', access: 'List', description: 'List the targets.', resources: [R.all], contextKeys: [] },
  // control
  { action: 'control:Start', access: 'Write', description: 'Start a controller that changes a live parameter of a running service.', resources: [R.target], contextKeys: [C.target, C.parameter, C.policy, C.metric, C.maxBound, C.minBound, C.periodSeconds, C.dryRun, ...HOST_KEYS] },
  { action: 'control:Read', access: 'Read', description: "Read a controller's status and decisions.", resources: [R.controller], contextKeys: [C.target] },
  { action: 'control:Stop', access: 'Write', description: 'Stop a controller (the parameter keeps its value).', resources: [R.controller], contextKeys: [C.target] },
  // charts
  { action: 'charts:Render', access: 'Read', description: 'Draw a chart of a study (in the chat, or as a PNG).', resources: [R.study], contextKeys: [CHARTS_KEYS.kind] },
  // sessions
  { action: 'sessions:List', access: 'List', description: 'List the chat sessions.', resources: [R.all], contextKeys: [] },
  { action: 'sessions:Read', access: 'Read', description: "Read a session: messages, stored chunks (replay), sharing state.", resources: [R.session], contextKeys: [] },
  { action: 'sessions:Write', access: 'Write', description: "Rename a session or change its metadata; stop its running turn (`POST /api/chat/:id/stop`).", resources: [R.session], contextKeys: [] },
  { action: 'sessions:Delete', access: 'Write', description: 'Delete a session (a running turn is aborted).', resources: [R.session], contextKeys: [] },
  { action: 'sessions:Share', access: 'Permissions management', description: 'Turn a read-only share link on or off (anyone with the link can read the session).', resources: [R.session], contextKeys: [] },
  { action: 'sessions:Export', access: 'Read', description: 'Download a session file.', resources: [R.session], contextKeys: [] },
  { action: 'sessions:Import', access: 'Write', description: 'Import a session file.', resources: [R.all], contextKeys: [] },
  { action: 'sessions:Connect', access: 'Write', description: 'Open the chat websocket (send messages, watch studies and controllers), send a message to `POST /api/chat` (AI SDK useChat) or open an MCP session over HTTP (`/mcp`); every tool call and resource read is authorized on its own.', resources: [R.all], contextKeys: [] },
  // policies
  { action: 'policies:Simulate', access: 'Read', description: "Simulate decisions for a principal's policies or a policy passed in.", resources: [...PRINCIPALS, R.all], contextKeys: [] },
  { action: 'policies:Put', access: 'Permissions management', description: 'Create a policy or add a version (at most 5; validated first).', resources: [R.policy], contextKeys: [] },
  { action: 'policies:Read', access: 'Read', description: 'Read policies, their versions and attachments.', resources: [R.policy, R.all], contextKeys: [] },
  { action: 'policies:SetDefaultVersion', access: 'Permissions management', description: 'Make a version the one in force (roll back or forward).', resources: [R.policy], contextKeys: [] },
  { action: 'policies:Delete', access: 'Permissions management', description: 'Delete a policy version or a detached policy.', resources: [R.policy], contextKeys: [] },
  { action: 'policies:Attach', access: 'Permissions management', description: 'Attach a policy to (or detach it from) a user, a group, the operator or everyone.', resources: [R.policy], contextKeys: [] },
  // users
  { action: 'users:Add', access: 'Permissions management', description: 'Add a user (prints its token once).', resources: [R.user], contextKeys: [] },
  { action: 'users:Remove', access: 'Permissions management', description: 'Remove a user (its token stops working).', resources: [R.user], contextKeys: [] },
  { action: 'users:List', access: 'List', description: 'List users and groups.', resources: [R.all], contextKeys: [] },
  { action: 'users:RotateToken', access: 'Permissions management', description: "Give a user a new token (the old one stops working).", resources: [R.user], contextKeys: [] },
  { action: 'users:UpdateGroups', access: 'Permissions management', description: 'Create or remove groups and change their members.', resources: [R.user, R.all], contextKeys: [] },
  { action: 'users:MapSlack', access: 'Permissions management', description: 'Map a Slack member to a user (or remove the mapping).', resources: [R.user], contextKeys: [] },
  // audit
  { action: 'audit:Read', access: 'Read', description: 'Query the audit log of decisions.', resources: [...PRINCIPALS, R.all], contextKeys: [AUDIT_KEYS.principal] },
  { action: 'audit:Verify', access: 'Read', description: "Check the audit log's hash chain (edits and deletions are detected).", resources: [R.all], contextKeys: [] },
]);
