import { ToolError } from '../../tools/common/errors.ts';
import type { AuthorizationDecision, AuthorizerApi, CallAuthorization, IamStoreApi, Principal, RequestOrigin, UserRecord } from '../../tools/iam/types.ts';

/**
 * The part of the IAM store that authentication and the Slack bridge read, in memory: users with their tokens and
 * the Slack map. For server tests that must not depend on the real store's schema (db/iam-store.ts has its own tests).
 */
export class FakeIam implements Pick<IamStoreApi, 'hasUsers' | 'authenticate' | 'getUser' | 'slackUser'> {
  private readonly users = new Map<string, { user: UserRecord; token: string }>();
  private readonly slack = new Map<string, string>();
  private next = 1;

  addUser(name: string, options: { groups?: string[]; tags?: Record<string, string> } = {}): { user: UserRecord; token: string } {
    const user: UserRecord = { name, groups: options.groups ?? [], tags: options.tags ?? {}, created_at: 0, disabled: false };
    const token = `tct_${String(this.next++).padStart(16, '0')}_${'s'.repeat(42)}${name.length % 10}`;
    this.users.set(name, { user, token });
    return { user, token };
  }

  disable(name: string): void {
    const entry = this.users.get(name);
    if (entry) entry.user = { ...entry.user, disabled: true };
  }

  mapSlackUser(slackUserId: string, user: string): void {
    this.slack.set(slackUserId, user);
  }

  hasUsers(): boolean {
    return this.users.size > 0;
  }

  authenticate(token: string): UserRecord | null {
    for (const { user, token: t } of this.users.values()) if (t === token && !user.disabled) return user;
    return null;
  }

  getUser(name: string): UserRecord | null {
    return this.users.get(name)?.user ?? null;
  }

  slackUser(slackUserId: string): string | null {
    return this.slack.get(slackUserId) ?? null;
  }
}

/** An authorizer that records every question and denies what `deny` says (default: allow everything). */
export class FakeAuthorizer implements AuthorizerApi {
  readonly calls: { principal: Principal; origin: RequestOrigin; call: CallAuthorization }[] = [];

  constructor(private readonly deny: (principal: Principal, call: CallAuthorization) => boolean = () => false) {}

  authorize(principal: Principal, origin: RequestOrigin, call: CallAuthorization): AuthorizationDecision {
    this.calls.push({ principal, origin, call });
    const denied = this.deny(principal, call);
    return { decision: denied ? 'implicitDeny' : 'allowed', matched: [], missingContextKeys: [], decisionId: `d-${this.calls.length}`, principal: principal.arn, action: call.action, resource: call.resource, at: 0 };
  }

  require(principal: Principal, origin: RequestOrigin, call: CallAuthorization): AuthorizationDecision {
    const decision = this.authorize(principal, origin, call);
    if (decision.decision !== 'allowed') {
      throw new ToolError('access_denied', `${principal.arn} may not perform ${call.action} on ${call.resource}: no policy allows it (implicit deny; decision ${decision.decisionId})`, {
        details: { action: call.action, resource: call.resource, decision: decision.decision, decisionId: decision.decisionId },
      });
    }
    return decision;
  }
}
