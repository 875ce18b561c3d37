import type { Db } from './open.ts';
import { ToolError } from '../tools/common/errors.ts';
import { normalizeDocument, policySize } from '../tools/iam/normalize.ts';
import { hasErrors, validatePolicy } from '../tools/iam/validate.ts';
import type { Finding, ManagedPolicyRecord, PolicyVersionRecord } from '../tools/iam/types.ts';
import { checkDescription, checkName, checkVersion, targetLabel } from './iam-names.ts';

/** IAM's limits on managed policies. */
export const MAX_POLICY_VERSIONS = 5;
export const MAX_POLICY_SIZE = 6144;
/** Raw text (whitespace included) refused before anything parses it. */
export const MAX_POLICY_TEXT = 64 * 1024;

interface VersionRow {
  policy: string;
  num: number;
  version: string;
  is_default: number;
  document: string;
  created_at: number;
}

interface PolicyRow {
  name: string;
  description: string;
  next_version: number;
  created_at: number;
  updated_at: number;
}

function toVersion(row: VersionRow): PolicyVersionRecord {
  return { policy: row.policy, version: row.version, is_default: row.is_default !== 0, created_at: row.created_at, document: row.document };
}

/**
 * Managed policies and their versions, with IAM's rules: at most 5 versions, numbered v1, v2, … by a per-policy
 * counter that never reuses a number; exactly one default (the version in force); the default cannot be deleted;
 * setting an older default rolls back. A write validates first and then runs in one transaction, so a bad document
 * or a refused write leaves the previous default in force. Part of db/iam-store.ts (`bump` advances its revision).
 */
export class IamPolicyVersions {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    private readonly bump: () => void,
    private readonly validate: (text: string) => Finding[] = validatePolicy,
  ) {}

  exists(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM iam_policies WHERE name = ?').get(name) !== undefined;
  }

  /** not_found (naming the policy) unless it exists. */
  require(name: string): PolicyRow {
    checkName('policy', name);
    const row = this.db.prepare('SELECT * FROM iam_policies WHERE name = ?').get(name) as PolicyRow | undefined;
    if (!row) throw new ToolError('not_found', `policy "${name}" does not exist`, { details: { field: 'policy', actual: name } });
    return row;
  }

  /**
   * `builtin`: the built-in documents (tools/iam/default-policies.ts, tested against the validator there) skip the
   * validator, so a stricter validator can never stop a server from starting; they are still size-checked and
   * normalized.
   */
  put(name: string, document: string, options: { setDefault?: boolean; description?: string }, builtin = false): { version: PolicyVersionRecord; findings: Finding[] } {
    checkName('name', name);
    const description = options.description === undefined ? undefined : checkDescription(options.description);
    const findings = checkDocument(name, document, builtin ? () => [] : this.validate);
    return this.db.transaction(() => {
      const at = this.now();
      if (!this.exists(name)) {
        this.db.prepare('INSERT INTO iam_policies (name, description, next_version, created_at, updated_at) VALUES (?, ?, 1, ?, ?)').run(name, description ?? '', at, at);
      }
      const existing = this.versions(name);
      if (existing.length >= MAX_POLICY_VERSIONS) {
        const listed = existing.map((v) => v.version + (v.is_default ? ' (default)' : '')).join(', ');
        throw new ToolError('conflict', `policy "${name}" already has ${MAX_POLICY_VERSIONS} versions (${listed}), the most IAM keeps: delete a version first`, {
          details: { field: 'name', actual: existing.map((v) => v.version), max: MAX_POLICY_VERSIONS },
        });
      }
      const num = this.require(name).next_version;
      const makeDefault = options.setDefault !== false || existing.length === 0;
      if (makeDefault) this.db.prepare('UPDATE iam_policy_versions SET is_default = 0 WHERE policy = ? AND is_default = 1').run(name);
      this.db
        .prepare('INSERT INTO iam_policy_versions (policy, num, version, is_default, document, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(name, num, `v${num}`, makeDefault ? 1 : 0, document, at);
      this.db
        .prepare('UPDATE iam_policies SET next_version = ?, updated_at = ?, description = COALESCE(?, description) WHERE name = ?')
        .run(num + 1, at, description ?? null, name);
      this.bump();
      return { version: this.get(name, `v${num}`), findings };
    })();
  }

  /** The default version, or the one named. */
  get(name: string, version?: string): PolicyVersionRecord {
    this.require(name);
    if (version === undefined) {
      return toVersion(this.db.prepare('SELECT * FROM iam_policy_versions WHERE policy = ? AND is_default = 1').get(name) as VersionRow);
    }
    return toVersion(this.versionRow(name, version));
  }

  versions(name: string): PolicyVersionRecord[] {
    this.require(name);
    return (this.db.prepare('SELECT * FROM iam_policy_versions WHERE policy = ? ORDER BY num').all(name) as VersionRow[]).map(toVersion);
  }

  list(): ManagedPolicyRecord[] {
    const attachments = new Map<string, string[]>();
    for (const row of this.db.prepare('SELECT policy, target_kind, target_name FROM iam_attachments ORDER BY policy, target_kind, target_name').all() as { policy: string; target_kind: string; target_name: string }[]) {
      const list = attachments.get(row.policy) ?? [];
      list.push(targetLabel(row.target_kind, row.target_name));
      attachments.set(row.policy, list);
    }
    const rows = this.db
      .prepare(
        `SELECT p.*, (SELECT version FROM iam_policy_versions v WHERE v.policy = p.name AND v.is_default = 1) AS default_version,
                (SELECT count(*) FROM iam_policy_versions v WHERE v.policy = p.name) AS versions
         FROM iam_policies p ORDER BY p.name`,
      )
      .all() as (PolicyRow & { default_version: string; versions: number })[];
    return rows.map((row) => ({
      name: row.name,
      description: row.description,
      default_version: row.default_version,
      versions: row.versions,
      attached_to: attachments.get(row.name) ?? [],
      created_at: row.created_at,
      updated_at: row.updated_at,
    }));
  }

  /** Makes `version` the one in force (also to roll back to an older one). */
  setDefault(name: string, version: string): void {
    this.db.transaction(() => {
      const row = this.versionRow(name, version);
      if (row.is_default) return;
      this.db.prepare('UPDATE iam_policy_versions SET is_default = 0 WHERE policy = ? AND is_default = 1').run(name);
      this.db.prepare('UPDATE iam_policy_versions SET is_default = 1 WHERE policy = ? AND num = ?').run(name, row.num);
      this.db.prepare('UPDATE iam_policies SET updated_at = ? WHERE name = ?').run(this.now(), name);
      this.bump();
    })();
  }

  deleteVersion(name: string, version: string): void {
    this.db.transaction(() => {
      const row = this.versionRow(name, version);
      if (row.is_default) {
        throw new ToolError('conflict', `${version} is the default version of policy "${name}" and cannot be deleted: set another version as default first`, {
          details: { field: 'version', actual: version, policy: name },
        });
      }
      this.db.prepare('DELETE FROM iam_policy_versions WHERE policy = ? AND num = ?').run(name, row.num);
      this.db.prepare('UPDATE iam_policies SET updated_at = ? WHERE name = ?').run(this.now(), name);
      this.bump();
    })();
  }

  /** Only a policy attached nowhere can be deleted (IAM's DeleteConflict). */
  delete(name: string): void {
    this.db.transaction(() => {
      this.require(name);
      const attached = this.list().find((p) => p.name === name)?.attached_to ?? [];
      if (attached.length > 0) {
        throw new ToolError('conflict', `policy "${name}" is attached to ${attached.join(', ')}: detach it first`, { details: { field: 'policy', actual: name, attached_to: attached } });
      }
      this.db.prepare('DELETE FROM iam_policies WHERE name = ?').run(name);
      this.bump();
    })();
  }

  private versionRow(name: string, version: string): VersionRow {
    this.require(name);
    const num = checkVersion('version', version);
    const row = this.db.prepare('SELECT * FROM iam_policy_versions WHERE policy = ? AND num = ?').get(name, num) as VersionRow | undefined;
    if (!row) {
      const available = (this.db.prepare('SELECT version FROM iam_policy_versions WHERE policy = ? ORDER BY num').pluck().all(name) as string[]).join(', ');
      throw new ToolError('not_found', `policy "${name}" has no version ${version} (it has ${available})`, { details: { field: 'version', actual: version, policy: name } });
    }
    return row;
  }
}

