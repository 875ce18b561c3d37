import type { NormalizedRule } from '../normalized-rule.ts';
import type { OperatorRegistry } from '../operators.ts';
import { AdapterNode } from './adapter-node.ts';
import { AlphaMemory } from './alpha-memory.ts';
import { buildAlpha, compilePatterns, FieldSets, type CompiledPattern } from './compile-pattern.ts';
import { JoinNode } from './join-node.ts';
import { NotNode } from './not-node.ts';
import { TerminalNode, type TerminalListener } from './terminal-node.ts';
import { FactRecord, listensAny, type LeftConsumer, type RightInput } from './token.ts';
import { TypeNode } from './type-node.ts';

interface RuleNodes {
  terminal: TerminalNode;
  /** Beta nodes after the adapter, with their right memories (none for a single-pattern rule). */
  edges: readonly { memory: AlphaMemory; node: JoinNode | NotNode }[];
  adapter: AdapterNode;
  adapterKey: string | null;
  /** The adapter's consumer for this rule (its first join/not node, or the terminal). */
  first: LeftConsumer;
  firstMemory: AlphaMemory;
}

const NO_EDGES: RuleNodes['edges'] = [];

const byDepthDescending = (a: RightInput, b: RightInput) => b.depth - a.depth;

/** Ordering matters only when some node sits below the first pattern (single-pattern rules are independent). */
function needsOrder(nodes: readonly RightInput[]): boolean {
  if (nodes.length < 2) return false;
  for (const node of nodes) if (node.depth > 0) return true;
  return false;
}

/**
 * The Rete network: per fact type an alpha network of shared, indexed memories; per rule a chain of
 * adapter → join / not / exists nodes → terminal. Facts are inserted, modified and retracted
 * incrementally. A modify re-tests only the memories whose tests read a changed field (found through the
 * equality hash and the sorted thresholds), and re-derives only matches of nodes that listen to it.
 */
export class ReteNetwork {
  private readonly types = new Map<string, TypeNode>();
  private readonly rules = new Map<string, RuleNodes>();
  private readonly sharedAdapters = new Map<string, AdapterNode>();
  private readonly fieldSets = new FieldSets();
  private modifyStamp = 0;

  constructor(
    private readonly operators: OperatorRegistry,
    private readonly listener: TerminalListener,
  ) {}

  private typeNode(type: string): TypeNode {
    let node = this.types.get(type);
    if (!node) this.types.set(type, (node = new TypeNode(type)));
    return node;
  }

  getFact(type: string, id: string): FactRecord | undefined {
    return this.types.get(type)?.facts.get(id);
  }

  *facts(): Iterable<FactRecord> {
    for (const node of this.types.values()) yield* node.facts.values();
  }

  terminal(ruleId: string): TerminalNode | undefined {
    return this.rules.get(ruleId)?.terminal;
  }

  /** Builds the rule's nodes (sharing alpha memories and first-pattern adapters) and derives its matches over the current facts. */
  addRule(rule: NormalizedRule): void {
    const compiled = compilePatterns(rule, this.operators, this.fieldSets);
    const patterns = rule.patterns;
    const memories = patterns.length === 1 ? [this.memoryFor(patterns[0]!.type, compiled[0]!)] : patterns.map((pattern, position) => this.memoryFor(pattern.type, compiled[position]!));
    // A terminal or a join right after the first pattern keeps no state on the adapter's tokens, so the
    // adapter can be shared (a not/exists node counts matches on the token itself).
    const shareable = rule.patterns.length === 1 || rule.patterns[1]!.kind === 'match';
    const adapterKey = shareable ? `${memories[0]!.signature}#${compiled[0]!.listensKey}` : null;
    let adapter = adapterKey ? this.sharedAdapters.get(adapterKey) : undefined;
    const freshAdapter = !adapter;
    if (!adapter) {
      adapter = new AdapterNode(compiled[0]!.listens);
      if (adapterKey) this.sharedAdapters.set(adapterKey, adapter);
    }
    const terminal = new TerminalNode(rule, this.listener);
    const edges: { memory: AlphaMemory; node: JoinNode | NotNode }[] = [];
    let previous: (JoinNode | NotNode) | null = null;
    for (let position = 1; position < rule.patterns.length; position++) {
      const pattern = rule.patterns[position]!;
      const c = compiled[position]!;
      const memory = memories[position]!;
      const node =
        pattern.kind === 'match'
          ? new JoinNode(position, memory, c.keys, c.joinTest, c.listens, { memory: memories[0]!, adapter })
          : new NotNode(position, memory, c.keys, c.joinTest, c.listens, pattern.kind === 'not');
      if (previous) previous.child = node;
      previous = node;
      edges.push({ memory, node });
    }
    if (previous) previous.child = terminal;
    const first: LeftConsumer = edges[0]?.node ?? terminal;
    for (let i = 0; i < edges.length; i++) edges[i]!.memory.addSuccessor(edges[i]!.node);
    if (freshAdapter) memories[0]!.addSuccessor(adapter);
    this.rules.set(rule.id, { terminal, edges: edges.length === 0 ? NO_EDGES : edges, adapter, adapterKey, first, firstMemory: memories[0]! });
    adapter.addChild(first, memories[0]!.facts);
  }

