/**
 * docs/iam-actions.md, rendered from the catalog (scripts/gen-iam-docs.ts writes it; a test requires the file to
 * equal this output, so the reference cannot drift from what is enforced).
 */
import { ACTIONS, CONTEXT_KEYS, PUBLIC_ROUTES, ROUTE_ACTIONS, services } from './catalog.ts';
import { DEFAULT_POLICIES } from './default-policies.ts';
import type { ActionSpec, ContextKeySpec, PolicyDocument } from './types.ts';

/**
 * Issue 16's example, as a user would write it: "the tuners group may start studies on xgboost with at most 200
 * trials and 4 in parallel, may load-test hosts in 10.0.0.0/8 for at most 60 s, and nobody may run typed commands
 * from Slack" (plus what a tuner needs to follow a study and use the chat).
 */
export const EXAMPLE_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'StudiesOnXgboost', Effect: 'Allow', Action: 'optimizer:StartStudy', Resource: 'tunechat:target/xgboost', Condition: { NumericLessThanEquals: { 'optimizer:Trials': 200, 'optimizer:Parallel': 4 } } },
    { Sid: 'FollowStudies', Effect: 'Allow', Action: ['optimizer:ReadStudy', 'optimizer:StopStudy', 'optimizer:ListStudies', 'charts:Render', 'targets:List'], Resource: '*' },
    { Sid: 'LoadInternal', Effect: 'Allow', Action: 'bench:RunHttp', Resource: 'tunechat:host/*', Condition: { IpAddress: { 'bench:TargetIp': '10.0.0.0/8' }, NumericLessThanEquals: { 'bench:DurationSeconds': 60 } } },
    { Sid: 'Chat', Effect: 'Allow', Action: ['sessions:Connect', 'sessions:List', 'sessions:Read', 'sessions:Write'], Resource: '*' },
    { Sid: 'NoTypedCommandsFromSlack', Effect: 'Deny', Action: ['bench:RunCommand', 'targets:Register'], Resource: '*', Condition: { StringEquals: { 'tunechat:Source': 'slack', 'bench:CommandOrigin': 'typed' } } },
  ],
};

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const code = (text: string): string => `\`${text}\``;

function keyRow(spec: ContextKeySpec): string {
  return `| ${code(spec.key)} | ${spec.type}${spec.multivalued ? ' (multivalued)' : ''} | ${cell(spec.description)} |`;
}

function actionRow(spec: ActionSpec): string {
  const also = (spec.also ?? []).map((text) => text.replace(/(tunechat:\/\/\S+)/, '`$1`'));
  const by = [...spec.tools.map(code), ...spec.routes.map(code), ...also].join(', ') || 'CLI only';
  const keys = spec.contextKeys.map((k) => code(k.key)).join(', ') || '–';
  return `| ${code(spec.action)} | ${spec.access} | ${spec.resources.map(code).join(', ')} | ${keys} | ${by} | ${cell(spec.description)} |`;
}

/** The action keys of a service, each once, in first-use order. */
function serviceKeys(actions: readonly ActionSpec[], service: string): ContextKeySpec[] {
  const seen = new Map<string, ContextKeySpec>();
  for (const spec of actions) for (const key of spec.contextKeys) if (key.key.startsWith(`${service}:`) && !seen.has(key.key)) seen.set(key.key, key);
  return [...seen.values()];
}

export function renderIamDocs(): string {
  const lines: string[] = [
    '# IAM actions, resources and context keys',
    '',
    '<!-- Generated from tools/iam/catalog.ts by `npx tsx scripts/gen-iam-docs.ts`. Do not edit by hand: a test compares this file with the generator. -->',
    '',
    'Every agent tool call and every REST route below is authorized before it runs: the action, the resource it acts on and the context keys built from the real arguments (defaults applied) are evaluated against the policies attached to the principal, as AWS IAM does (an explicit Deny wins, then an Allow, else an implicit deny). Action names and context keys are case-insensitive; resources are case-sensitive.',
    '',
    'A `bench_command` call comparing several commands is authorized once per command. A tool without a catalog entry never runs.',
    '',
    '## Global context keys',
    '',
    'Present on every request (`tunechat:SourceIp` only when known).',
    '',
    '| Key | Type | Meaning |',
    '|---|---|---|',
    ...CONTEXT_KEYS.map(keyRow),
    '',
  ];
  for (const service of services()) {
    const actions = ACTIONS.filter((spec) => spec.action.startsWith(`${service}:`));
    lines.push(`## ${service}`, '', '| Action | Access | Resources | Context keys | Performed by | Description |', '|---|---|---|---|---|---|', ...actions.map(actionRow), '');
    const keys = serviceKeys(actions, service);
    if (keys.length > 0) lines.push(`### ${service} context keys`, '', '| Key | Type | Meaning |', '|---|---|---|', ...keys.map(keyRow), '');
  }
  lines.push(
    '## Routes',
    '',
    '| Method | Path | Action | Resource |',
    '|---|---|---|---|',
    ...ROUTE_ACTIONS.map((r) => `| ${r.method} | ${code(r.path)} | ${code(r.action)} | ${code(r.resource({ id: ':id' }))} |`),
    '',
    '### Routes without a policy decision',
    '',
    '| Method | Path | Why |',
    '|---|---|---|',
    ...PUBLIC_ROUTES.map((r) => `| ${r.method} | ${code(r.path)} | ${cell(r.reason)} |`),
    '',
    '## Default policies',
    '',
    'Created on first use; versioned like any managed policy (edit, roll back, detach).',
    '',
  );
  lines.push(
    '## Example',
    '',
    'The tuners group may start studies on xgboost with at most 200 trials and 4 in parallel, may load-test hosts in 10.0.0.0/8 for at most 60 s, and nobody may run typed commands from Slack (`npx tunechat policy put tuners tuners.json`, then `npx tunechat policy attach tuners --group tuners`):',
    '',
    '```json',
    JSON.stringify(EXAMPLE_POLICY, null, 2),
    '```',
    '',
    'A study with `trials` left out asks for 100 trials (the default), so it passes the first statement; 500 trials matches no Allow (implicit deny). A load test of a host name (not an address) has no `bench:TargetIp`, so `LoadInternal` does not allow it: name the host by address, or write a `StringLike` condition on `bench:TargetHost`.',
    '',
  );
  for (const policy of DEFAULT_POLICIES) {
    const to = Object.keys(policy.attach)[0] === 'user' || Object.keys(policy.attach)[0] === 'group' ? JSON.stringify(policy.attach) : Object.keys(policy.attach)[0]!;
    lines.push(`### ${policy.name}`, '', `${policy.description} Attached to: ${to}.`, '', '```json', JSON.stringify(policy.document, null, 2), '```', '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
