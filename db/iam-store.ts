import type { Db } from './open.ts';
import { ToolError } from '../tools/common/errors.ts';
import { issueToken, parseToken, verifyToken, type RandomBytes } from '../tools/iam/tokens.ts';
import { DEFAULT_POLICIES } from '../tools/iam/default-policies.ts';
import type { AttachmentTarget, Finding, IamStoreApi, ManagedPolicyRecord, PolicyDocument, PolicySource, PolicyVersionRecord, Principal, UserRecord } from '../tools/iam/types.ts';
import { checkName, checkSlackId, checkTags, targetLabel, targetOf } from './iam-names.ts';
import { IamPolicyVersions } from './iam-policy-versions.ts';

interface UserRow {
  name: string;
  tags: string;
  created_at: number;
  disabled: number;
  token_id: string;
  token_salt: string;
  token_hash: string;
}

function prepareStatements(db: Db) {
  return {
    revision: db.prepare('SELECT revision FROM iam_revision WHERE id = 1').pluck(),
    anyUser: db.prepare('SELECT 1 FROM iam_users LIMIT 1').pluck(),
    slackUser: db.prepare('SELECT user_name FROM iam_slack_users WHERE slack_user_id = ?').pluck(),
    bump: db.prepare('UPDATE iam_revision SET revision = revision + 1 WHERE id = 1'),
    user: db.prepare('SELECT * FROM iam_users WHERE name = ?'),
    userByToken: db.prepare('SELECT * FROM iam_users WHERE token_id = ?'),
    groupsOf: db.prepare('SELECT group_name FROM iam_group_members WHERE user_name = ? ORDER BY group_name').pluck(),
    groupExists: db.prepare('SELECT 1 FROM iam_groups WHERE name = ?').pluck(),
    insertGroup: db.prepare('INSERT INTO iam_groups (name, created_at) VALUES (?, ?)'),
    addMember: db.prepare('INSERT OR IGNORE INTO iam_group_members (group_name, user_name) VALUES (?, ?)'),
    // The default versions of policies attached to everyone, to `kind` (operator) or to the user and its groups.
    policiesFor: db.prepare(
      `SELECT v.policy, v.version, v.document FROM iam_policy_versions v
       WHERE v.is_default = 1 AND v.policy IN (
         SELECT a.policy FROM iam_attachments a WHERE a.target_kind = 'everyone'
            OR (a.target_kind = 'operator' AND @operator = 1)
            OR (a.target_kind = 'user' AND a.target_name = @user)
            OR (a.target_kind = 'group' AND a.target_name IN (SELECT group_name FROM iam_group_members WHERE user_name = @user)))
       ORDER BY v.policy`,
    ),
  };
}

export interface IamStoreOptions {
  /** Epoch milliseconds (injected; tests pass a manual clock). */
  now?: () => number;
  /** Randomness of tokens and salts (injected; tests make it deterministic). */
  random?: RandomBytes;
  /** The policy validator (default tools/iam/validate.ts `validatePolicy`): an ERROR finding refuses a document. */
  validate?: (text: string) => Finding[];
}

/**
 * Users (with token hashes), groups, managed policies with IAM's version rules, attachments and the Slack member map,
 * in SQLite (migration 0010). Every change bumps `revision()` in the same transaction, so an authorizer in any
 * process sees a change on its next decision. Policy versions live in db/iam-policy-versions.ts.
 */
export class IamStore implements IamStoreApi {
  private readonly now: () => number;
  private readonly random: RandomBytes | undefined;
  private readonly policies: IamPolicyVersions;
  private readonly statements: ReturnType<typeof prepareStatements>;

  constructor(
    private readonly db: Db,
    options: IamStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.random = options.random;
    this.statements = prepareStatements(db);
    this.policies = new IamPolicyVersions(db, this.now, () => this.bump(), options.validate);
  }

  revision(): number {
    return this.statements.revision.get() as number;
  }

  // ------------------------------------------------------------------ users and tokens

  hasUsers(): boolean {
    return this.statements.anyUser.get() !== undefined;
  }

  /** Creates the user (and any group named that does not exist yet, as `users add alice --group tuners` implies). */
  addUser(name: string, options: { groups?: string[]; tags?: Record<string, string> } = {}): { user: UserRecord; token: string } {
    checkName('name', name);
    const tags = checkTags('tags', options.tags);
    const groups = [...new Set((options.groups ?? []).map((group) => checkName('group', group)))];
    return this.db.transaction(() => {
      if (this.statements.user.get(name)) throw new ToolError('conflict', `user "${name}" already exists`, { details: { field: 'name', actual: name } });
      const { token, stored } = issueToken(this.random);
      const at = this.now();
      this.db
        .prepare('INSERT INTO iam_users (name, tags, created_at, disabled, token_id, token_salt, token_hash) VALUES (?, ?, ?, 0, ?, ?, ?)')
        .run(name, JSON.stringify(tags), at, stored.token_id, stored.token_salt, stored.token_hash);
      for (const group of groups) {
        if (!this.statements.groupExists.get(group)) this.statements.insertGroup.run(group, at);
        this.statements.addMember.run(group, name);
      }
      this.bump();
      return { user: this.getUser(name)!, token };
    })();
  }

