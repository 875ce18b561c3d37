import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LanguageModelV3Prompt } from '@ai-sdk/provider';
import { readConversation } from '../../server/agent/offline-model/conversation.ts';
import { normalize } from '../../server/agent/offline-model/normalize.ts';
import type { PlanInput } from '../../server/agent/offline-model/plan.ts';
import { loadUnderstanding, type UnderstandingKind } from '../../server/agent/offline-model/understanding/load-understanding.ts';

/** A one-message conversation as the planner sees it (no tools offered: the plan is inspected, not run). */
function inputFor(text: string): PlanInput {
  const prompt: LanguageModelV3Prompt = [{ role: 'user', content: [{ type: 'text', text }] }];
  return { text: normalize(text), raw: text, conversation: readConversation({ prompt }), options: {} };
}

const firstTool = (kind: UnderstandingKind, text: string) => loadUnderstanding(kind).then((u) => u.plan(inputFor(text)).steps[0]?.tool ?? null);

/** Every understanding (graph encoder, bag-of-words baseline, keyword rules) passes the same contract. */
for (const kind of ['graph', 'bow', 'keyword'] as const) {
  describe(`understanding contract: ${kind}`, () => {
    test('loads from the files in the repository, without network, under its own name', async () => {
      const understanding = await loadUnderstanding(kind);
      assert.equal(understanding.name, kind);
    });

    test('an empty message gets the help text and no tool', async () => {
      const plan = (await loadUnderstanding(kind)).plan(inputFor(''));
      assert.equal(plan.steps.length, 0);
      assert.match(plan.write([]), /tune/);
    });

    test('plain requests of each area plan their tool', async () => {
      assert.equal(await firstTool(kind, 'minimize branin with 40 trials'), 'start_study');
      assert.equal(await firstTool(kind, 'benchmark http://127.0.0.1:8080/ with 64 connections for 20 seconds'), 'bench_http');
      assert.equal(await firstTool(kind, 'alert me if p99 latency goes over 200 ms'), 'add_rule');
      assert.equal(await firstTool(kind, 'which rules are active?'), 'list_rules');
      assert.equal(await firstTool(kind, 'what can you tune?'), 'list_targets');
    });

    test('a request outside what tunechat does gets a plain answer and no tool call', async () => {
      const plan = (await loadUnderstanding(kind)).plan(inputFor('write me a poem about the sea'));
      assert.equal(plan.steps.length, 0);
    });

    test('the same request gives the same plan (deterministic)', async () => {
      const understanding = await loadUnderstanding(kind);
      const a = understanding.plan(inputFor('tune xgboost for latency with 30 trials'));
      const b = understanding.plan(inputFor('tune xgboost for latency with 30 trials'));
      assert.deepEqual(a.steps.map((s) => [s.tool, s.input([])]), b.steps.map((s) => [s.tool, s.input([])]));
    });
  });
}
