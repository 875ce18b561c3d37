import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RE2JS } from 're2js';
import { RuleEngine } from '../../../tools/rules/engine.ts';
import { RULE_LIMITS } from '../../../tools/rules/limits.ts';
import { compileMatchPattern, MatchPattern, RE2_LACKS } from '../../../tools/rules/match-pattern.ts';
import { estimateProgramSize } from '../../../tools/rules/re2-program-estimate.ts';

function compiled(source: string): MatchPattern {
  const result = compileMatchPattern(source);
  assert.ok(result.ok, `${source}: ${result.ok ? '' : result.expected}`);
  return result.pattern;
}

function refusal(source: string): string {
  const result = compileMatchPattern(source);
  assert.equal(result.ok, false, `${source} should be refused`);
  return result.ok ? '' : result.expected;
}

test('RE2 answers as JavaScript RegExp did on the patterns rules use (docs, tests, the agent)', () => {
  const patterns = [
    '^trial-\\d+$', 'timeout|oom|killed', '^(a+)+$', '\\bfail(ed|ure)?\\b', '^[A-Z][a-z]+ \\d{1,3}$', '^$', 'a.c', '^\\s*$',
    '[^\\w.-]', '(?<year>\\d{4})-(\\d{2})', '\\.json$', '^https?://[^/]+/', 'x*?y', '^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$',
    '^(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)$', 'lat(ency)?_p(50|99)_ms', '\\d+(\\.\\d+)?\\s*ms', '[\\u00e0-\\u00ff]', '\\u00e9t\\u00e9', '^\\/api\\/v\\d',
    // Plain text (a substring search, without re2js).
    'killed', 'été', 'a b', '',
  ];
  const inputs = [
    '', 'trial-42', 'trial-42x', 'study-9', 'worker killed by signal 9', 'aaaa', 'aaab', 'build failed', 'failure', 'Latency 250', 'Latency 2500',
    'abc', 'a\nc', '   ', 'a b', 'name.json', 'https://example.com/x', 'xxy', '123e4567-e89b-12d3-a456-426614174000', '192.168.1.255', '256.1.1.1',
    'latency_p99_ms', 'p50 12.5 ms', 'été', '/api/v2/users', '2026-11 report',
  ];
  for (const source of patterns) {
    const re2 = compiled(source);
    const js = new RegExp(source);
    for (const input of inputs) assert.equal(re2.test(input), js.test(input), `${source} on ${JSON.stringify(input)}`);
  }
});

test('RE2 inline flags work ((?i), (?s), (?m), (?U)); the operator takes no flags argument, before or now', () => {
  assert.equal(compiled('(?i)^error').test('ERROR: disk full'), true);
  assert.equal(compiled('^error').test('ERROR: disk full'), false);
  assert.equal(compiled('(?s)^a.b$').test('a\nb'), true);
  assert.equal(compiled('^a.b$').test('a\nb'), false);
  assert.equal(compiled('(?m)^b$').test('a\nb\nc'), true);
  assert.equal(compiled('^b$').test('a\nb\nc'), false);
  assert.equal(compiled('(?i:OOM)|killed').test('oom-killer'), true);
  const engine = new RuleEngine();
  engine.actions.register({ name: 'trigger_alert', description: 'test', run: () => {} });
  engine.addRule({ rule_id: 'ci', condition: { field: 'error', operator: 'matches', value: '(?i)out of memory' }, action: 'trigger_alert' });
  engine.insert({ type: 'Fact', id: 't1', fields: { error: 'CUDA Out Of Memory' } });
  engine.insert({ type: 'Fact', id: 't2', fields: { error: 'timeout' } });
  assert.deepEqual(engine.matches(), [{ rule_id: 'ci', facts: ['t1'] }]);
});

test('constructs RE2 lacks are refused, saying what RE2 lacks', () => {
  for (const source of ['^(a+)\\1$', '(?<n>a)\\k<n>', 'foo(?=bar)', 'foo(?!bar)', '(?<=\\$)\\d+', '(?<!x)y', 'a++', '\\cA']) {
    const expected = refusal(source);
    assert.match(expected, /^a valid regular expression in RE2 syntax \(error parsing regexp: /, source);
    assert.ok(expected.includes(RE2_LACKS), `${source}: ${expected}`);
  }
  assert.match(RE2_LACKS, /no backreferences .* no lookahead or lookbehind/);
  // A plain syntax error is reported as RE2 words it, without the list.
  const unclosed = refusal('(ab');
  assert.match(unclosed, /missing closing \)/);
  assert.ok(!unclosed.includes(RE2_LACKS));
});

