import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tunechatIam } from '../support/iam-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'tunechat-policy-'));
const db = join(dir, 'test.db');
const cli = (...args: string[]) => tunechatIam(db, args);

/** The issue's example: tuners may start studies on xgboost with at most 200 trials and 4 in parallel. */
const studies = (trials: number) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'StudiesOnXgboost',
      Effect: 'Allow',
      Action: 'optimizer:StartStudy',
      Resource: 'tunechat:target/xgboost',
      Condition: { NumericLessThanEquals: { 'optimizer:Trials': trials, 'optimizer:Parallel': 4 } },
    },
  ],
});
const file = (name: string, document: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof document === 'string' ? document : JSON.stringify(document, null, 2));
  return path;
};
const versionsOf = async (name: string) =>
  (JSON.parse((await cli('policy', 'versions', name, '--json')).stdout) as { versions: { version: string; is_default: boolean }[] }).versions
    .map((v) => `${v.version}${v.is_default ? '*' : ''}`)
    .sort();

describe('tunechat policy', () => {
  before(async () => {
    assert.equal((await cli('groups', 'add', 'tuners')).code, 0);
    assert.equal((await cli('users', 'add', 'alice', '--group', 'tuners')).code, 0);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('put twice → v1, v2; set-default v1 rolls back; delete-version v2; a sixth version is refused', async () => {
    const v1 = await cli('policy', 'put', 'tuners-studies', file('v1.json', studies(200)), '--description', 'tuners start studies');
    assert.equal(v1.code, 0, v1.stderr);
    assert.match(v1.stdout, /stored tuners-studies v1 \(default: in force now\)/);
    const v2 = await cli('policy', 'put', 'tuners-studies', file('v2.json', studies(100)), '--json');
    assert.equal(v2.code, 0, v2.stderr);
    const put = JSON.parse(v2.stdout) as { version: { version: string; is_default: boolean; document: unknown }; findings: unknown[] };
    assert.equal(put.version.version, 'v2');
    assert.equal(put.version.is_default, true);
    assert.deepEqual(put.version.document, studies(100));
    assert.ok(Array.isArray(put.findings));
    assert.deepEqual(await versionsOf('tuners-studies'), ['v1', 'v2*']);

    const rollback = await cli('policy', 'set-default', 'tuners-studies', 'v1');
    assert.equal(rollback.code, 0, rollback.stderr);
    assert.deepEqual(await versionsOf('tuners-studies'), ['v1*', 'v2']);
    const get = await cli('policy', 'get', 'tuners-studies');
    assert.deepEqual(JSON.parse(get.stdout), studies(200));
    assert.match(get.stderr, /# tuners-studies v1 \(default\)/);
    const getV2 = JSON.parse((await cli('policy', 'get', 'tuners-studies', '--version', 'v2', '--json')).stdout) as { version: string; document: unknown };
    assert.equal(getV2.version, 'v2');
    assert.deepEqual(getV2.document, studies(100));

    const defaultDelete = await cli('policy', 'delete-version', 'tuners-studies', 'v1');
    assert.equal(defaultDelete.code, 1, 'the default version cannot be deleted');
    assert.match(defaultDelete.stderr, /v1/);
    assert.equal((await cli('policy', 'delete-version', 'tuners-studies', 'v2')).code, 0);
    assert.deepEqual(await versionsOf('tuners-studies'), ['v1*']);

    for (const trials of [10, 20, 30, 40]) {
      const more = await tunechatIam(db, ['policy', 'put', 'tuners-studies', '-', '--no-default'], { stdin: JSON.stringify(studies(trials)) });
      assert.equal(more.code, 0, more.stderr);
      assert.match(more.stdout, /not the default: the previous default stays in force/);
    }
    assert.equal((await tunechatIam(db, ['policy', 'put', 'x', '-'], { stdin: JSON.stringify(studies(1)) })).code, 0);
    assert.deepEqual(await versionsOf('tuners-studies'), ['v1*', 'v3', 'v4', 'v5', 'v6'], 'versions are never renumbered');
    const sixth = await cli('policy', 'put', 'tuners-studies', file('v7.json', studies(50)));
    assert.equal(sixth.code, 1);
    assert.match(sixth.stderr, /tunechat policy: .*5/);
    assert.deepEqual(await versionsOf('tuners-studies'), ['v1*', 'v3', 'v4', 'v5', 'v6']);
  });

  test('validate prints an ERROR with its JSON path and exits 1; put refuses the same document and keeps the default', async () => {
    const bad = file('bad.json', { Version: '2012-10-17', Statement: [{ Sid: 'Typo', Effect: 'Allow', Action: 'optimizer:StartStudy', Resource: '*', Condition: { NumericLessThanEqual: { 'optimizer:Trials': 5 } } }] });
    const text = await cli('policy', 'validate', bad);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /^ERROR \(\d+\)$/m);
    assert.match(text.stdout, /UNKNOWN_OPERATOR at Statement\[0\]\.Condition\.NumericLessThanEqual/);
    assert.match(text.stdout, /invalid: a policy with an ERROR is refused/);
    const json = await cli('policy', 'validate', bad, '--json');
    assert.equal(json.code, 1);
    const body = JSON.parse(json.stdout) as { valid: boolean; findings: { findingType: string; issueCode: string; path: string }[] };
    assert.equal(body.valid, false);
    assert.ok(body.findings.some((f) => f.findingType === 'ERROR' && f.issueCode === 'UNKNOWN_OPERATOR' && f.path.startsWith('Statement[0].Condition')));

    const good = await cli('policy', 'validate', file('good.json', studies(200)));
    assert.equal(good.code, 0, good.stdout);
    assert.match(good.stdout, /^valid$/m);

    const refused = await cli('policy', 'put', 'tuners-studies', bad, '--json');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /refused/);
    assert.match(refused.stderr, /UNKNOWN_OPERATOR at Statement\[0\]/);
    const refusal = JSON.parse(refused.stdout) as { error: { code: string }; findings: { issueCode: string }[] };
    assert.equal(refusal.error.code, 'invalid_policy');
    assert.ok(refusal.findings.some((f) => f.issueCode === 'UNKNOWN_OPERATOR'));
    assert.deepEqual(JSON.parse((await cli('policy', 'get', 'tuners-studies')).stdout), studies(200), 'the previous default stays in force');

    const notJson = await tunechatIam(db, ['policy', 'validate', '-'], { stdin: '{"Version": ' });
    assert.equal(notJson.code, 1);
    assert.match(notJson.stdout, /ERROR/);
    const missing = await cli('policy', 'validate', join(dir, 'nope.json'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /<file>: cannot read ".*nope\.json": ENOENT/);
  });

  test('attach / list / detach; a policy attached somewhere cannot be deleted', async () => {
    const attach = await cli('policy', 'attach', 'tuners-studies', '--group', 'tuners');
    assert.equal(attach.code, 0, attach.stderr);
    const policies = (JSON.parse((await cli('policy', 'list', '--json')).stdout) as { policies: { name: string; default_version: string; attached_to: string[] }[] }).policies;
    const mine = policies.find((p) => p.name === 'tuners-studies');
    assert.equal(mine?.default_version, 'v1');
    assert.deepEqual(mine?.attached_to, ['group:tuners']);
    assert.match((await cli('policy', 'list')).stdout, /^tuners-studies\s+v1\s+5\s+group:tuners\s+tuners start studies$/m);
    const both = await cli('policy', 'attach', 'tuners-studies', '--group', 'tuners', '--user', 'alice');
    assert.equal(both.code, 2);
    assert.match(both.stderr, /exactly one of --user NAME, --group NAME/);
    assert.equal((await cli('policy', 'attach', 'x', '--user', 'alice')).code, 0);
    const busy = await cli('policy', 'delete', 'x');
    assert.equal(busy.code, 1);
    assert.match(busy.stderr, /user:alice/);
    assert.equal((await cli('policy', 'detach', 'x', '--user', 'alice')).code, 0);
    assert.equal((await cli('policy', 'delete', 'x')).code, 0);
    assert.ok(!(await cli('policy', 'list')).stdout.includes('\nx '));
  });

  test('simulate --user prints allowed and implicitDeny rows with the matched statements and missing keys', async () => {
    const common = ['policy', 'simulate', '--user', 'alice', '--action', 'optimizer:StartStudy', '--action', 'rules:AddRule', '--resource', 'tunechat:target/xgboost', '--context-type', 'optimizer:Trials=Numeric', '--context-type', 'optimizer:Parallel=Numeric'];
    const within = await cli(...common, '--context', 'optimizer:Trials=150', '--context', 'optimizer:Parallel=2');
    assert.equal(within.code, 0, within.stderr);
    assert.match(within.stdout, /^action\s+resource\s+decision\s+matched statements\s+missing context keys$/m);
    assert.match(within.stdout, /^optimizer:StartStudy\s+tunechat:target\/xgboost\s+allowed\s+tuners-studies v1 StudiesOnXgboost\s+-$/m);
    assert.match(within.stdout, /^rules:AddRule\s+tunechat:target\/xgboost\s+implicitDeny\s+-/m);

    const over = await cli(...common, '--context', 'optimizer:Trials=500', '--context', 'optimizer:Parallel=2', '--json');
    assert.equal(over.code, 0, over.stderr);
    const results = (JSON.parse(over.stdout) as { results: { action: string; decision: string }[] }).results;
    assert.deepEqual(results.map((r) => [r.action, r.decision]), [['optimizer:StartStudy', 'implicitDeny'], ['rules:AddRule', 'implicitDeny']]);

    const missing = await cli('policy', 'simulate', '--user', 'alice', '--action', 'optimizer:StartStudy', '--resource', 'tunechat:target/xgboost', '--context', 'optimizer:Trials=5', '--context-type', 'optimizer:Trials=Numeric', '--json');
    const row = (JSON.parse(missing.stdout) as { results: { decision: string; missingContextKeys: string[] }[] }).results[0]!;
    assert.equal(row.decision, 'implicitDeny');
    assert.ok(row.missingContextKeys.some((k) => k.toLowerCase() === 'optimizer:parallel'), JSON.stringify(row));
  });

  test('simulate --policy-file evaluates documents passed in; bad flags are usage errors', async () => {
    const custom = await cli('policy', 'simulate', '--policy-file', file('custom.json', studies(10)), '--action', 'optimizer:StartStudy', '--resource', 'tunechat:target/xgboost', '--resource', 'tunechat:target/other', '--context', 'optimizer:Trials=5', '--context', 'optimizer:Parallel=1', '--context-type', 'optimizer:Trials=Numeric', '--context-type', 'optimizer:Parallel=numeric', '--json');
    assert.equal(custom.code, 0, custom.stderr);
    const results = (JSON.parse(custom.stdout) as { results: { resource: string; decision: string; matched: { sid: string | null }[] }[] }).results;
    assert.deepEqual(results.map((r) => [r.resource, r.decision]), [['tunechat:target/xgboost', 'allowed'], ['tunechat:target/other', 'implicitDeny']]);
    assert.equal(results[0]!.matched[0]!.sid, 'StudiesOnXgboost');

    const noAction = await cli('policy', 'simulate', '--user', 'alice');
    assert.equal(noAction.code, 2);
    assert.match(noAction.stderr, /--action: is required/);
    const two = await cli('policy', 'simulate', '--user', 'alice', '--policy-file', 'x.json', '--action', 'a:B');
    assert.equal(two.code, 2);
    const badNumber = await cli('policy', 'simulate', '--user', 'alice', '--action', 'a:B', '--context', 'optimizer:Trials=lots', '--context-type', 'optimizer:Trials=Numeric');
    assert.equal(badNumber.code, 2);
    assert.match(badNumber.stderr, /--context optimizer:Trials: is Numeric, got "lots"/);
    const unknownUser = await cli('policy', 'simulate', '--user', 'mallory', '--action', 'optimizer:StartStudy');
    assert.equal(unknownUser.code, 1);
    assert.match(unknownUser.stderr, /--user: no user named "mallory"/);
    const stray = await cli('policy', 'get', 'x', '--action', 'a');
    assert.equal(stray.code, 2);
    assert.match(stray.stderr, /--action: does not apply to policy get/);
    const badVersion = await cli('policy', 'set-default', 'tuners-studies', '2');
    assert.equal(badVersion.code, 2);
    assert.match(badVersion.stderr, /<version>: must be a version like v1/);
  });
});
