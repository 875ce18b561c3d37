import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

const dir = mkdtempSync(join(tmpdir(), 'tunechat-targets-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const out = spawnSync(process.execPath, ['bin/tunechat.js', 'targets', ...args], { env: { ...process.env, TUNECHAT_DB: join(dir, 't.db') }, encoding: 'utf8', timeout: 30_000 });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

describe('tunechat targets', () => {
  test('add from flags, list as JSON (with the repository tunechat.json and builtins), refuse bad input, remove', () => {
    const added = cli('add', 'scorer', '--command', 'python3 "my score.py" --fast', '--metric', 'auc:max', '--metric', 'latency_ms:min:ms', '--family', 'lgbm');
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /registered scorer \(command; metrics auc maximize, latency_ms minimize\)/);
    const listed = JSON.parse(cli('list', '--json').stdout) as { targets: Array<{ name: string; source: string; spec: { command?: string[] }; space?: Record<string, unknown> }> };
    const scorer = listed.targets.find((t) => t.name === 'scorer')!;
    assert.deepEqual(scorer.spec.command, ['python3', 'my score.py', '--fast']);
    assert.ok(scorer.space && 'num_leaves' in scorer.space);
    assert.equal(listed.targets.find((t) => t.name === 'xgboost')?.source, 'file');
    assert.equal(listed.targets.find((t) => t.name === 'branin')?.source, 'builtin');
    const bad = cli('add', 'nometrics', '--command', 'x');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /target field "metrics"/);
    assert.equal(cli('remove', 'scorer').code, 0);
    assert.match(cli('remove', 'xgboost').stderr, /edited in|editing the file/);
  });
});
