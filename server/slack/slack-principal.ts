import { operatorPrincipal, slackGuestPrincipal, userPrincipal } from '../../tools/iam/principals.ts';
import type { IamStoreApi, Principal } from '../../tools/iam/types.ts';

/** The part of the IAM store a Slack member's principal is read from. */
export type SlackIam = Pick<IamStoreApi, 'hasUsers' | 'slackUser' | 'getUser'>;

/**
 * Who a Slack member acts as (issue 16), asked per message so a mapping made while the server runs applies at once:
 * - no users exist (or no IAM store): the operator, today's behaviour. Still under the DefaultGuardrails policy,
 *   which denies typed commands from Slack unless SLACK_ALLOW_TYPED_COMMANDS=1;
 * - a member mapped to a user (`npx tunechat users map-slack …`): that user, with the Slack id on the principal;
 * - anyone else, or a member mapped to a removed or disabled user: `slack-guest` (only policies attached to
 *   everyone apply, so no Allow by default).
 */
export function slackPrincipal(iam: SlackIam | undefined, slackUserId: string): Principal {
  if (!iam || !iam.hasUsers()) return { ...operatorPrincipal(), slackUserId };
  const name = iam.slackUser(slackUserId);
  const user = name === null ? null : iam.getUser(name);
  if (!user || user.disabled) return slackGuestPrincipal(slackUserId);
  return userPrincipal(user, slackUserId);
}