  getUser(name: string): UserRecord | null {
    const row = this.statements.user.get(name) as UserRow | undefined;
    return row ? this.toUser(row) : null;
  }

  listUsers(): UserRecord[] {
    return (this.db.prepare('SELECT * FROM iam_users ORDER BY name').all() as UserRow[]).map((row) => this.toUser(row));
  }

  removeUser(name: string): void {
    this.db.transaction(() => {
      this.requireUser(name);
      this.db.prepare("DELETE FROM iam_attachments WHERE target_kind = 'user' AND target_name = ?").run(name);
      this.db.prepare('DELETE FROM iam_users WHERE name = ?').run(name);
      this.bump();
    })();
  }

  rotateToken(name: string): string {
    return this.db.transaction(() => {
      this.requireUser(name);
      const { token, stored } = issueToken(this.random);
      this.db.prepare('UPDATE iam_users SET token_id = ?, token_salt = ?, token_hash = ? WHERE name = ?').run(stored.token_id, stored.token_salt, stored.token_hash, name);
      this.bump();
      return token;
    })();
  }

  /** A disabled user keeps its groups and policies but cannot authenticate. */
  setUserDisabled(name: string, disabled: boolean): void {
    this.db.transaction(() => {
      this.requireUser(name);
      this.db.prepare('UPDATE iam_users SET disabled = ? WHERE name = ?').run(disabled ? 1 : 0, name);
      this.bump();
    })();
  }

  authenticate(token: string): UserRecord | null {
    const parsed = parseToken(token);
    if (!parsed) return null;
    const row = this.statements.userByToken.get(parsed.tokenId) as UserRow | undefined;
    if (!row || !verifyToken(token, row) || row.disabled) return null;
    return this.toUser(row);
  }

  // ------------------------------------------------------------------ groups

  addGroup(name: string): void {
    checkName('name', name);
    this.db.transaction(() => {
      if (this.statements.groupExists.get(name)) throw new ToolError('conflict', `group "${name}" already exists`, { details: { field: 'name', actual: name } });
      this.statements.insertGroup.run(name, this.now());
      this.bump();
    })();
  }

  /** Removes the group, its memberships and its attachments (the users stay). */
  removeGroup(name: string): void {
    this.db.transaction(() => {
      this.requireGroup(name);
      this.db.prepare("DELETE FROM iam_attachments WHERE target_kind = 'group' AND target_name = ?").run(name);
      this.db.prepare('DELETE FROM iam_groups WHERE name = ?').run(name);
      this.bump();
    })();
  }

  listGroups(): { name: string; members: string[]; policies: string[] }[] {
    const members = this.db.prepare('SELECT user_name FROM iam_group_members WHERE group_name = ? ORDER BY user_name').pluck();
    const policies = this.db.prepare("SELECT policy FROM iam_attachments WHERE target_kind = 'group' AND target_name = ? ORDER BY policy").pluck();
    return (this.db.prepare('SELECT name FROM iam_groups ORDER BY name').pluck().all() as string[]).map((name) => ({
      name,
      members: members.all(name) as string[],
      policies: policies.all(name) as string[],
    }));
  }

  addToGroup(user: string, group: string): void {
    this.db.transaction(() => {
      this.requireUser(user);
      this.requireGroup(group);
      if (this.statements.addMember.run(group, user).changes > 0) this.bump();
    })();
  }

  removeFromGroup(user: string, group: string): void {
    this.db.transaction(() => {
      this.requireUser(user);
      this.requireGroup(group);
      const removed = this.db.prepare('DELETE FROM iam_group_members WHERE group_name = ? AND user_name = ?').run(group, user).changes;
      if (removed === 0) throw new ToolError('not_found', `user "${user}" is not in group "${group}"`, { details: { field: 'user', actual: user, group } });
      this.bump();
    })();
  }

  // ------------------------------------------------------------------ managed policies (db/iam-policy-versions.ts)

  putPolicy(name: string, document: string, options: { setDefault?: boolean; description?: string } = {}): { version: PolicyVersionRecord; findings: Finding[] } {
    return this.policies.put(name, document, options);
  }

  getPolicy(name: string, version?: string): PolicyVersionRecord {
    return this.policies.get(name, version);
  }

  listPolicies(): ManagedPolicyRecord[] {
    return this.policies.list();
  }

  listVersions(name: string): PolicyVersionRecord[] {
    return this.policies.versions(name);
  }

