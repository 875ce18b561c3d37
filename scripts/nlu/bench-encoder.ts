/**
 * Inference latency of the graph attention encoder once loaded: p50/p99 of `encode(graph)` (features + forward pass
 * + dataSync) over the evaluation messages, and of the whole understanding front end (buildGraph + encode) for
 * reference. `node --import tsx scripts/nlu/bench-encoder.ts [--rounds N]`; TUNECHAT_TFJS_BACKEND=cpu|wasm picks the
 * backend.
 */
import { readFileSync } from 'node:fs';
import { loadEncoder } from '../../server/agent/nlu/encoder.ts';
import { buildGraph } from '../../server/agent/nlu/semantic-graph.ts';
import { TRAINING_TARGETS } from '../../server/agent/nlu/corpus/index.ts';
import type { SemanticGraph } from '../../server/agent/nlu/types.ts';

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 20;

const messages = readFileSync(new URL('../../test/fixtures/nlu-eval.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .flatMap((line) => {
    const c = JSON.parse(line) as { messages?: string[] };
    return c.messages ?? [];
  });
if (messages.length === 0) throw new Error('bench-encoder: no messages in test/fixtures/nlu-eval.jsonl');

const t0 = performance.now();
const encoder = await loadEncoder();
const loadMs = performance.now() - t0;
const context = { targets: TRAINING_TARGETS, prior: { study: { target: 'xgboost', metrics: ['accuracy'] }, rule: 'r-1' } };
const graphs: SemanticGraph[] = messages.map((text) => buildGraph(text, context));

for (const graph of graphs.slice(0, 50)) encoder.encode(graph); // warm-up (JIT, wasm heap)
const encodeTimes: number[] = [];
const fullTimes: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  for (let i = 0; i < messages.length; i++) {
    let start = performance.now();
    encoder.encode(graphs[i]!);
    encodeTimes.push(performance.now() - start);
    start = performance.now();
    encoder.encode(buildGraph(messages[i]!, context));
    fullTimes.push(performance.now() - start);
  }
}
const nodes = graphs.map((g) => g.nodes.length).sort((a, b) => a - b);
console.log(
  `encoder (${encoder.backend}): loaded in ${loadMs.toFixed(0)} ms; ${messages.length} messages × ${ROUNDS} rounds; ` +
    `nodes per graph p50 ${q(nodes, 0.5)} max ${nodes[nodes.length - 1]}`,
);
console.log(`encode:              p50 ${ms(encodeTimes, 0.5)}  p99 ${ms(encodeTimes, 0.99)}  max ${ms(encodeTimes, 1)}`);
console.log(`buildGraph + encode: p50 ${ms(fullTimes, 0.5)}  p99 ${ms(fullTimes, 0.99)}  max ${ms(fullTimes, 1)}`);
encoder.dispose();

function q(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function ms(times: number[], p: number): string {
  return `${q(times.slice().sort((a, b) => a - b), p).toFixed(3)} ms`;
}