test('pattern length and compiled size are bounded, before compiling when the text shows it; messages give limit and actual', () => {
  const max = RULE_LIMITS.patternChars;
  // Length and size are separate limits: a long class is one instruction, a long literal one per character.
  compiled(`[${'x'.repeat(max - 2)}]`);
  assert.equal(refusal('x'.repeat(max + 1)), `a pattern of at most ${max} characters (this one has ${max + 1})`);

  const size = RULE_LIMITS.patternProgramSize;
  // Small text, large program: refused from the estimate, never compiled (this one would be 100,002 instructions).
  assert.match(refusal('(?:abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij){1000}'), new RegExp(`at most ${size} RE2 instructions \\(this one: about 10\\d{4}`));
  // Near the limit: compiled, then refused with the exact size.
  const near = `a{${size + 50}}`;
  const exact = RE2JS.compile(near).programSize();
  assert.ok(exact > size && estimateProgramSize(near) <= 4 * size);
  assert.match(refusal(near), new RegExp(`at most ${size} RE2 instructions \\(this one: ${exact};`));
  assert.ok(compiled(`a{${size - 10}}`).programSize <= size);
});

test('a string longer than matchInputChars fails the test (no prefix is tested); at the limit it is tested', () => {
  const max = RULE_LIMITS.matchInputChars;
  const anyX = compiled('x');
  assert.equal(anyX.test('x'.repeat(max)), true);
  assert.equal(anyX.test('x'.repeat(max + 1)), false);
  // A prefix would have matched here; failing the test is what the docs promise.
  assert.equal(compiled('^a+$').test(`${'a'.repeat(max)}b`), false);
});

test('a pattern compiles once: validation compiles it, the network and every rule reuse that object', () => {
  const source = '^compile-once-\\d+$';
  const first = compiled(source);
  assert.equal(compiled(source), first);
  const engine = new RuleEngine();
  engine.actions.register({ name: 'trigger_alert', description: 'test', run: () => {} });
  const rule = engine.addRule({ rule_id: 'once', condition: { field: 'name', operator: 'matches', value: source }, action: 'trigger_alert' });
  const condition = rule.patterns[0]!.condition!;
  assert.ok(condition.kind === 'leaf' && condition.right?.kind === 'const');
  assert.equal(condition.right.value, first);
  // It serializes and explains as its text.
  assert.equal(JSON.stringify({ value: first }), `{"value":${JSON.stringify(source)}}`);
  engine.insert({ type: 'Fact', id: 'f1', fields: { name: 'compile-once-x' } });
  assert.equal(engine.explain('once').patterns[0]!.conditions[0]!.expected, source);
});

test('the program-size estimate is an upper bound of what RE2 compiles, across the syntax it reads', () => {
  const corpus = [
    '^(a+)+$', '^trial-\\d+$', '.{0,200}x', '(?:(?:x{0,30}){30})', '(?:a|aa){100}', '\\Qa.b{1000}\\E', '[]{1000}]', '(?P<x>a{10}){10}', 'a{5,}',
    '[[:alpha:]]{100}', '\\x{41}{100}', '(?s).{100}', '(?:ab|cd|ef){30}', '(?i)(?:[\\p{L}\\p{N}]\\b){40}', '[^\\]]{50}', '\\p{Greek}{20}|\\pL{20}', 'a{,5}b{2}',
  ];
  for (const source of corpus) {
    const actual = RE2JS.compile(source).programSize();
    assert.ok(estimateProgramSize(source) >= actual, `${source}: estimate ${estimateProgramSize(source)} < actual ${actual}`);
  }
});

test('matches needs a constant pattern: a reference to a bound fact is refused at validation', () => {
  const engine = new RuleEngine();
  engine.actions.register({ name: 'trigger_alert', description: 'test', run: () => {} });
  const result = engine.validate({
    rule_id: 'ref',
    when: [{ bind: 'p', type: 'Pattern' }, { bind: 'n', type: 'Name', condition: { field: 'name', operator: 'matches', value: '$p.regex' } }],
    action: 'trigger_alert',
  });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.issues[0]!.path, '$.when[1].condition.value');
  assert.match(result.issues[0]!.message, /operator "matches" needs a constant value, not a reference to a bound fact, got "\$p\.regex"/);
  assert.ok(new MatchPattern('x', RE2JS.compile('x')).test('xx'));
});
