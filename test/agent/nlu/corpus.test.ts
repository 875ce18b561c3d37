import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildCorpus, buildCorpusReport, DEFAULT_CORPUS_SIZE, intentQuotas, TRAINING_TARGETS } from '../../../server/agent/nlu/corpus/index.ts';
import { parseMarkup, tidy } from '../../../server/agent/nlu/corpus/markup.ts';
import { injectTypo } from '../../../server/agent/nlu/corpus/typos.ts';
import { Gen } from '../../../server/agent/nlu/corpus/gen.ts';
import { EVALUATION_SET, HOLDOUT3_SET, HOLDOUT_SET, heldOutSets, evaluationMessages, heldOutMessages, normalizeMessage } from '../../../server/agent/nlu/corpus/decontaminate.ts';
import { buildGraph } from '../../../server/agent/nlu/semantic-graph.ts';
import { nodeFeatures, FEATURE_DIM } from '../../../server/agent/nlu/features.ts';
import { INTENTS, ROLES, type LabelledExample } from '../../../server/agent/nlu/types.ts';

/** The generated part of the corpus (the written examples have their own checks: written.test.ts). */
const corpus = buildCorpusReport({ seed: 13, written: [] });
const roles = new Set<string>(ROLES);

const spanText = (e: LabelledExample, role: string) => e.spans.filter((s) => s.role === role).map((s) => e.text.slice(s.start, s.end));

