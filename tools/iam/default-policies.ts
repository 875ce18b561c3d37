/**
 * The built-in managed policies, created on first use (db/iam-store.ts seeds them; they are then versioned like any
 * other policy, so an operator can edit, roll back or detach them):
 *
 * - `OperatorFullAccess`: Allow `*` on `*`, attached to the operator. On loopback with no users every request acts as
 *   the operator, so nothing changes for a single-user install.
 * - `DefaultGuardrails`: attached to everyone, the operator included. Today's hard-coded rules written as Deny
 *   statements, so behaviour is unchanged until someone edits them (issue 16). The tools keep their own checks
 *   (tools/common/command-permission.ts, tools/common/host-policy.ts) as a second line: a policy can narrow what
 *   runs, never widen what those checks admit.
 * - `SelfService`: attached to everyone; users (not Slack guests) may simulate their own requests and read their
 *   own audit rows, so "why was my benchmark refused?" works without an operator's grant.
 *
 * The guardrails' statements mirror those two checks:
 * - `NoTypedCommandsFromSlack`: `checkCommandPermission` runs a registered target's exact argv for anyone, but an argv
 *   the user typed only for a requester with `commands` — false for Slack members unless the operator set
 *   SLACK_ALLOW_TYPED_COMMANDS=1. Registering a command target from chat passes the same check. The catalog sets
 *   `bench:CommandOrigin` to `typed` only when some argv of the call is not a registered target's, and
 *   `tunechat:SlackTypedCommandsAllowed` from SLACK_ALLOW_TYPED_COMMANDS; an http or builtin target registration has
 *   no `bench:CommandOrigin`, so the statement does not apply to it (as today).
 * - `LoadOnlyToAllowedHosts`: `precheckHostUrl` admits loopback and the TUNECHAT_ALLOWED_HOSTS entries; the catalog
 *   sets `bench:HostAllowed` from that same allow-list for benchmark and controller URLs. When the host is not known
 *   when the call is authorized (a controller whose target names no URL), the key is absent and the tool's own host
 *   check decides, as today.
 */
import type { AttachmentTarget, PolicyDocument } from './types.ts';

export interface DefaultPolicy {
  name: string;
  description: string;
  attach: AttachmentTarget;
  document: PolicyDocument;
}

export const OPERATOR_FULL_ACCESS = 'OperatorFullAccess';
export const DEFAULT_GUARDRAILS = 'DefaultGuardrails';
export const SELF_SERVICE = 'SelfService';

const POLICIES: DefaultPolicy[] = [
  {
    name: OPERATOR_FULL_ACCESS,
    description: 'The local operator may do everything (the guardrails still apply: explicit Deny wins).',
    attach: { operator: true },
    document: {
      Version: '2012-10-17',
      Statement: [{ Sid: 'OperatorFullAccess', Effect: 'Allow', Action: '*', Resource: '*' }],
    },
  },
  {
    name: DEFAULT_GUARDRAILS,
    description:
      "Today's built-in rules as policy: no commands typed in Slack unless the operator allowed them (SLACK_ALLOW_TYPED_COMMANDS=1), and load only to loopback or TUNECHAT_ALLOWED_HOSTS.",
    attach: { everyone: true },
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'NoTypedCommandsFromSlack',
          Effect: 'Deny',
          Action: ['bench:RunCommand', 'targets:Register'],
          Resource: '*',
          Condition: {
            StringEquals: { 'tunechat:Source': 'slack', 'bench:CommandOrigin': 'typed' },
            Bool: { 'tunechat:SlackTypedCommandsAllowed': 'false' },
          },
        },
        {
          Sid: 'LoadOnlyToAllowedHosts',
          Effect: 'Deny',
          Action: ['bench:RunHttp', 'bench:RunLlm', 'control:Start'],
          Resource: '*',
          Condition: { Bool: { 'bench:HostAllowed': 'false' } },
        },
      ],
    },
  },
  {
    name: SELF_SERVICE,
    description:
      'Every user may ask about their own rights and decisions: simulate their own requests ("could I …?") and read their own audit rows ("why was my benchmark refused?"). Slack guests are not users, so it gives them nothing.',
    attach: { everyone: true },
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'OwnSimulationsAndAudit',
          Effect: 'Allow',
          Action: ['policies:Simulate', 'audit:Read'],
          Resource: 'tunechat:user/${tunechat:Username}',
          Condition: { StringEquals: { 'tunechat:PrincipalType': 'user' } },
        },
      ],
    },
  },
];

export const DEFAULT_POLICIES: readonly DefaultPolicy[] = Object.freeze(POLICIES);
