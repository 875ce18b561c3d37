import { ToolError } from '../common/errors.ts';
import { ActionRegistry, type WorkingMemory } from './actions/action-registry.ts';
import { resolveParams } from './actions/resolve-params.ts';
import { WORKING_MEMORY_ACTIONS } from './actions/working-memory-actions.ts';
import { Agenda } from './agenda.ts';
import { combineStrategies, DEFAULT_STRATEGY, type Activation } from './conflict-strategies.ts';
import { explainRule, type RuleExplanation } from './explain.ts';
import type { NormalizedRule } from './normalized-rule.ts';
import { OperatorRegistry } from './operators.ts';
import { ReteNetwork } from './rete/network.ts';
import { FactRecord, tokenFacts, type Token } from './rete/token.ts';
import { validateRule, type RuleValidation } from './rule-schema.ts';
import type { FactInput, FactOperation, FactView, RuleMatch } from './types.ts';

export interface RuleEngineOptions {
  operators?: OperatorRegistry;
  /** Action vocabulary; the working-memory actions (insert, modify, retract, focus) are added when missing. */
  actions?: ActionRegistry;
  /** Conflict resolution chain (names from CONFLICT_STRATEGIES). Default salience, recency, order. */
  strategy?: readonly string[];
  /** Called when an action throws or its promise rejects (the error is also listed in the firing's `errors`). */
  onActionError?: (error: unknown, info: { ruleId: string; action: string }) => void;
  /** Told when a rule gains or loses a match (the match set changes), e.g. to mirror it elsewhere. */
  onMatchChange?: (change: { ruleId: string; added: boolean }) => void;
}

/** One rule firing, as `fire` reports it. */
export interface Firing {
  rule_id: string;
  facts: string[];
  errors?: string[];
}

/**
 * A forward-chaining production-rule engine over JSON rules: a Rete network for matching, an agenda with
 * conflict resolution and agenda groups, refraction (a match fires once while it holds), `no_loop`, and
 * a registry of named actions.
 */
export class RuleEngine implements WorkingMemory {
  readonly operators: OperatorRegistry;
  readonly actions: ActionRegistry;
  private readonly agenda: Agenda;
  private readonly network: ReteNetwork;
  private readonly ruleMap = new Map<string, { rule: NormalizedRule; order: number }>();
  private readonly onActionError: RuleEngineOptions['onActionError'];
  private readonly onMatchChange: RuleEngineOptions['onMatchChange'];
  private orderCounter = 0;
  private recency = 0;
  private firingRule: NormalizedRule | null = null;
  /** Activations not yet put on the agenda (state 'new'), and how many of them are still live. */
  private fresh: Activation[] = [];
  private freshLive = 0;

  constructor(options: RuleEngineOptions = {}) {
    this.operators = options.operators ?? new OperatorRegistry();
    this.actions = options.actions ?? new ActionRegistry();
    for (const handler of WORKING_MEMORY_ACTIONS) if (!this.actions.get(handler.name)) this.actions.register(handler);
    this.agenda = new Agenda(combineStrategies(options.strategy ?? DEFAULT_STRATEGY));
    this.onActionError = options.onActionError;
    this.onMatchChange = options.onMatchChange;
    this.network = new ReteNetwork(this.operators, {
      activate: (rule, token) => {
        this.onMatchChange?.({ ruleId: rule.id, added: true });
        return this.activate(rule, token);
      },
      deactivate: (rule, token, activation) => {
        this.deactivate(activation as Activation);
        this.onMatchChange?.({ ruleId: rule.id, added: false });
      },
      reactivate: (rule, token, previous) => {
        const activation = previous as Activation;
        // Still pending and not yet ordered in a heap: refresh its recency in place (no new activation).
        if (activation.state === 'new' || (activation.state === 'pending' && this.agenda.canReorder(activation))) {
          activation.recency = this.factRecency(token);
          return activation;
        }
        this.deactivate(activation);
        return this.activate(rule, token);
      },
    });
  }

  /** Validates a rule without loading it. */
  validate(input: unknown): RuleValidation {
    return validateRule(input, { operators: this.operators, actionNames: this.actions.nameList() });
  }

  /** Loads (or replaces, by rule_id) a rule. Throws ToolError `invalid_argument` listing every issue. */
  addRule(input: unknown): NormalizedRule {
    const result = this.validate(input);
    if (!result.ok) {
      const first = result.issues[0]!;
      throw new ToolError('invalid_argument', `rule ${first.rule_id ?? '(no rule_id)'} is invalid at ${first.path}: ${first.message}${first.expected ? ` (expected ${first.expected})` : ''}`, {
        details: { issues: result.issues },
      });
    }
    this.loadRule(result.rule);
    return result.rule;
  }

