import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'tunechat-rules-'));
const env = { ...process.env, TUNECHAT_DB: join(dir, 'test.db') };

function tunechat(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/tunechat.js', 'rules', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('tunechat rules', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('run --json prints, per facts line, the rules fired after it and the complete current match set', async () => {
    const rules = file(
      'rules.json',
      JSON.stringify([
        { rule_id: 'r001', condition: { field: 'temperature', operator: '>', value: 37.5 }, action: 'trigger_alert' },
        {
          rule_id: 'j',
          salience: 5,
          when: [
            { bind: 't', type: 'Trial', condition: { field: 'value', operator: '>', value: 10 } },
            { bind: 's', type: 'Study', condition: { all: [{ field: 'id', operator: '==', value: '$t.study' }, { field: 'status', operator: '==', value: 'running' }] } },
          ],
          action: 'prune_trial',
          params: { trial: '$t.id' },
        },
      ]),
    );
    const facts = file(
      'facts.ndjson',
      [
        { op: 'insert', type: 'Fact', id: 'p1', fields: { temperature: 38 } },
        { op: 'insert', type: 'Study', id: 's1', fields: { status: 'running' } },
        { op: 'insert', type: 'Trial', id: 't1', fields: { study: 's1', number: 0, value: 12 } },
        { op: 'modify', type: 'Fact', id: 'p1', fields: { temperature: 37 } },
        { op: 'modify', type: 'Study', id: 's1', fields: { status: 'stopped' } },
        { op: 'retract', type: 'Trial', id: 't1' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const { code, stdout, stderr } = await tunechat(['run', '--rules', rules, '--facts', facts, '--json']);
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines, [
      { line: 1, fired: ['r001'], matching: [{ rule_id: 'r001', facts: ['p1'] }] },
      { line: 2, fired: [], matching: [{ rule_id: 'r001', facts: ['p1'] }] },
      { line: 3, fired: ['j'], matching: [{ rule_id: 'r001', facts: ['p1'] }, { rule_id: 'j', facts: ['t1', 's1'] }] },
      { line: 4, fired: [], matching: [{ rule_id: 'j', facts: ['t1', 's1'] }] },
      { line: 5, fired: [], matching: [] },
      { line: 6, fired: [], matching: [] },
    ]);
    const text = await tunechat(['run', '--rules', rules, '--facts', facts]);
    assert.match(text.stdout, /line 3: fired j; 2 match\(es\)\n {2}prune_trial study=s1 trial=0/);
  });

  test('run reports bad facts lines with their line number and exits 1; check explains invalid rules', async () => {
    const rules = file('ok.json', JSON.stringify({ rule_id: 'r', condition: { field: 'x', operator: 'exists' }, action: 'log' }));
    const facts = file('bad.ndjson', '{"op":"insert","type":"Fact","id":"a","fields":{"x":1}}\n{"op":"upsert","type":"Fact","id":"a"}\n');
    const run = await tunechat(['run', '--rules', rules, '--facts', facts, '--json']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /bad\.ndjson:2: op must be "insert", "modify" or "retract", got "upsert"/);
    assert.equal(JSON.parse(run.stdout.trim().split('\n')[1]!).error, 'op must be "insert", "modify" or "retract", got "upsert"');

    const bad = file('bad.json', JSON.stringify([{ rule_id: 'x', condition: { field: 'a', operator: '>', value: [1] }, action: 'explode' }, { rule_id: 'r', condition: { field: 'x', operator: 'exists' }, action: 'log' }]));
    const check = await tunechat(['check', bad]);
    assert.equal(check.code, 1);
    assert.match(check.stdout, /\[0\]\.condition\.value \(rule x\): operator ">" needs a number or a string, got \[1\]/);
    assert.match(check.stdout, /\[0\]\.action \(rule x\): unknown action "explode"; expected one of trigger_alert/);
    assert.match(check.stdout, /2 problem\(s\); 1 of 2 rule\(s\) valid/);
    const good = await tunechat(['check', rules]);
    assert.equal(good.code, 0);
    assert.match(good.stdout, /1 rule\(s\) OK/);
  });

  test('add, list, remove and history manage the rules the server runs', async () => {
    const rule = file('one.json', JSON.stringify({ rule_id: 'slow', condition: { field: 'latency_p99_ms', operator: '>', value: 200 }, action: 'trigger_alert' }));
    assert.match((await tunechat(['add', '--file', rule])).stdout, /slow: create \(v1\)/);
    assert.match((await tunechat(['list'])).stdout, /slow\s+v1/);
    assert.match((await tunechat(['remove', 'slow'])).stdout, /slow: removed \(v2; history kept\)/);
    const history = JSON.parse((await tunechat(['history', 'slow', '--json'])).stdout);
    assert.deepEqual(history.map((v: { change: string }) => v.change), ['create', 'remove']);
  });
});
