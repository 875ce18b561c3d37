import { labelNodes } from '../batch.ts';
import { buildGraph } from '../semantic-graph.ts';
import type { SemanticGraph } from '../types.ts';
import { TRAINING_TARGETS } from './targets.ts';
import type { WrittenExample } from './written.ts';

export interface WrittenCheck {
  problems: string[];
  /** Each example with its graph and the role its spans give each node. */
  graphs: Array<{ example: WrittenExample; graph: SemanticGraph; roles: string[] }>;
}

/**
 * What makes a written example useless or harmful as training data: a span that lands on no node of the semantic graph
 * (the label is lost), a span whose every node goes to another span, and two examples with the same text and prior.
 */
export function checkWrittenExamples(examples: readonly WrittenExample[]): WrittenCheck {
  const problems: string[] = [];
  const graphs: WrittenCheck['graphs'] = [];
  const seen = new Map<string, string>();
  for (const example of examples) {
    const key = `${example.text.toLowerCase()}\u0000${JSON.stringify(example.prior)}`;
    const first = seen.get(key);
    if (first) problems.push(`${example.source}: same text and prior as ${first}`);
    else seen.set(key, example.source);
    const graph = buildGraph(example.text, { targets: TRAINING_TARGETS, prior: example.prior });
    const roles = labelNodes(graph.nodes, example.spans);
    for (const span of example.spans) {
      const words = `"${example.text.slice(span.start, span.end)}" (${span.role})`;
      const overlapping = graph.nodes.map((n, i) => ({ n, i })).filter(({ n }) => n.start >= 0 && Math.min(n.end, span.end) > Math.max(n.start, span.start));
      if (overlapping.length === 0) problems.push(`${example.source}: span ${words} covers no graph node`);
      else if (!overlapping.some(({ i }) => roles[i] === span.role)) problems.push(`${example.source}: span ${words} loses every node to another span`);
    }
    graphs.push({ example, graph, roles });
  }
  return { problems, graphs };
}