describe('nlu corpus', () => {
  test('the same seed gives the same corpus; another seed another one', () => {
    const a = buildCorpus({ seed: 5, size: 1200, written: [] });
    const b = buildCorpus({ seed: 5, size: 1200, written: [] });
    const c = buildCorpus({ seed: 6, size: 1200, written: [] });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  test('default size is about DEFAULT_CORPUS_SIZE (22 000), every intent has at least 150 examples', () => {
    assert.ok(corpus.examples.length >= DEFAULT_CORPUS_SIZE * 0.96 && corpus.examples.length <= DEFAULT_CORPUS_SIZE, `size ${corpus.examples.length}`);
    for (const intent of INTENTS) assert.ok(corpus.counts[intent] >= 150, `${intent}: ${corpus.counts[intent]}`);
  });

  test('size scales the corpus and the quotas sum to it', () => {
    const quotas = intentQuotas(2000);
    assert.equal(Object.values(quotas).reduce((a, b) => a + b, 0), 2000);
    const small = buildCorpusReport({ seed: 1, size: 2000, written: [] });
    assert.ok(small.examples.length > 1800 && small.examples.length <= 2100, `size ${small.examples.length}`);
  });

  test('every span lies inside its text, is non-empty, trimmed, has a known role, and spans do not overlap', () => {
    for (const e of corpus.examples) {
      assert.ok(INTENTS.includes(e.intent));
      let last = -1;
      for (const s of [...e.spans].sort((x, y) => x.start - y.start)) {
        const piece = e.text.slice(s.start, s.end);
        assert.ok(s.start >= 0 && s.end <= e.text.length && s.end > s.start, `${JSON.stringify(e)}`);
        assert.equal(piece, piece.trim(), `untrimmed span ${JSON.stringify(piece)} in ${e.text}`);
        assert.ok(roles.has(s.role), s.role);
        assert.ok(s.start >= last, `overlapping spans in ${e.text}`);
        last = s.end;
      }
      assert.equal(e.text, e.text.trim());
      assert.ok(!/ {2}/.test(e.text), `double space in ${JSON.stringify(e.text)}`);
    }
  });

  test('typos are injected into 12–25% of the examples', () => {
    const share = corpus.typos / corpus.examples.length;
    assert.ok(share >= 0.12 && share <= 0.25, `typo share ${share}`);
  });

  test('follow-ups carry the study they follow or name it (an id, "my running study"); tune requests name known targets', () => {
    const names = new Set(TRAINING_TARGETS.map((t) => t.name));
    // (The reference words may carry an injected typo: "my sewep".)
    const namesStudy = (e: (typeof corpus.examples)[number]) => e.spans.some((span) => span.role === 'reference' && span.end - span.start >= 5);
    let named = 0;
    for (const e of corpus.examples) {
      if (['more_trials', 'resume', 'status', 'stop', 'best', 'importance', 'why', 'switch_objective', 'try_again', 'wait', 'chart'].includes(e.intent)) {
        assert.ok(e.prior.study || namesStudy(e) || e.intent === 'chart', `${e.intent} without prior.study or a named study: ${e.text}`);
        if (!e.prior.study && namesStudy(e)) named++;
      }
      if (e.prior.study?.target) assert.ok(names.has(e.prior.study.target), e.prior.study.target);
    }
    // Studies started elsewhere (another session, the CLI) are followed up by id or as "my study", but rarely.
    assert.ok(named > 50 && named < corpus.examples.length * 0.05, `${named} follow-ups name a study without one in the conversation`);
  });

  test('charts of a study (issue 14): every chart kind is asked for, mostly about the session\'s study, and a pasted study id is a reference', () => {
    const charts = corpus.examples.filter((e) => e.intent === 'chart');
    assert.ok(charts.length >= 188, `${charts.length} chart examples`);
    for (const [kind, words] of Object.entries({ history: /converg|history|over time|so far/i, pareto: /pareto|trade.?off|front/i, importance: /importance/i, parallel: /parallel|parcoords/i, intermediate: /learning curve|intermediate|per-epoch|per-step/i, trials: /table|all (the )?trials/i })) {
      assert.ok(charts.some((e) => words.test(e.text)), `no chart example asks for ${kind}`);
    }
    assert.ok(charts.filter((e) => e.prior.study).length > charts.length / 2);
    const ids = charts.filter((e) => /\bst_[a-z0-9]+/.test(e.text));
    assert.ok(ids.length > 0 && ids.every((e) => e.spans.some((span) => span.role === 'reference' && /^st_/.test(e.text.slice(span.start, span.end)))));
  });

  test('every dev-set case and every paraphrase-test phrasing is in the corpus (its last message)', () => {
    const texts = new Set(corpus.examples.map((e) => e.text));
    const devSet = readFileSync(new URL('../../fixtures/agent-dev-set.jsonl', import.meta.url), 'utf8').split('\n').filter((l) => l.trim());
    for (const line of devSet) {
      const messages = (JSON.parse(line) as { messages: string[] }).messages;
      assert.ok(texts.has(messages.at(-1)!), `dev-set message missing: ${messages.at(-1)}`);
    }
    const source = readFileSync(new URL('../paraphrases.test.ts', import.meta.url), 'utf8');
    const phrasings = [...source.matchAll(/^ {2}\[\[(.*?)\], \{/gm)].map((m) => [...m[1]!.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)].map((s) => s[1] ?? s[2]!).at(-1)!);
    assert.ok(phrasings.length >= 40, `found ${phrasings.length} paraphrase cases`);
    for (const text of phrasings) assert.ok(texts.has(text), `paraphrase missing: ${text}`);
  });

  test('the corpus has the phrasings the issue says the keyword model missed', () => {
    const has = (intent: string, role: string, pattern: RegExp) =>
      corpus.examples.some((e) => e.intent === intent && e.spans.some((s) => s.role === role && pattern.test(e.text.slice(s.start, s.end))));
    assert.ok(has('tune', 'constraint_value', /^\d+ percent$/), 'a constraint as "93 percent"');
    assert.ok(has('tune', 'time_budget', /^(half an hour|an hour and a half|ten minutes)$/), 'a time budget in words');
    assert.ok(has('tune', 'parallel', /^\w+ at a time$/), 'parallelism "4 at a time"');
    assert.ok(has('bench_http', 'method', /^(POST|PUT|DELETE|PATCH)$/), 'an HTTP method');
    assert.ok(has('bench_http', 'url', /^[a-z0-9.-]+:\d+/), 'host:port without a scheme');
    assert.ok(has('remove_rule', 'reference', /^the alert I just made$/), '"the alert I just made"');
    assert.ok(has('add_rule', 'rule_op', /^goes over$/), '"goes over"');
    assert.ok(has('stop', 'reference', /^(it|that)$/), 'a follow-up referring back with "it"');
    assert.ok(corpus.examples.some((e) => e.intent === 'importance' && /knobs/.test(e.text)), '"which knobs matter"');
    assert.ok(corpus.examples.some((e) => e.intent === 'list_targets' && /registered models/.test(e.text)), '"registered models"');
    assert.ok(corpus.examples.some((e) => e.intent === 'list_sessions' && /last time/.test(e.text)), '"what did we do last time"');
    assert.ok(corpus.examples.some((e) => e.intent === 'tune' && /faster/.test(e.text) && !/minimi[sz]e|maximi[sz]e/.test(e.text)), 'a trade-off without minimize/maximize');
  });

  test('the categories added for new users are there: waiting, benchmark follow-ups, slang, priorities, bounds, prune rules, named rule ids, refusals', () => {
    const has = (intent: string, pattern: RegExp, role?: string, rolePattern?: RegExp) =>
      corpus.examples.some((e) => e.intent === intent && pattern.test(e.text) && (!role || e.spans.some((s) => s.role === role && (!rolePattern || rolePattern.test(e.text.slice(s.start, s.end))))));
    assert.ok(has('wait', /let me know when|wait (for|till|until)/i), 'wait: "let me know when it\'s done"');
    assert.ok(has('stop', /^(stp|pull the plug|enough|halt)\b/i), 'stop in slang');
    assert.ok(has('more_trials', /^(keep going|carry on|don't stop|go on|more please)\b/i), 'more trials in slang');
    assert.ok(!corpus.examples.some((e) => e.intent === 'resume' && /^(keep going|carry on)$/i.test(e.text)), '"keep going"/"carry on" mean more trials, not resume');
    assert.ok(has('status', /^(hows it lookin|where are we at|any luck)/i), 'status in slang');
    assert.ok(has('importance', /matter more\?/i, 'space_param'), '"does X or Y matter more?" names parameters');
    assert.ok(has('importance', /move the needle|sensitivity analysis/i), '"which params move the needle"');
    assert.ok(has('switch_objective', /^(now do it for|what about|same but for)\b/i, 'objective'), 'switch objective in short forms');
    assert.ok(has('tune', /matters more than/i, 'objective'), '"latency matters more than accuracy"');
    assert.ok(has('tune', /don't care about/i, 'objective'), '"I don\'t care about speed, just accuracy"');
    assert.ok(has('tune', /without hurting/i, 'direction', /^as (fast|quick) as possible$/), '"as fast as possible without hurting accuracy"');
    assert.ok(has('tune', /is the (floor|minimum)/i, 'constraint_op'), '"95% accuracy is the floor"');
    assert.ok(has('tune', /at or above/i, 'constraint_op', /^at or above$/), '"at or above"');
    assert.ok(has('tune', /seeded with/i, 'seed'), '"seeded with 1234"');
    assert.ok(has('add_rule', /^(kill|drop|abort) (any )?trials?\b/i, 'rule_action'), '"kill trials where …"');
    assert.ok(has('add_rule', /^set up an alert: /i, 'rule_op'), 'colon-form alert');
    assert.ok(has('remove_rule', /(named|called) /i, 'rule_id', /^[a-z]+-[a-z]+/), 'remove a rule by its name');
    assert.ok(has('register_target', /which should be/i, 'direction'), 'register a script with its metric and direction');
    assert.ok(has('out_of_scope', /tune (a|my) (guitar|piano)|optimi[sz]e my (CV|diet)/i), 'refusals that use domain words');
    assert.ok(has('bench_llm', /^benchmark \S+ on /i, 'model_name'), 'an LLM benchmark naming the model');
    assert.ok(has('bench_http', /how many requests per second can/i, 'url'), 'a capacity question is an HTTP benchmark');
    for (const e of corpus.examples) {
      if (e.intent === 'wait') assert.ok(e.prior.study || e.spans.some((span) => span.role === 'reference'), `wait without a study: ${e.text}`);
    }
  });

  test('benchmark follow-ups: the earlier URL or command decides the benchmark, the changed setting is labelled', () => {
    const followUps = corpus.examples.filter((e) => (e.prior.url || e.prior.command) && e.intent.startsWith('bench_') && !e.spans.some((s) => s.role === 'url' || s.role === 'command'));
    const llm = followUps.filter((e) => /\/v1\/?$/.test(e.prior.url ?? ''));
    const http = followUps.filter((e) => e.prior.url && !/\/v1\/?$/.test(e.prior.url));
    const command = followUps.filter((e) => e.prior.command);
    assert.ok(llm.length >= 50 && http.length >= 50 && command.length >= 50, `llm ${llm.length}, http ${http.length}, command ${command.length}`);
    assert.ok(llm.every((e) => e.intent === 'bench_llm'), 'after an LLM base URL: bench_llm');
    assert.ok(http.every((e) => e.intent === 'bench_http'), 'after a plain URL: bench_http');
    assert.ok(command.every((e) => e.intent === 'bench_command'), 'after a command: bench_command');
    const changed = new Set(['connections', 'duration', 'rate', 'requests', 'method', 'concurrency', 'max_tokens', 'model_name', 'runs', 'warmup']);
    for (const e of followUps) assert.ok(e.spans.some((s) => changed.has(s.role)), `no changed setting labelled: ${e.text}`);
    assert.ok(llm.some((e) => /again with \d+ concurrent/i.test(e.text) && spanText(e, 'concurrency').length === 1), '"again with 64 concurrent" after an LLM bench');
    assert.ok(http.some((e) => /same thing but (POST|PUT|GET|PATCH|DELETE|HEAD)/i.test(e.text) && spanText(e, 'method').length === 1), '"same thing but POST"');
    assert.ok(command.some((e) => /again with \d+ warm-?ups/i.test(e.text) && spanText(e, 'warmup').length === 1), '"do it again with 2 warmups"');
  });

  test('an earlier LLM base URL and an earlier plain URL give the follow-up different context features', () => {
    const row = (url: string) => {
      const graph = buildGraph('again with 64 concurrent', { targets: TRAINING_TARGETS, prior: { url } });
      const context = graph.nodes.find((n) => n.kind === 'context' && n.refers === 'url')!;
      return nodeFeatures(graph).slice(context.id * FEATURE_DIM, (context.id + 1) * FEATURE_DIM);
    };
    assert.notDeepEqual(row('http://127.0.0.1:8000/v1'), row('http://127.0.0.1:8080/'));
    assert.deepEqual(row('http://127.0.0.1:8080/'), row('http://localhost:3000/api/v1/score'));
  });

  test('the conventions of the brief hold on the hand-labelled examples', () => {
    const find = (text: string) => corpus.examples.find((e) => e.text === text);
    const alert = find('alert me if p99 latency goes over 200 ms')!;
    assert.deepEqual(spanText(alert, 'rule_action'), ['alert me']);
    assert.deepEqual(spanText(alert, 'rule_metric'), ['p99 latency']);
    assert.deepEqual(spanText(alert, 'rule_op'), ['goes over']);
    assert.deepEqual(spanText(alert, 'rule_value'), ['200 ms']);
    const more = find('run 50 more')!;
    assert.equal(more.intent, 'more_trials');
    assert.deepEqual(spanText(more, 'trials'), ['50']);
    assert.ok(more.prior.study);
    const space = find('tune xgboost for latency with max depth between 2 and 5, and fix tree_method at hist')!;
    assert.deepEqual(spanText(space, 'space_param'), ['max depth', 'tree_method']);
    assert.deepEqual(spanText(space, 'space_value'), ['2', '5', 'hist']);
    const llm = find('benchmark the vLLM server at http://127.0.0.1:8001/v1 with 16 concurrent users, 200 requests, 128 max tokens')!;
    assert.deepEqual(spanText(llm, 'url'), ['http://127.0.0.1:8001/v1']);
    assert.deepEqual(spanText(llm, 'max_tokens'), ['128 max tokens']);
  });
});

describe('nlu corpus: markup and typos', () => {
  test('markup becomes text and spans; tidy removes doubled spaces and keeps spans on their words', () => {
    const out = parseMarkup('tune  my [XGBoost](target) for [ latency](objective) , please ');
    assert.equal(out.text, 'tune my XGBoost for latency, please');
    assert.deepEqual(out.spans.map((s) => out.text.slice(s.start, s.end)), ['XGBoost', 'latency']);
    assert.throws(() => parseMarkup('[x](not_a_role)'), /corpus_markup/);
    assert.equal(tidy({ text: 'a  b ?', spans: [] }).text, 'a b?');
  });

  test('a typo moves the spans after it and stretches the span it falls in', () => {
    const g = new Gen(3);
    const base = parseMarkup('please benchmark [http://localhost:8080/](url) with [64 connections](connections) for [20 seconds](duration)');
    for (let i = 0; i < 200; i++) {
      const out = injectTypo(g, base);
      assert.ok(out);
      assert.notEqual(out.text, base.text);
      assert.equal(out.text.slice(out.spans[0]!.start, out.spans[0]!.end), 'http://localhost:8080/');
      const words = out.spans.map((s) => out.text.slice(s.start, s.end));
      assert.match(words[1]!, /^64 \w+$/);
      assert.match(words[2]!, /^20 \w+$/);
    }
  });
});

describe('nlu corpus: held-out evaluation set', () => {
  test('no example text equals a message of the evaluation set', (t) => {
    if (!existsSync(EVALUATION_SET)) return t.skip('test/fixtures/nlu-eval.jsonl is not there yet');
    const messages = evaluationMessages();
    assert.ok(messages.size > 0, 'the evaluation set has messages');
    const overlap = corpus.examples.filter((e) => messages.has(normalizeMessage(e.text))).map((e) => e.text);
    assert.deepEqual(overlap, [], `${overlap.length} corpus texts are also evaluation messages`);
  });

  test('no example text equals a message of the later held-out sets either', (t) => {
    const sets = heldOutSets().slice(1);
    if (!existsSync(HOLDOUT_SET) || !existsSync(HOLDOUT3_SET)) return t.skip('a held-out set (test/fixtures/nlu-holdout*.jsonl) is not there');
    assert.ok(sets.length >= 7, `${sets.length} later held-out sets found`);
    const held = heldOutMessages();
    for (const message of sets.flatMap((set) => [...evaluationMessages(set)])) assert.ok(held.has(message));
    const overlap = corpus.examples.filter((e) => held.has(normalizeMessage(e.text))).map((e) => e.text);
    assert.deepEqual(overlap, [], `${overlap.length} corpus texts are also held-out messages`);
  });

  test('held-out messages are the union of every held-out file that exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlu-held-out-'));
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    writeFileSync(a, `${JSON.stringify({ text: 'Status?' })}\n`);
    writeFileSync(b, `${JSON.stringify({ messages: ['wait for it to FINISH'] })}\nnot json\n`);
    assert.deepEqual([...heldOutMessages([a, b, join(dir, 'missing.jsonl')])].sort(), ['status', 'wait for it to finish']);
  });

  test('an excluded message is never generated, whatever its case or final punctuation', () => {
    const plain = buildCorpus({ seed: 2, size: 1500, exclude: [] });
    const common = plain.filter((e) => e.intent === 'status').slice(0, 5).map((e) => e.text);
    const exclude = common.map((text) => `${text.toUpperCase()}!`);
    const filtered = buildCorpusReport({ seed: 2, size: 1500, exclude });
    const normalized = new Set(filtered.examples.map((e) => normalizeMessage(e.text)));
    for (const text of common) assert.ok(!normalized.has(normalizeMessage(text)), text);
    assert.ok(filtered.excluded >= common.length);
  });
});
