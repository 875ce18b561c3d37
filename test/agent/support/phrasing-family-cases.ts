import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCase, type DevCase } from './dev-set.ts';
import { runDryTurns, toolCalls } from './turns.ts';

/** A family of phrasings: its name, the conversation's messages and what the last one must call. */
export type FamilyCase = [string, string[], DevCase['expect']];

/** Runs each case through the real turn loop (dry run, graph understanding) and checks the last turn's calls. */
export function describeFamilies(title: string, cases: readonly FamilyCase[]): void {
  describe(title, () => {
    for (const [name, messages, expect] of cases) {
      test(name, async () => {
        const last = await runDryTurns(messages);
        assert.equal(checkCase({ id: name, messages, expect }, toolCalls(last)), '', `${messages.join(' → ')}: ${JSON.stringify(toolCalls(last))}`);
      });
    }
  });
}