  /** Loads an already validated rule. */
  loadRule(rule: NormalizedRule): void {
    if (this.ruleMap.has(rule.id)) this.removeRule(rule.id);
    this.ruleMap.set(rule.id, { rule, order: this.orderCounter++ });
    if (rule.enabled) this.network.addRule(rule);
  }

  removeRule(ruleId: string): boolean {
    if (!this.ruleMap.delete(ruleId)) return false;
    this.network.removeRule(ruleId);
    return true;
  }

  rules(): NormalizedRule[] {
    return [...this.ruleMap.values()].sort((a, b) => a.order - b.order).map((r) => r.rule);
  }

  getRule(ruleId: string): NormalizedRule | undefined {
    return this.ruleMap.get(ruleId)?.rule;
  }

  insert(input: FactInput): void {
    if (this.network.getFact(input.type, input.id)) {
      throw new ToolError('conflict', `fact ${input.type} "${input.id}" is already in working memory; use modify`, { details: { type: input.type, id: input.id } });
    }
    this.network.insert(new FactRecord(input.type, input.id, { ...input.fields }, ++this.recency));
  }

  /** Replaces the listed fields (a value of `null` is stored as null). Only fields whose value changed count. */
  modify(input: { type: string; id: string; fields: Record<string, unknown> }): void {
    const fact = this.requireFact(input.type, input.id);
    const changed: string[] = [];
    const before: Record<string, unknown> = {};
    const fields = fact.fields;
    for (const field in input.fields) {
      const value = input.fields[field];
      const old = fields[field];
      if (old === value || (typeof value === 'object' && JSON.stringify(old) === JSON.stringify(value))) continue;
      changed.push(field);
      before[field] = old;
    }
    if (changed.length === 0) return;
    for (const field of changed) fields[field] = input.fields[field];
    fact.keyCache = null;
    fact.recency = ++this.recency;
    this.network.modify(fact, changed, before);
  }

  retract(input: { type: string; id: string }): void {
    this.network.retract(this.requireFact(input.type, input.id));
  }

  /** Applies one facts-stream operation (CLI `rules run` lines). */
  apply(operation: FactOperation): void {
    if (operation.op === 'insert') this.insert({ type: operation.type, id: operation.id, fields: operation.fields ?? {} });
    else if (operation.op === 'modify') this.modify({ type: operation.type, id: operation.id, fields: operation.fields ?? {} });
    else this.retract(operation);
  }

  getFact(type: string, id: string): FactView | undefined {
    const fact = this.network.getFact(type, id);
    return fact && { type: fact.type, id: fact.id, fields: fact.fields };
  }

  facts(): FactView[] {
    return [...this.network.facts()].map((f) => ({ type: f.type, id: f.id, fields: f.fields }));
  }

  setFocus(agendaGroup: string): void {
    this.agenda.setFocus(agendaGroup);
  }

  /**
   * Fires up to `limit` activations (default 10,000, to bound runaway chains), best first. Each fired
   * match is refracted: it does not fire again unless its facts change in a field the rule reads or it
   * stops matching and matches again.
   */
  fire(limit = 10_000): Firing[] {
    const fired: Firing[] = [];
    while (fired.length < limit) {
      if (this.fresh.length > 0) this.enqueueFresh();
      const activation = this.agenda.next();
      if (!activation) break;
      activation.state = 'fired';
      // Drools activation-group: the others of the group that are pending now are cancelled; activations
      // this firing creates may still fire.
      if (activation.rule.activationGroup !== null) this.agenda.cancelActivationGroup(activation.rule.activationGroup);
      fired.push(this.execute(activation));
    }
    return fired;
  }

  /** Pending activations per agenda group. */
  pending(): Record<string, number> {
    this.enqueueFresh();
    return this.agenda.sizes();
  }

  /** The complete current match set, rules in load order, matches sorted by fact ids. */
  matches(ruleId?: string): RuleMatch[] {
    const out: RuleMatch[] = [];
    const rules = ruleId === undefined ? this.rules() : [this.getRule(ruleId)].filter((r) => r !== undefined);
    for (const rule of rules) {
      const terminal = this.network.terminal(rule.id);
      if (!terminal) continue;
      const list = terminal.tokens().map((token) => ({ rule_id: rule.id, facts: positiveIds(rule, tokenFacts(token)) }));
      list.sort((a, b) => compareIds(a.facts, b.facts));
      out.push(...list);
    }
    return out;
  }

