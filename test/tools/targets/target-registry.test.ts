import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openDatabase } from '../../../db/open.ts';
import { TargetStore } from '../../../db/target-store.ts';
import { ToolError } from '../../../tools/common/errors.ts';
import { BuiltinTargetResolver } from '../../../tools/optimizer/target-resolver.ts';
import { loadTargetFiles } from '../../../tools/targets/config-file.ts';
import { parseTargetInput } from '../../../tools/targets/definition-schema.ts';
import { TargetRegistry } from '../../../tools/targets/target-registry.ts';
import { xgboostTemplate } from '../../../tools/targets/templates/xgboost.ts';

const dir = mkdtempSync(join(tmpdir(), 'tunechat-targets-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const metrics = [{ name: 'accuracy', direction: 'maximize' }, { name: 'latency_ms', direction: 'minimize', unit: 'ms' }];

function setup(files: string[] = []) {
  const db = openDatabase(':memory:');
  return new TargetRegistry({ store: new TargetStore(db, () => 1000), files, builtins: new BuiltinTargetResolver() });
}

describe('TargetRegistry', () => {
  mkdirSync(join(dir, 'model'), { recursive: true });
  writeFileSync(join(dir, 'model', 'tunechat.json'), JSON.stringify({ targets: [{ name: 'trainer', kind: 'command', command: ['python3', 'train.py'], cwd: '.', family: 'xgboost', metrics }] }));
  writeFileSync(join(dir, 'tunechat.json'), JSON.stringify({
    include: ['model', 'missing-dir', '.'],
    targets: [{ name: 'svc', kind: 'http', url: 'http://127.0.0.1:9/eval', metrics: [{ name: 'loss' }] }, { name: 'BAD NAME', kind: 'command', metrics }],
  }));

  test('reads tunechat.json with includes; relative cwd resolves against the including file; bad entries are reported, not fatal', async () => {
    const loaded = loadTargetFiles([dir]);
    assert.deepEqual(loaded.targets.map((t) => t.definition.name), ['svc', 'trainer']);
    const trainer = loaded.targets.find((t) => t.definition.name === 'trainer')!;
    assert.deepEqual(trainer.definition.spec, { kind: 'command', command: ['python3', 'train.py'], cwd: join(dir, 'model') });
    assert.equal(loaded.errors.length, 1);
    assert.match(loaded.errors[0]!, /targets\[1\]: target field "name"/);
  });

  test('lists user targets before builtins, fills the default space from the family template', async () => {
    const registry = setup([dir]);
    const list = await registry.list();
    assert.deepEqual(list.slice(0, 2).map((t) => [t.name, t.source]), [['svc', 'file'], ['trainer', 'file']]);
    assert.ok(list.some((t) => t.name === 'branin' && t.source === 'builtin'));
    const trainer = await registry.resolve('Trainer');
    assert.deepEqual(trainer?.space, xgboostTemplate.space);
    assert.equal(trainer?.family, 'xgboost');
  });

  test('a registered target overrides a file target of the same name; remove brings the file one back', async () => {
    const registry = setup([dir]);
    const { replaced } = await registry.register(parseTargetInput({ name: 'trainer', kind: 'command', command: ['./run.sh'], metrics }));
    assert.equal(replaced, false);
    assert.equal((await registry.resolve('trainer'))?.source, 'database');
    assert.deepEqual((await registry.resolve('trainer'))?.spec, { kind: 'command', command: ['./run.sh'], cwd: '.' });
    assert.equal(registry.remove('trainer'), true);
    assert.equal((await registry.resolve('trainer'))?.source, 'file');
    assert.equal(registry.remove('trainer'), false);
  });

  test('builtin names cannot be taken; builtins resolve with their metrics', async () => {
    const registry = setup();
    await assert.rejects(registry.register(parseTargetInput({ name: 'branin', kind: 'command', command: ['x'], metrics })), (e: unknown) => ToolError.isInstance(e) && e.code === 'conflict');
    const branin = await registry.resolve('branin');
    assert.deepEqual(branin?.metrics, [{ name: 'value', direction: 'minimize' }]);
  });

  test('the repository tunechat.json registers the XGBoost example and the example service, with absolute working directories', async () => {
    const registry = setup([process.cwd()]);
    const xgboost = await registry.resolve('xgboost');
    assert.deepEqual((xgboost?.spec as { command: string[] }).command, ['/usr/bin/python3', 'train.py']);
    assert.equal((xgboost?.spec as { cwd: string }).cwd, join(process.cwd(), 'examples/xgboost'));
    const service = await registry.resolve('example-service');
    assert.equal(service?.spec.kind, 'service');
    assert.equal(service?.spec.cwd, join(process.cwd(), 'examples/service'));
  });

  test('definitions are validated with messages that name the field', () => {
    assert.throws(() => parseTargetInput({ name: 'x', kind: 'command', metrics }), /needs "command"/);
    assert.throws(() => parseTargetInput({ name: 'x', kind: 'http', metrics }), /needs "url"/);
    assert.throws(() => parseTargetInput({ name: 'x', kind: 'command', command: ['a'], metrics: [] }), /target field "metrics"/);
    assert.throws(() => parseTargetInput({ name: 'x', kind: 'command', command: ['a'], metrics, family: 'catboost' }), /family "catboost" has no space template; known: xgboost, lightgbm/);
  });
});

describe('target aliases', () => {
  test('aliases are kept from the definition to what list_targets and the offline model read', async () => {
    const registry = setup();
    await registry.register(parseTargetInput({ name: 'student', kind: 'command', command: ['./train.sh'], metrics, aliases: ['digits model', 'the student network'] }));
    const listed = registry.snapshot().find((t) => t.name === 'student');
    assert.deepEqual(listed?.aliases, ['digits model', 'the student network']);
    assert.deepEqual((await registry.resolve('student'))?.aliases, ['digits model', 'the student network']);
  });

  test('an alias is lower-case words and at most 8 are given, with an error naming the field', () => {
    assert.throws(() => parseTargetInput({ name: 'x1', kind: 'command', command: ['x'], metrics, aliases: ['Digits Model'] }), (e: unknown) => ToolError.isInstance(e) && /aliases/.test(e.message) && /lower-case/.test(e.message));
    assert.throws(() => parseTargetInput({ name: 'x2', kind: 'command', command: ['x'], metrics, aliases: Array.from({ length: 9 }, (_, i) => `name ${i}`) }), (e: unknown) => ToolError.isInstance(e) && /at most 8 aliases/.test(e.message));
  });
});
