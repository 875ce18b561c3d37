-- Who may do what (issue 16): users with API tokens, groups, managed policies with versions, attachments, the
-- Slack member → user map, and the hash-chained audit of every decision (db/iam-store.ts, db/audit-store.ts).

-- Users. Only a salted SHA-256 of the token's secret is stored (tools/iam/tokens.ts); token_id is the public part of
-- the token (`tct_<token_id>_<secret>`) used to find the row, so authentication is one indexed lookup.
CREATE TABLE iam_users (
  name        TEXT PRIMARY KEY,
  tags        TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(tags)),
  created_at  INTEGER NOT NULL,
  disabled    INTEGER NOT NULL DEFAULT 0,
  token_id    TEXT NOT NULL UNIQUE,
  token_salt  TEXT NOT NULL,
  token_hash  TEXT NOT NULL
);

CREATE TABLE iam_groups (
  name        TEXT PRIMARY KEY,
  created_at  INTEGER NOT NULL
);

CREATE TABLE iam_group_members (
  group_name  TEXT NOT NULL REFERENCES iam_groups(name) ON DELETE CASCADE,
  user_name   TEXT NOT NULL REFERENCES iam_users(name) ON DELETE CASCADE,
  PRIMARY KEY (group_name, user_name)
);
CREATE INDEX iam_group_members_user ON iam_group_members (user_name);

-- Managed policies. next_version is the per-policy counter: versions are v1, v2, … and a number is never reused,
-- also after deletes (IAM's rule).
CREATE TABLE iam_policies (
  name          TEXT PRIMARY KEY,
  description   TEXT NOT NULL DEFAULT '',
  next_version  INTEGER NOT NULL DEFAULT 1,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);

CREATE TABLE iam_policy_versions (
  policy      TEXT NOT NULL REFERENCES iam_policies(name) ON DELETE CASCADE,
  num         INTEGER NOT NULL,              -- the N of "vN"
  version     TEXT NOT NULL,                 -- "vN"
  is_default  INTEGER NOT NULL DEFAULT 0,
  document    TEXT NOT NULL,                 -- as written (≤ 6,144 characters not counting whitespace)
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (policy, num)
);
-- At most one default per policy, enforced by the database too (the store keeps exactly one).
CREATE UNIQUE INDEX iam_policy_versions_default ON iam_policy_versions (policy) WHERE is_default = 1;

-- Attachments: target_kind user|group name the user or group; operator and everyone have target_name ''.
CREATE TABLE iam_attachments (
  policy       TEXT NOT NULL REFERENCES iam_policies(name) ON DELETE CASCADE,
  target_kind  TEXT NOT NULL CHECK (target_kind IN ('user', 'group', 'operator', 'everyone')),
  target_name  TEXT NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (policy, target_kind, target_name)
);
CREATE INDEX iam_attachments_target ON iam_attachments (target_kind, target_name);

CREATE TABLE iam_slack_users (
  slack_user_id  TEXT PRIMARY KEY,
  user_name      TEXT NOT NULL REFERENCES iam_users(name) ON DELETE CASCADE,
  created_at     INTEGER NOT NULL
);
CREATE INDEX iam_slack_users_user ON iam_slack_users (user_name);

-- Grows on every change of users, groups, policies or attachments: authorizers (in any process) cache compiled
-- policy sets by it.
CREATE TABLE iam_revision (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  revision  INTEGER NOT NULL
);
INSERT INTO iam_revision (id, revision) VALUES (1, 0);

-- Every decision, allowed and denied. Rows are hash-chained: hash = sha256(prev_hash + canonical JSON of the row's
-- fields, seq included), the first prev_hash is 64 zeros. seq is assigned by the writer (no AUTOINCREMENT) so a
-- gap shows a deleted row; `npx tunechat audit verify` walks the chain.
CREATE TABLE audit (
  seq          INTEGER PRIMARY KEY,
  decision_id  TEXT NOT NULL,                -- d-<at in base 36><random>: found through the time index (db/audit-store.ts)
  at           INTEGER NOT NULL,
  principal    TEXT NOT NULL,                -- the principal's ARN: tunechat:user/alice, tunechat:operator, …
  source       TEXT NOT NULL,
  source_ip    TEXT,
  action       TEXT NOT NULL,
  resource     TEXT NOT NULL,
  context      TEXT NOT NULL,                -- canonical JSON, secrets masked
  decision     TEXT NOT NULL,                -- allowed | explicitDeny | implicitDeny
  matched      TEXT NOT NULL,                -- canonical JSON: MatchedStatement[]
  versions     TEXT NOT NULL,                -- canonical JSON: {policy, version}[]
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL
);
-- One index, on time: every index is one more b-tree written per decision (on a WAL file each cost about 10 µs of
-- a tool call), and audit queries are rare and human-driven: a time range narrows them (principal, decision and
-- action filter the rows in it), and a decision id carries its time, so it is found through this index too.
CREATE INDEX audit_at ON audit (at);
