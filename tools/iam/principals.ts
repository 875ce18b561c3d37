import type { ContextValue, Principal, RequestOrigin, UserRecord } from './types.ts';

/**
 * Principals (who a request acts as) and the global context keys they give every request. The keys are the ones
 * policies condition on: `tunechat:Username`, `tunechat:PrincipalType`, `tunechat:PrincipalTag/<key>`,
 * `tunechat:Groups`, `tunechat:Source`, `tunechat:SourceIp`, `tunechat:CurrentTime`, `tunechat:EpochTime`,
 * `tunechat:SlackTypedCommandsAllowed`.
 */

/** The local operator (the CLI on this machine; a loopback server without users). */
export function operatorPrincipal(): Principal {
  return { type: 'operator', name: 'operator', arn: 'tunechat:operator', groups: [], tags: {} };
}

export function userPrincipal(user: UserRecord, slackUserId?: string): Principal {
  return {
    type: 'user',
    name: user.name,
    arn: `tunechat:user/${user.name}`,
    groups: [...user.groups],
    tags: { ...user.tags },
    ...(slackUserId === undefined ? {} : { slackUserId }),
  };
}

/** An unmapped Slack member once users exist: only policies attached to everyone apply (no Allow by default). */
export function slackGuestPrincipal(slackUserId: string): Principal {
  return { type: 'slack-guest', name: 'slack-guest', arn: `tunechat:slack-guest/${slackUserId}`, groups: [], tags: {}, slackUserId };
}

/** The key the authorizer caches a principal's compiled policies under (every slack guest shares one set). */
export function principalKey(principal: Principal): string {
  return principal.type === 'user' ? `user/${principal.name}` : principal.type;
}

/**
 * The global context keys of a request. `now` is epoch milliseconds (from the injected clock); the operator's
 * SLACK_ALLOW_TYPED_COMMANDS setting is a key so the default guardrails can honour it.
 */
export function principalContext(
  principal: Principal,
  origin: RequestOrigin | null,
  now: number,
  extra: { slackTypedCommandsAllowed: boolean },
): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {
    'tunechat:Username': principal.name,
    'tunechat:PrincipalType': principal.type,
    'tunechat:Groups': [...principal.groups],
    'tunechat:CurrentTime': new Date(now).toISOString(),
    'tunechat:EpochTime': Math.floor(now / 1000),
    'tunechat:SlackTypedCommandsAllowed': extra.slackTypedCommandsAllowed,
  };
  for (const [key, value] of Object.entries(principal.tags)) context[`tunechat:PrincipalTag/${key}`] = value;
  if (origin) {
    context['tunechat:Source'] = origin.source;
    if (origin.sourceIp !== undefined && origin.sourceIp !== '') context['tunechat:SourceIp'] = origin.sourceIp;
    // The Slack bridge that received the turn knows its own setting (it may differ from this process's config).
    if (origin.source === 'slack' && origin.slackTypedCommandsAllowed !== undefined) context['tunechat:SlackTypedCommandsAllowed'] = origin.slackTypedCommandsAllowed;
  }
  return context;
}
