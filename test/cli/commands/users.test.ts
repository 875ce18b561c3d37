import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openIamCli } from '../../../cli/iam-services.ts';
import { tunechatIam } from '../support/iam-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'tunechat-users-'));
const db = join(dir, 'test.db');
const cli = (...args: string[]) => tunechatIam(db, args);

describe('tunechat users / groups', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('users add prints the token once with a warning; list shows the user, never the token; the token authenticates', async () => {
    assert.equal((await cli('groups', 'add', 'tuners')).code, 0);
    const add = await cli('users', 'add', 'alice', '--group', 'tuners', '--tag', 'team=ml');
    assert.equal(add.code, 0, add.stderr);
    const token = /^token: (\S+)$/m.exec(add.stdout)?.[1];
    assert.ok(token && token.length >= 20, add.stdout);
    assert.match(add.stdout, /added user alice \(groups tuners; tags team=ml\)/);
    assert.match(add.stdout, /warning: this token is shown only now/);

    const list = await cli('users', 'list');
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^alice\s+tuners\s+team=ml\s+\S+Z\s+active$/m);
    assert.ok(!list.stdout.includes(token), 'users list shows no token');
    const listJson = await cli('users', 'list', '--json');
    assert.ok(!listJson.stdout.includes(token));
    const parsed = JSON.parse(listJson.stdout) as { users: { name: string; groups: string[]; tags: Record<string, string> }[] };
    assert.deepEqual(parsed.users.map((u) => [u.name, u.groups, u.tags]), [['alice', ['tuners'], { team: 'ml' }]]);

    const services = openIamCli(db);
    try {
      assert.equal(services.iam.authenticate(token)?.name, 'alice');
    } finally {
      await services.close();
    }

    const rotated = await cli('users', 'rotate-token', 'alice', '--json');
    assert.equal(rotated.code, 0, rotated.stderr);
    const fresh = JSON.parse(rotated.stdout) as { user: string; token: string; warning: string };
    assert.equal(fresh.user, 'alice');
    assert.notEqual(fresh.token, token);
    assert.match(fresh.warning, /shown only now/);
    const again = openIamCli(db);
    try {
      assert.equal(again.iam.authenticate(token), null, 'the old token stops working');
      assert.equal(again.iam.authenticate(fresh.token)?.name, 'alice');
    } finally {
      await again.close();
    }
  });

  test('a second add of the same name is an error (exit 1) naming the user; --json errors parse', async () => {
    const dup = await cli('users', 'add', 'alice', '--json');
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /tunechat users: .*alice/);
    const body = JSON.parse(dup.stdout) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'conflict');
  });

  test('usage errors name the argument and exit 2', async () => {
    const missing = await cli('users', 'add');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /<name>: is required/);
    const tag = await cli('users', 'add', 'bob', '--tag', 'nokey');
    assert.equal(tag.code, 2);
    assert.match(tag.stderr, /--tag: must be KEY=VALUE, got "nokey"/);
    const extra = await cli('users', 'list', 'extra');
    assert.equal(extra.code, 2);
    assert.match(extra.stderr, /"extra": unexpected argument/);
    const unknown = await cli('users', 'frob');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown subcommand "frob"/);
    const stray = await cli('users', 'remove', 'alice', '--group', 'x');
    assert.equal(stray.code, 2);
    assert.match(stray.stderr, /--group: only applies to users add/);
    const flag = await cli('users', 'list', '--frob');
    assert.equal(flag.code, 2);
  });

  test('map-slack / unmap-slack map a Slack member to a user', async () => {
    const map = await cli('users', 'map-slack', 'U123', 'alice');
    assert.equal(map.code, 0, map.stderr);
    assert.match(map.stdout, /U123 now acts as alice/);
    const services = openIamCli(db);
    try {
      assert.equal(services.iam.slackUser('U123'), 'alice');
    } finally {
      await services.close();
    }
    assert.equal((await cli('users', 'unmap-slack', 'U123')).code, 0);
    const after = openIamCli(db);
    try {
      assert.equal(after.iam.slackUser('U123'), null);
    } finally {
      await after.close();
    }
    const missing = await cli('users', 'map-slack', 'U123');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /<name>: is required/);
  });

  test('groups add-user / list / remove-user / remove', async () => {
    assert.equal((await cli('users', 'add', 'bob')).code, 0);
    const addUser = await cli('groups', 'add-user', 'tuners', 'bob');
    assert.equal(addUser.code, 0, addUser.stderr);
    assert.match(addUser.stdout, /added bob to tuners/);
    const list = await cli('groups', 'list', '--json');
    const groups = (JSON.parse(list.stdout) as { groups: { name: string; members: string[] }[] }).groups;
    assert.deepEqual(groups.find((g) => g.name === 'tuners')?.members.slice().sort(), ['alice', 'bob']);
    const text = await cli('groups', 'list');
    assert.match(text.stdout, /^tuners\s+alice,bob|^tuners\s+bob,alice/m);
    assert.equal((await cli('groups', 'remove-user', 'tuners', 'bob')).code, 0);
    const users = JSON.parse((await cli('users', 'list', '--json')).stdout) as { users: { name: string; groups: string[] }[] };
    assert.deepEqual(users.users.find((u) => u.name === 'bob')?.groups, []);
    const unknownGroup = await cli('groups', 'add-user', 'nope', 'bob');
    assert.equal(unknownGroup.code, 1);
    assert.match(unknownGroup.stderr, /nope/);
    const usage = await cli('groups', 'add-user', 'tuners');
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /<user>: is required/);
    assert.equal((await cli('groups', 'add', 'temp')).code, 0);
    assert.equal((await cli('groups', 'remove', 'temp')).code, 0);
    assert.ok(!(await cli('groups', 'list')).stdout.includes('temp'));
    const removed = await cli('users', 'remove', 'bob');
    assert.equal(removed.code, 0);
    assert.ok(!(await cli('users', 'list')).stdout.includes('bob'));
  });
});
