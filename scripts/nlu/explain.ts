/**
 * `node --import tsx scripts/nlu/explain.ts [--prior study|rule|none] "message" …`: how the graph understanding reads
 * each message: the graph's nodes with their kind, value and role, the intent with its probability, and the tool
 * calls of the dry-run plan in a fresh session (after the earlier messages given with `--before "…"`).
 * A development aid: it prints, it asserts nothing.
 */
import { loadEncoder } from '../../server/agent/nlu/encoder.ts';
import { buildGraph } from '../../server/agent/nlu/semantic-graph.ts';
import { canonicalText } from '../../server/agent/nlu/canonical-text.ts';
import { TRAINING_TARGETS } from '../../server/agent/nlu/corpus/index.ts';
import { INTENTS, type PriorEntities } from '../../server/agent/nlu/types.ts';
import { OfflineModel } from '../../server/agent/offline-model/offline-model.ts';
import { createTestServices } from '../../test/support/test-services.ts';
import { runDryTurns, toolCalls } from '../../test/agent/support/turns.ts';

const args = process.argv.slice(2);
const before: string[] = [];
const messages: string[] = [];
let prior: PriorEntities = { study: { target: 'xgboost', metrics: ['accuracy', 'latency_p99_ms'] } };
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--before') before.push(args[++i]!);
  else if (args[i] === '--prior') prior = args[++i] === 'none' ? {} : args[i] === 'rule' ? { rule: 'r-1' } : prior;
  else messages.push(args[i]!);
}
const encoder = await loadEncoder();
for (const text of messages) {
  const graph = buildGraph(text, { targets: TRAINING_TARGETS, prior: before.length ? prior : {} });
  const encoded = encoder.encode(graph);
  const ranked = encoded.intentScores.map((p, i) => `${INTENTS[i]} ${p.toFixed(2)}`).sort((a, b) => Number(b.split(' ')[1]) - Number(a.split(' ')[1])).slice(0, 3);
  console.log(`\n> ${text}\n  canonical: ${canonicalText(graph)}\n  intent: ${ranked.join(', ')}`);
  graph.nodes.forEach((n, i) => console.log(`  ${String(n.id).padStart(2)} ${n.kind.padEnd(10)} ${JSON.stringify(n.text).padEnd(24)} ${n.value !== undefined ? JSON.stringify(n.value) : ''}${n.unit ? ` ${n.unit}` : ''}  → ${encoded.roles[i]!.role} ${encoded.roles[i]!.confidence.toFixed(2)}`));
  const message = await runDryTurns([...before, text], createTestServices(new OfflineModel({ understanding: 'graph' })));
  console.log(`  calls: ${JSON.stringify(toolCalls(message))}`);
}
encoder.dispose();