  setDefaultVersion(name: string, version: string): void {
    this.policies.setDefault(name, version);
  }

  deleteVersion(name: string, version: string): void {
    this.policies.deleteVersion(name, version);
  }

  deletePolicy(name: string): void {
    this.policies.delete(name);
  }

  /** Idempotent, as IAM's Attach*Policy: attaching twice keeps one attachment. */
  attach(policy: string, to: AttachmentTarget): void {
    const target = targetOf(to);
    this.db.transaction(() => {
      this.policies.require(policy);
      if (target.kind === 'user') this.requireUser(target.name);
      if (target.kind === 'group') this.requireGroup(target.name);
      const added = this.db
        .prepare('INSERT OR IGNORE INTO iam_attachments (policy, target_kind, target_name, created_at) VALUES (?, ?, ?, ?)')
        .run(policy, target.kind, target.name, this.now()).changes;
      if (added > 0) this.bump();
    })();
  }

  detach(policy: string, to: AttachmentTarget): void {
    const target = targetOf(to);
    this.db.transaction(() => {
      this.policies.require(policy);
      const removed = this.db.prepare('DELETE FROM iam_attachments WHERE policy = ? AND target_kind = ? AND target_name = ?').run(policy, target.kind, target.name).changes;
      if (removed === 0) {
        throw new ToolError('not_found', `policy "${policy}" is not attached to ${targetLabel(target.kind, target.name)}`, { details: { field: 'to', actual: targetLabel(target.kind, target.name), policy } });
      }
      this.bump();
    })();
  }

  /**
   * The default versions of the policies that apply: everyone's, plus the operator's for the operator, plus the
   * user's own and its groups' (read from the database, so a membership change applies at once) for a user. A
   * Slack guest gets everyone's only.
   */
  policiesFor(principal: Principal): PolicySource[] {
    const rows = this.statements.policiesFor.all({
      operator: principal.type === 'operator' ? 1 : 0,
      user: principal.type === 'user' ? principal.name : null,
    }) as { policy: string; version: string; document: string }[];
    return rows.map((row) => ({ policy: row.policy, version: row.version, document: JSON.parse(row.document) as PolicyDocument }));
  }

  /** Creates the built-in policies (tools/iam/default-policies.ts) as v1 with their attachments when absent. */
  ensureBuiltins(): void {
    // IMMEDIATE: two processes starting at once (server and CLI) must not both see a built-in as absent.
    this.db.transaction(() => {
      for (const builtin of DEFAULT_POLICIES) {
        if (this.policies.exists(builtin.name)) continue;
        this.policies.put(builtin.name, JSON.stringify(builtin.document, null, 2), { description: builtin.description }, true);
        this.attach(builtin.name, builtin.attach);
      }
    }).immediate();
  }

  // ------------------------------------------------------------------ Slack members

  mapSlackUser(slackUserId: string, user: string): void {
    checkSlackId('slackUserId', slackUserId);
    this.db.transaction(() => {
      this.requireUser(user);
      this.db
        .prepare('INSERT INTO iam_slack_users (slack_user_id, user_name, created_at) VALUES (?, ?, ?) ON CONFLICT (slack_user_id) DO UPDATE SET user_name = excluded.user_name')
        .run(slackUserId, user, this.now());
      this.bump();
    })();
  }

  unmapSlackUser(slackUserId: string): void {
    checkSlackId('slackUserId', slackUserId);
    this.db.transaction(() => {
      if (this.db.prepare('DELETE FROM iam_slack_users WHERE slack_user_id = ?').run(slackUserId).changes === 0) {
        throw new ToolError('not_found', `Slack member ${slackUserId} is not mapped to a user`, { details: { field: 'slackUserId', actual: slackUserId } });
      }
      this.bump();
    })();
  }

  slackUser(slackUserId: string): string | null {
    if (typeof slackUserId !== 'string' || slackUserId.length > 64) return null;
    return (this.statements.slackUser.get(slackUserId) as string | undefined) ?? null;
  }

  // ------------------------------------------------------------------ internals

  private bump(): void {
    this.statements.bump.run();
  }

  private toUser(row: UserRow): UserRecord {
    return {
      name: row.name,
      groups: this.statements.groupsOf.all(row.name) as string[],
      tags: JSON.parse(row.tags) as Record<string, string>,
      created_at: row.created_at,
      disabled: row.disabled !== 0,
    };
  }

  private requireUser(name: string): void {
    checkName('user', name);
    if (!this.statements.user.get(name)) throw new ToolError('not_found', `user "${name}" does not exist`, { details: { field: 'user', actual: name } });
  }

  private requireGroup(name: string): void {
    checkName('group', name);
    if (!this.statements.groupExists.get(name)) {
      throw new ToolError('not_found', `group "${name}" does not exist (create it with \`npx tunechat groups add ${name}\`)`, { details: { field: 'group', actual: name } });
    }
  }
}