/**
 * Size limits, then validation (an ERROR finding refuses the document, all findings in details), then the evaluator's
 * normalization (what is stored must compile). Returns the findings below ERROR for the caller to show.
 */
function checkDocument(name: string, document: unknown, validate: (text: string) => Finding[]): Finding[] {
  if (typeof document !== 'string') {
    throw new ToolError('invalid_argument', `document must be JSON text, got ${typeof document}`, { details: { field: 'document', actual: typeof document } });
  }
  if (document.length > MAX_POLICY_TEXT) {
    throw new ToolError('too_large', `policy document is ${document.length} characters long; at most ${MAX_POLICY_TEXT} are read`, { details: { field: 'document', actual: document.length, max: MAX_POLICY_TEXT } });
  }
  const size = policySize(document);
  if (size > MAX_POLICY_SIZE) {
    throw new ToolError('too_large', `policy "${name}" is ${size} characters not counting whitespace; a managed policy holds at most ${MAX_POLICY_SIZE}`, {
      details: { field: 'document', actual: size, max: MAX_POLICY_SIZE },
    });
  }
  const findings = validate(document);
  if (hasErrors(findings)) {
    const errors = findings.filter((f) => f.findingType === 'ERROR');
    const first = errors[0]!;
    throw new ToolError('invalid_policy', `policy "${name}" is refused: ${errors.length} ERROR finding(s), first ${first.issueCode} at ${first.path}: ${first.message}`, {
      details: { field: 'document', policy: name, findings },
    });
  }
  try {
    normalizeDocument(JSON.parse(document));
  } catch (error) {
    if (ToolError.isInstance(error)) throw error;
    throw new ToolError('invalid_policy', `policy "${name}" is not valid JSON: ${(error as Error).message}`, { details: { field: 'document', policy: name }, cause: error });
  }
  return findings;
}
