import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuleStore } from '../../db/rule-store.ts';
import { createRuleTools } from '../../tools/rules/agent-tools.ts';
import { RuleService } from '../../tools/rules/rule-service.ts';
import { scriptedModel } from '../support/mock-model.ts';
import { createTestServices } from '../support/test-services.ts';

// Attack: a rule whose `matches` pattern backtracks exponentially. With JavaScript's RegExp, '^(a+)+$' against
// 'a' x 40 + 'b' takes about 2^40 steps (0.6 s at 26 characters, doubling per character): the synchronous test
// blocks the event loop of the whole server, and this file never finishes (the runner's timeout fails it).
// With RE2 the same test is linear in the input.
const REDOS_RULE = {
  rule_id: 'redos',
  condition: { field: 'name', operator: 'matches', value: '^(a+)+$' },
  action: 'trigger_alert',
  params: { message: 'name {{fact.name}} matched' },
};
const EVIL = `${'a'.repeat(40)}b`;

async function setup() {
  const services = createTestServices(scriptedModel([]));
  const tools = createRuleTools({ services, sessionId: 'attacker' });
  const call = async (name: string, input: unknown) => (await tools[name]!.execute!(input as never, { toolCallId: 'c1', messages: [] })) as Record<string, any>;
  return { services, call };
}

test('a catastrophic-backtracking pattern added with add_rule is evaluated in linear time, with the right answer', { timeout: 60_000 }, async () => {
  const { services, call } = await setup();
  const added = await call('add_rule', { rule: REDOS_RULE });
  assert.equal(added.ok, true, JSON.stringify(added));
  const alerts: string[] = [];
  services.rules.onAlert((alert) => alerts.push(alert.facts[0]!.id));

  services.rules.engine.insert({ type: 'Fact', id: 'evil', fields: { name: EVIL } });
  services.rules.engine.fire();
  assert.equal(services.rules.engine.matchCount('redos'), 0, "'a' x 40 + 'b' does not match ^(a+)+$");
  assert.deepEqual(services.rules.explain('redos').holds, false);

  services.rules.engine.insert({ type: 'Fact', id: 'good', fields: { name: 'a'.repeat(40) } });
  services.rules.engine.fire();
  assert.equal(services.rules.engine.matchCount('redos'), 1, "'a' x 40 matches ^(a+)+$");
  assert.deepEqual(alerts, ['good']);

  // Many such facts in a row: still no hang.
  for (let i = 0; i < 50; i++) services.rules.engine.insert({ type: 'Fact', id: `evil-${i}`, fields: { name: `${'a'.repeat(60 + i)}!` } });
  assert.equal(services.rules.engine.matchCount('redos'), 1);
});

test('the same attack through test_rule (a dry run over facts the caller supplies) answers without hanging', { timeout: 60_000 }, async () => {
  const { call } = await setup();
  const result = await call('test_rule', { rule: REDOS_RULE, facts: [{ name: EVIL }, { name: 'aaaa' }] });
  assert.equal(result.ok, true, JSON.stringify(result));
  assert.deepEqual(result.matches, [{ rule_id: 'redos', facts: ['f2'] }]);
});

test('a stored attack rule loaded from SQLite at start-up is evaluated in linear time too', { timeout: 60_000 }, async () => {
  const { services, call } = await setup();
  assert.equal((await call('add_rule', { rule: REDOS_RULE })).ok, true);
  const restarted = new RuleService({ store: new RuleStore(services.db), clock: services.clock });
  assert.ok(restarted.engine.getRule('redos'), 'the stored rule loads');
  restarted.engine.insert({ type: 'Fact', id: 'evil', fields: { name: EVIL } });
  assert.equal(restarted.engine.matchCount('redos'), 0);
  restarted.close();
});

test('patterns that need a backtracking engine are refused with the rule id, the JSON path and the pattern', async () => {
  const { services, call } = await setup();
  const result = await call('add_rule', { rule: { rule_id: 'backref', condition: { field: 'name', operator: 'matches', value: '^(a+)\\1$' }, action: 'trigger_alert' } });
  assert.equal(result.ok, false);
  assert.equal(result.error.code, 'invalid_argument');
  assert.match(result.error.message, /backref/);
  assert.match(result.error.message, /\$\.condition\.value/);
  assert.match(result.error.message, /\^\(a\+\)\\\\1\$/);
  assert.match(result.error.message, /no backreferences/);
  assert.deepEqual(services.rules.listRules(), [], 'nothing was stored');
});

const dir = mkdtempSync(join(tmpdir(), 'tunechat-regex-dos-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** `tunechat rules …` in a child process; killed after `ms` (the old engine would run for hours). */
function tunechatRules(args: string[], ms = 60_000): Promise<{ code: number | null; stdout: string; stderr: string; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/tunechat.js', 'rules', ...args], { env: { ...process.env, TUNECHAT_DB: join(dir, 'cli.db') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => ((killed = true), child.kill('SIGKILL')), ms);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, killed });
    });
  });
}

test('the CLI: `rules run` over a crafted rules file and facts stream answers in linear time; `rules check` refuses lookbehind', { timeout: 120_000 }, async () => {
  const rules = join(dir, 'redos.json');
  writeFileSync(rules, JSON.stringify([REDOS_RULE]));
  const facts = join(dir, 'facts.ndjson');
  writeFileSync(facts, [{ op: 'insert', type: 'Fact', id: 'evil', fields: { name: EVIL } }, { op: 'insert', type: 'Fact', id: 'good', fields: { name: 'aaaa' } }].map((l) => JSON.stringify(l)).join('\n'));
  const run = await tunechatRules(['run', '--rules', rules, '--facts', facts, '--json']);
  assert.equal(run.killed, false, 'rules run must not hang');
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.matching), [[], [{ rule_id: 'redos', facts: ['good'] }]]);

  const bad = join(dir, 'lookbehind.json');
  writeFileSync(bad, JSON.stringify([{ rule_id: 'price', condition: { field: 'text', operator: 'matches', value: '(?<=\\$)\\d+' }, action: 'trigger_alert' }]));
  const check = await tunechatRules(['check', bad]);
  assert.equal(check.code, 1);
  assert.match(check.stdout, /\[0\]\.condition\.value \(rule price\): operator "matches" needs a valid regular expression in RE2 syntax/);
  assert.match(check.stdout, /got "\(\?<=\\\\\$\)\\\\d\+"/);
  assert.match(check.stdout, /no lookahead or lookbehind/);
});

test('the offline model reads search-space edits with parameter names from registered targets as literal text, never as regex syntax', { timeout: 60_000 }, async () => {
  const { parseSpaceEdits } = await import('../../server/agent/offline-model/intents/space-edits.ts');
  // Names are any string a target registration gave. Unescaped, '(a+)+' backtracked exponentially over the 'a's
  // below, and '(' threw a SyntaxError out of the turn.
  const target = {
    name: 'crafted',
    kind: 'service',
    metrics: [],
    space: { '(a+)+': { type: 'int', low: 1, high: 9 }, '(': { type: 'int', low: 1, high: 9 }, max_depth: { type: 'int', low: 1, high: 9 } },
  };
  const text = `${'a'.repeat(40)}! set max depth between 2 and 6`;
  assert.deepEqual(parseSpaceEdits(text, target)?.max_depth, { type: 'int', low: 2, high: 6 });
  assert.deepEqual(parseSpaceEdits('fix (a+)+ at 3', target)?.['(a+)+'], { type: 'categorical', choices: [3] });
});