  /** Why a rule does or does not match the current facts. */
  explain(ruleId: string): RuleExplanation {
    const rule = this.getRule(ruleId);
    if (!rule) throw new ToolError('not_found', `no rule "${ruleId}"; loaded: ${this.rules().map((r) => r.id).join(', ') || '(none)'}`, { details: { rule_id: ruleId } });
    return explainRule(rule, this.facts(), this.operators);
  }

  /** Number of current matches of a rule (0 when unknown or disabled). */
  matchCount(ruleId: string): number {
    return this.network.terminal(ruleId)?.size ?? 0;
  }

  stats(): ReturnType<ReteNetwork['stats']> {
    return this.network.stats();
  }

  private requireFact(type: string, id: string): FactRecord {
    const fact = this.network.getFact(type, id);
    if (!fact) throw new ToolError('not_found', `no fact ${type} "${id}" in working memory`, { details: { type, id } });
    return fact;
  }

  private activate(rule: NormalizedRule, token: Token): Activation {
    // Recency is that of the newest fact in the match (nools' factRecency): newer facts fire first, and
    // activations over the same facts fall through to rule order.
    const activation: Activation = { rule, order: this.ruleMap.get(rule.id)?.order ?? 0, recency: this.factRecency(token), token, state: 'new' };
    if (rule.noLoop && this.firingRule === rule) activation.state = 'fired';
    else {
      // The agenda is filled lazily, when it is consulted: a match that comes and goes between two fire()
      // calls (level-only use, as in the benchmark) never touches it.
      this.fresh.push(activation);
      this.freshLive++;
      if (this.fresh.length > 1024 && this.fresh.length > 4 * this.freshLive) this.fresh = this.fresh.filter((a) => a.state === 'new');
    }
    return activation;
  }

  private enqueueFresh(): void {
    for (const activation of this.fresh) {
      if (activation.state !== 'new') continue;
      activation.state = 'pending';
      this.agenda.add(activation);
    }
    this.fresh = [];
    this.freshLive = 0;
  }

  private factRecency(token: Token): number {
    let recency = 0;
    for (let current: Token | null = token; current !== null; current = current.parent) {
      if (current.fact !== null && current.fact.recency > recency) recency = current.fact.recency;
    }
    return recency;
  }

  private deactivate(activation: Activation): void {
    if (activation.state === 'pending') this.agenda.remove(activation);
    else if (activation.state === 'new') this.freshLive--;
    activation.state = 'cancelled';
  }

  private execute(activation: Activation): Firing {
    const rule = activation.rule;
    const matched = tokenFacts(activation.token);
    const facts = rule.patterns.filter((p) => p.kind === 'match').map((p) => toView(matched[p.position]!));
    const bindings: Record<string, FactView> = {};
    for (const [name, position] of Object.entries(rule.bindings)) bindings[name] = toView(matched[position]!);
    const firing: Firing = { rule_id: rule.id, facts: facts.map((f) => f.id) };
    const previous = this.firingRule;
    this.firingRule = rule;
    try {
      for (const action of rule.actions) {
        const handler = this.actions.get(action.name);
        const report = (error: unknown) => {
          (firing.errors ??= []).push(`${action.name}: ${error instanceof Error ? error.message : String(error)}`);
          this.onActionError?.(error, { ruleId: rule.id, action: action.name });
        };
        if (!handler) {
          report(new Error(`no handler for action "${action.name}"`));
          continue;
        }
        try {
          const params = resolveParams(action.params, bindings) as Record<string, unknown>;
          const result = handler.run({ rule, params, bindings, facts, memory: this });
          if (result && typeof (result as Promise<void>).catch === 'function') (result as Promise<void>).catch(report);
        } catch (error) {
          report(error);
        }
      }
    } finally {
      this.firingRule = previous;
    }
    return firing;
  }
}

function toView(fact: { type: string; id: string; fields: Record<string, unknown> }): FactView {
  return { type: fact.type, id: fact.id, fields: fact.fields };
}

function positiveIds(rule: NormalizedRule, facts: readonly ({ id: string } | null)[]): string[] {
  const ids: string[] = [];
  for (const pattern of rule.patterns) if (pattern.kind === 'match') ids.push(facts[pattern.position]!.id);
  return ids;
}

export function compareIds(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length - b.length;
}