  /** The shared memory of a pattern's alpha tests (created, and filled from the current facts, when new). */
  private memoryFor(type: string, c: CompiledPattern): AlphaMemory {
    const typeNode = this.typeNode(type);
    let memory = typeNode.memories.get(c.signature);
    if (!memory) {
      const part = buildAlpha(c, this.operators, this.fieldSets);
      memory = new AlphaMemory(c.signature, type, part.alphaTest, part.primary, part.restFields, part.alphaFields);
      typeNode.addMemory(memory);
      if (typeNode.facts.size > 0) for (const fact of typeNode.facts.values()) if (memory.test(fact)) memory.add(fact);
    }
    return memory;
  }

  /** Removes the rule's nodes (and its matches); adapters and alpha memories nobody uses any more go too. */
  removeRule(ruleId: string): void {
    const nodes = this.rules.get(ruleId);
    if (!nodes) return;
    this.rules.delete(ruleId);
    nodes.adapter.removeChild(nodes.first);
    for (const token of nodes.terminal.tokens()) nodes.terminal.leftRetract(token);
    const detached: { memory: AlphaMemory; node: RightInput }[] = [...nodes.edges];
    if (nodes.adapter.children.length === 0) {
      detached.push({ memory: nodes.firstMemory, node: nodes.adapter });
      if (nodes.adapterKey) this.sharedAdapters.delete(nodes.adapterKey);
    }
    for (const { memory, node } of detached) {
      memory.removeSuccessor(node);
      if (memory.successors.length === 0) {
        for (const fact of [...memory.facts]) memory.remove(fact);
        this.types.get(memory.type)?.removeMemory(memory);
      }
    }
  }

  insert(fact: FactRecord): void {
    const typeNode = this.typeNode(fact.type);
    typeNode.facts.set(fact.id, fact);
    const entered: AlphaMemory[] = [];
    let deep = false;
    for (const memory of typeNode.candidates(fact)) {
      if (!memory.test(fact)) continue;
      memory.add(fact);
      entered.push(memory);
      if (memory.successors.length > 0 && memory.successors[0]!.depth > 0) deep = true;
    }
    // Successor lists are already deepest first; only facts entering several memories with deep nodes need a merge.
    if (!deep || entered.length === 1) {
      for (const memory of entered) for (const node of memory.successors) node.rightAssert(fact);
      return;
    }
    const pending = entered.flatMap((memory) => memory.successors).sort(byDepthDescending);
    for (const node of pending) node.rightAssert(fact);
  }

  /**
   * Applies a change already written to `fact.fields` (`before` holds the previous values of `changed`).
   * Retractions run shallow-first and assertions deep-first, so a fact matched at several positions of
   * one rule is joined with itself exactly once.
   */
  modify(fact: FactRecord, changed: readonly string[], before: Record<string, unknown>): void {
    const typeNode = this.types.get(fact.type);
    if (!typeNode || changed.length === 0) return;
    const leaving: AlphaMemory[] = [];
    const entering: AlphaMemory[] = [];
    for (const memory of typeNode.affected(fact, changed, before)) {
      const now = memory.test(fact);
      const was = fact.memberships.has(memory);
      if (now && !was) entering.push(memory);
      else if (!now && was) leaving.push(memory);
    }
    const stamp = ++this.modifyStamp;
    for (const memory of leaving) memory.leaving = stamp;
    const retracts: RightInput[] = [];
    const asserts: RightInput[] = [];
    for (const field of changed) {
      const listening = fact.byField.get(field);
      if (!listening) continue;
      for (const memory of listening) {
        if (memory.visited === stamp || memory.leaving === stamp) continue;
        memory.visited = stamp;
        memory.reindex(fact, changed);
        this.restate(memory, fact, changed, retracts, asserts);
      }
    }
    for (const memory of leaving) {
      memory.remove(fact);
      for (const node of memory.successors) retracts.push(node);
    }
    if (needsOrder(retracts)) retracts.sort((a, b) => a.depth - b.depth);
    for (const node of retracts) node.rightRetract(fact);
    for (const memory of entering) {
      memory.add(fact);
      for (const node of memory.successors) asserts.push(node);
    }
    if (needsOrder(asserts)) asserts.sort(byDepthDescending);
    for (const node of asserts) node.rightAssert(fact);
  }

  /** A fact stays in a memory but changed in listened fields: its listening successors re-derive their matches. */
  private restate(memory: AlphaMemory, fact: FactRecord, changed: readonly string[], retracts: RightInput[], asserts: RightInput[]): void {
    for (const node of memory.successors) {
      if (!listensAny(node.listens, changed)) continue;
      if (node instanceof AdapterNode && node.refresh(fact)) continue;
      retracts.push(node);
      asserts.push(node);
    }
  }

  retract(fact: FactRecord): void {
    const typeNode = this.types.get(fact.type);
    if (!typeNode) return;
    typeNode.facts.delete(fact.id);
    const nodes: RightInput[] = [];
    for (const memory of [...fact.memberships]) {
      memory.remove(fact);
      nodes.push(...memory.successors);
    }
    for (const node of nodes) node.rightRetract(fact);
  }

  /** Sizes for diagnostics and the benchmark. */
  stats(): { types: number; alphaMemories: number; rules: number; facts: number } {
    let memories = 0;
    let facts = 0;
    for (const node of this.types.values()) {
      memories += node.memories.size;
      facts += node.facts.size;
    }
    return { types: this.types.size, alphaMemories: memories, rules: this.rules.size, facts };
  }
}
