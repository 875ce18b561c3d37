import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openDatabase } from '../../db/open.ts';
import { seedSession } from './support/seed-session.ts';

const dir = mkdtempSync(join(tmpdir(), 'tunechat-export-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function tunechat(db: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/tunechat.js', ...args], { env: { ...process.env, TUNECHAT_DB: db }, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('tunechat export / import round-trip through files, refusing bad input with exit code 1', () => {
  const sourcePath = join(dir, 'a.db');
  const source = openDatabase(sourcePath);
  const id = seedSession(source);
  source.close();
  const out = join(dir, 'session.json');
  const exported = tunechat(sourcePath, 'export', id, '--out', out);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stderr, /exported session .* \(1 sessions, 2 messages, 2 stream_chunks, 1 studies, 2 trials/);

  const targetPath = join(dir, 'b.db');
  const imported = tunechat(targetPath, 'import', out);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, new RegExp(`imported session ${id}`));
  const again = tunechat(targetPath, 'export', id);
  assert.equal(again.code, 0);
  assert.equal(again.stdout, readFileSync(out, 'utf8'), 'byte-identical');

  const newer = join(dir, 'newer.json');
  writeFileSync(newer, JSON.stringify({ ...JSON.parse(readFileSync(out, 'utf8')), schema_version: 99 }));
  const refused = tunechat(join(dir, 'c.db'), 'import', newer);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /schema_version 99, this tunechat reads up to 1: upgrade tunechat/);
});
