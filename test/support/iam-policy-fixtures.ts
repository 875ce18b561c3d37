/**
 * Policy fixtures for the IAM validator tests: a small catalog in the shape of tools/iam/catalog.ts (so the tests do
 * not move when the real catalog grows) and the example policy.
 */
import type { ActionSpec, ContextKeySpec } from '../../tools/iam/types.ts';

const key = (name: string, type: ContextKeySpec['type'], multivalued = false): ContextKeySpec =>
  multivalued ? { key: name, type, multivalued, description: name } : { key: name, type, description: name };
const action = (name: string, access: ActionSpec['access'], resources: string[], contextKeys: ContextKeySpec[] = []): ActionSpec => ({
  action: name,
  description: name,
  access,
  resources,
  contextKeys,
  tools: [],
  routes: [],
});

/** A small catalog in the shape of tools/iam/catalog.ts. */
export const TEST_KEYS: readonly ContextKeySpec[] = [
  key('tunechat:Username', 'String'),
  key('tunechat:PrincipalType', 'String'),
  key('tunechat:PrincipalTag/${TagKey}', 'String'),
  key('tunechat:Groups', 'String', true),
  key('tunechat:Source', 'String'),
  key('tunechat:SourceIp', 'IpAddress'),
  key('tunechat:CurrentTime', 'Date'),
  key('tunechat:EpochTime', 'Numeric'),
  key('tunechat:SlackTypedCommandsAllowed', 'Bool'),
];
const HOST = [key('bench:TargetHost', 'String'), key('bench:TargetIp', 'IpAddress'), key('bench:HostAllowed', 'Bool')];
const COMMAND = [key('bench:CommandOrigin', 'String')];
export const TEST_ACTIONS: readonly ActionSpec[] = [
  action('optimizer:StartStudy', 'Write', ['tunechat:target/${TargetName}'], [
    key('optimizer:Trials', 'Numeric'),
    key('optimizer:Parallel', 'Numeric'),
    key('optimizer:Sampler', 'String'),
    key('optimizer:Objectives', 'String', true),
  ]),
  action('optimizer:ReadStudy', 'Read', ['tunechat:study/${StudyId}']),
  action('optimizer:ListStudies', 'List', ['*']),
  action('bench:RunHttp', 'Write', ['tunechat:host/${Host}:${Port}'], [...HOST, key('bench:DurationSeconds', 'Numeric'), key('bench:Connections', 'Numeric'), key('bench:Rate', 'Numeric')]),
  action('bench:RunCommand', 'Write', ['tunechat:command/${ProgramBasename}'], COMMAND),
  action('targets:Register', 'Write', ['tunechat:target/${TargetName}'], [...COMMAND, ...HOST]),
  action('sessions:Read', 'Read', ['tunechat:session/${SessionId}']),
  action('policies:Put', 'Permissions management', ['tunechat:policy/${PolicyName}']),
  action('policies:Read', 'Read', ['tunechat:policy/${PolicyName}', '*']),
  action('users:Add', 'Permissions management', ['tunechat:user/${UserName}']),
];

/** The example: tuners may start xgboost studies (≤ 200 trials, ≤ 4 parallel), load-test 10.0.0.0/8 for ≤ 60 s; no typed commands from Slack. */
export const TUNERS_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'StartXgboostStudies',
      Effect: 'Allow',
      Action: 'optimizer:StartStudy',
      Resource: 'tunechat:target/xgboost',
      Condition: { NumericLessThanEquals: { 'optimizer:Trials': 200, 'optimizer:Parallel': 4 } },
    },
    {
      Sid: 'LoadTestPrivateHosts',
      Effect: 'Allow',
      Action: 'bench:RunHttp',
      Resource: 'tunechat:host/*',
      Condition: { IpAddress: { 'bench:TargetIp': '10.0.0.0/8' }, NumericLessThanEquals: { 'bench:DurationSeconds': 60 } },
    },
    {
      Sid: 'NoTypedCommandsFromSlack',
      Effect: 'Deny',
      Action: ['bench:RunCommand', 'targets:Register'],
      Resource: '*',
      Condition: { StringEquals: { 'tunechat:Source': 'slack', 'bench:CommandOrigin': 'typed' } },
    },
  ],
};
