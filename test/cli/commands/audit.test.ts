import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../../db/open.ts';
import { createModel } from '../../../server/agent/model.ts';
import { loadConfig } from '../../../server/config.ts';
import { closeServices, createServices } from '../../../server/services.ts';
import { systemClock } from '../../../tools/common/clock.ts';
import { userPrincipal } from '../../../tools/iam/principals.ts';
import { tunechatIam } from '../support/iam-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'tunechat-audit-'));
const db = join(dir, 'test.db');
const cli = (...args: string[]) => tunechatIam(db, args);

/** `node bin/tunechat.js …` with TUNECHAT_DB: the command as a user runs it (registration in cli/main.ts, the env database). */
function tunechatProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [resolve('bin/tunechat.js'), ...args], { env: { ...process.env, TUNECHAT_DB: db, TUNECHAT_MODEL: 'local' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => (clearTimeout(timer), done({ code: code ?? -1, stdout, stderr })));
  });
}

const policy = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'StudiesOnXgboost', Effect: 'Allow', Action: 'optimizer:StartStudy', Resource: 'tunechat:target/xgboost', Condition: { NumericLessThanEquals: { 'optimizer:Trials': 200 } } }],
};

describe('tunechat audit', () => {
  before(async () => {
    writeFileSync(join(dir, 'policy.json'), JSON.stringify(policy));
    assert.equal((await cli('users', 'add', 'alice')).code, 0);
    assert.equal((await cli('policy', 'put', 'studies', join(dir, 'policy.json'))).code, 0);
    assert.equal((await cli('policy', 'attach', 'studies', '--user', 'alice')).code, 0);
    // Two real decisions, as a tool call would make them: 100 trials allowed, then 500 denied.
    const config = loadConfig({ ...process.env, TUNECHAT_DB: db });
    const handle = openDatabase(db);
    const services = createServices({ db: handle, clock: systemClock, config, model: createModel(config.model) });
    try {
      const alice = userPrincipal(services.iam.getUser('alice')!);
      for (const trials of [100, 500]) {
        services.authorizer.authorize(alice, { source: 'cli' }, { action: 'optimizer:StartStudy', resource: 'tunechat:target/xgboost', context: { 'optimizer:Trials': trials } });
      }
    } finally {
      await closeServices(services);
      handle.close();
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('query prints decisions newest first with id, principal, action, resource, decision and why; filters narrow it', async () => {
    const all = await cli('audit', 'query');
    assert.equal(all.code, 0, all.stderr);
    const lines = all.stdout.split('\n');
    assert.match(lines[0]!, /^decision id\s+time\s+principal\s+action\s+resource\s+decision\s+why$/);
    const rows = lines.slice(1).filter((l) => l.includes('optimizer:StartStudy'));
    assert.equal(rows.length, 2, all.stdout);
    assert.match(rows[0]!, /tunechat:user\/alice\s+optimizer:StartStudy\s+tunechat:target\/xgboost\s+implicitDeny\s+implicit deny: no statement allows it$/);
    assert.match(rows[1]!, /tunechat:user\/alice\s+optimizer:StartStudy\s+tunechat:target\/xgboost\s+allowed\s+allowed by studies v1 StudiesOnXgboost$/);

    const denied = await cli('audit', 'query', '--principal', 'alice', '--decision', 'deny', '--since', '1h', '--json');
    assert.equal(denied.code, 0, denied.stderr);
    const body = JSON.parse(denied.stdout) as { rows: { decision: string; context: Record<string, unknown>; decision_id: string }[] };
    assert.equal(body.rows.length, 1);
    assert.equal(body.rows[0]!.decision, 'implicitDeny');
    assert.equal(body.rows[0]!.context['optimizer:Trials'], 500);
    assert.match(all.stdout, new RegExp(`^${body.rows[0]!.decision_id}\\s`, 'm'));

    const future = await tunechatIam(db, ['audit', 'query', '--since', '30m'], { now: Date.now() + 2 * 3_600_000 });
    assert.equal(future.stdout, 'no decisions match');
    const other = await cli('audit', 'query', '--action', 'bench:*');
    assert.ok(!other.stdout.includes('optimizer:StartStudy'));
    const limited = JSON.parse((await cli('audit', 'query', '--limit', '1', '--json')).stdout) as { rows: unknown[] };
    assert.equal(limited.rows.length, 1);
  });

  test('bad flags are usage errors naming the flag', async () => {
    const since = await cli('audit', 'query', '--since', 'yesterdayish');
    assert.equal(since.code, 2);
    assert.match(since.stderr, /--since: must be a span back from now \("1h", "30m", "2d"\), "today" or an ISO 8601 time, but got "yesterdayish"/);
    const decision = await cli('audit', 'query', '--decision', 'maybe');
    assert.equal(decision.code, 2);
    assert.match(decision.stderr, /--decision: must be allow or deny/);
    const limit = await cli('audit', 'query', '--limit', '0');
    assert.equal(limit.code, 2);
    assert.match(limit.stderr, /--limit: must be an integer from 1 to 1000/);
    const verifyFlag = await cli('audit', 'verify', '--since', '1h');
    assert.equal(verifyFlag.code, 2);
  });

  test('verify passes, then finds a row edited with better-sqlite3 (as with sqlite3) and names it', async () => {
    const intact = await cli('audit', 'verify');
    assert.equal(intact.code, 0, intact.stderr);
    const count = Number(/^chain intact: (\d+) rows$/.exec(intact.stdout)?.[1]);
    assert.ok(count >= 2, intact.stdout);
    const json = JSON.parse((await cli('audit', 'verify', '--json')).stdout) as { ok: boolean; rows: number };
    assert.deepEqual([json.ok, json.rows], [true, count]);

    const raw = new Database(db);
    const target = raw.prepare("SELECT seq FROM audit WHERE decision <> 'allowed' ORDER BY seq LIMIT 1").pluck().get() as number;
    raw.prepare("UPDATE audit SET decision = 'allowed' WHERE seq = ?").run(target);
    raw.close();

    const broken = await cli('audit', 'verify', '--json');
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, new RegExp(`chain broken at row ${target}: `));
    const result = JSON.parse(broken.stdout) as { ok: boolean; broken: { seq: number; reason: string } };
    assert.equal(result.ok, false);
    assert.equal(result.broken.seq, target);

    const asUser = await tunechatProcess(['audit', 'verify']);
    assert.equal(asUser.code, 1, asUser.stdout + asUser.stderr);
    assert.match(asUser.stderr, new RegExp(`tunechat audit: chain broken at row ${target}: `));
  });
});
