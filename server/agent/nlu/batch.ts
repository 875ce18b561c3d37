import { EDGE_TYPES, type EdgeType, type LabelledExample, type Role, type SemanticEdge, type SemanticNode } from './types.ts';

/**
 * Padding semantic graphs into the dense arrays the graph attention network runs on.
 *
 * Why dense: our graphs are small (a message is 5–40 nodes), so an [N, N] adjacency per graph is cheaper in tfjs than
 * gather/scatter over an edge list, and a batch is one set of batched matmuls. Graphs are padded to the batch's
 * largest node count; `nodeMask` marks the real nodes, and padded rows and columns get no edges at all, so a padded
 * node is never attended to and pooling ignores it.
 */

/** The most nodes a graph may have in the encoder; later nodes are dropped (and classified 'none' by the encoder). */
export const MAX_NODES = 64;

/**
 * Attention-bias channels: one per edge type in its own direction (message from `from` to `to`) and one per edge
 * type reversed (from `to` back to `from`), so that e.g. a value also hears the comparator it is the object of and a
 * modifier hears its head. 'self' is one channel only (the diagonal): reversed it would be the same entry.
 */
export const EDGE_CHANNELS = 2 * EDGE_TYPES.length;

const SELF = EDGE_TYPES.indexOf('self');

/** One graph as the encoder sees it: features from features.ts (row-major, nodes × featureDim) and edges. */
export interface GraphInput {
  numNodes: number;
  /** numNodes × featureDim, row-major. */
  features: Float32Array;
  edges: readonly SemanticEdge[];
}

/** A batch of graphs padded to `maxNodes` (all arrays row-major). */
export interface PaddedBatch {
  size: number;
  maxNodes: number;
  featureDim: number;
  /** [size, maxNodes, featureDim]. */
  features: Float32Array;
  /** [size, maxNodes]: 1 for a real node, 0 for padding. */
  nodeMask: Float32Array;
  /** [size, maxNodes, maxNodes]: 1 where row node i attends to column node j (every real node attends to itself). */
  adjacency: Float32Array;
  /** [size, maxNodes, maxNodes, EDGE_CHANNELS]: edge weights per channel (see EDGE_CHANNELS), row i receives from column j. */
  edgeChannels: Float32Array;
  /** How many nodes of each graph are in the batch (min(numNodes, MAX_NODES)). */
  nodeCounts: number[];
}

/** Pads the graphs into one batch. `minNodes` forces a larger padding (tests use it to compare paddings). */
export function padGraphs(graphs: readonly GraphInput[], featureDim: number, options: { minNodes?: number } = {}): PaddedBatch {
  if (graphs.length === 0) throw Object.assign(new Error('padGraphs: empty batch'), { code: 'NLU_EMPTY_BATCH' });
  const nodeCounts = graphs.map((g) => Math.min(g.numNodes, MAX_NODES));
  const maxNodes = Math.max(1, options.minNodes ?? 1, ...nodeCounts);
  if (maxNodes > MAX_NODES) {
    throw Object.assign(new Error(`padGraphs: minNodes ${maxNodes} > MAX_NODES ${MAX_NODES}`), { code: 'NLU_TOO_MANY_NODES' });
  }
  const size = graphs.length;
  const N = maxNodes;
  const C = EDGE_CHANNELS;
  const features = new Float32Array(size * N * featureDim);
  const nodeMask = new Float32Array(size * N);
  const adjacency = new Float32Array(size * N * N);
  const edgeChannels = new Float32Array(size * N * N * C);
  graphs.forEach((graph, b) => {
    if (graph.features.length !== graph.numNodes * featureDim) {
      throw Object.assign(
        new Error(`padGraphs: graph ${b} has ${graph.features.length} feature values, expected ${graph.numNodes} nodes × ${featureDim}`),
        { code: 'NLU_FEATURE_SHAPE' },
      );
    }
    const n = nodeCounts[b]!;
    features.set(graph.features.subarray(0, n * featureDim), b * N * featureDim);
    for (let i = 0; i < n; i++) {
      nodeMask[b * N + i] = 1;
      const cell = (b * N + i) * N + i;
      adjacency[cell] = 1;
      edgeChannels[cell * C + SELF] = 1;
    }
    for (const edge of graph.edges) {
      if (edge.from >= n || edge.to >= n || edge.from < 0 || edge.to < 0) continue;
      const type = EDGE_TYPES.indexOf(edge.type as EdgeType);
      if (type < 0) throw Object.assign(new Error(`padGraphs: unknown edge type ${String(edge.type)}`), { code: 'NLU_EDGE_TYPE' });
      if (type === SELF) continue;
      const weight = Number.isFinite(edge.weight) ? edge.weight : 1;
      const forward = (b * N + edge.to) * N + edge.from;
      const backward = (b * N + edge.from) * N + edge.to;
      adjacency[forward] = 1;
      adjacency[backward] = 1;
      edgeChannels[forward * C + type] = Math.max(edgeChannels[forward * C + type]!, weight);
      const reversed = EDGE_TYPES.length + type;
      edgeChannels[backward * C + reversed] = Math.max(edgeChannels[backward * C + reversed]!, weight);
    }
  });
  return { size, maxNodes: N, featureDim, features, nodeMask, adjacency, edgeChannels, nodeCounts };
}

/**
 * The training label of each node: the role of the span that overlaps most of the node's [start, end) (the first such
 * span on a tie), 'none' when no span overlaps it. Context nodes (start -1, copied from earlier turns) are 'none':
 * the corpus labels the words that refer back ("it", "that rule"), not the entity referred to.
 */
export function labelNodes(nodes: readonly SemanticNode[], spans: LabelledExample['spans']): Role[] {
  return nodes.map((node) => {
    if (node.start < 0 || node.end <= node.start) return 'none';
    let best: Role = 'none';
    let bestOverlap = 0;
    for (const span of spans) {
      const overlap = Math.min(node.end, span.end) - Math.max(node.start, span.start);
      if (overlap > bestOverlap) {
        bestOverlap = overlap;
        best = span.role;
      }
    }
    return best;
  });
}
