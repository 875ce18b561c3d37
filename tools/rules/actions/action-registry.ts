import { ToolError } from '../../common/errors.ts';
import type { NormalizedRule } from '../normalized-rule.ts';
import type { FactInput, FactView } from '../types.ts';

/** What an action may do to working memory (forward chaining). */
export interface WorkingMemory {
  insert(fact: FactInput): void;
  modify(fact: { type: string; id: string; fields: Record<string, unknown> }): void;
  retract(fact: { type: string; id: string }): void;
  setFocus(agendaGroup: string): void;
}

/** One action call of a fired rule. */
export interface ActionCall {
  rule: NormalizedRule;
  /** Params with `$binding…` references resolved. */
  params: Record<string, unknown>;
  /** Positive bindings by name. */
  bindings: Record<string, FactView>;
  /** The bound facts in pattern order (positive patterns only). */
  facts: FactView[];
  memory: WorkingMemory;
}

/**
 * A named action handler. `run` may return a promise (e.g. stopping a study); the engine does not wait
 * for it, and reports a rejection through its `onActionError` hook.
 */
export interface ActionHandler {
  name: string;
  description: string;
  run(call: ActionCall): void | Promise<void>;
}

/** The action vocabulary of an engine; unknown action names are a validation error. */
export class ActionRegistry {
  private readonly handlers = new Map<string, ActionHandler>();
  private cachedNames: readonly string[] | null = null;

  constructor(handlers: readonly ActionHandler[] = []) {
    for (const handler of handlers) this.register(handler);
  }

  register(handler: ActionHandler): void {
    if (this.handlers.has(handler.name)) {
      throw new ToolError('conflict', `action "${handler.name}" is already registered`, { details: { name: handler.name } });
    }
    this.handlers.set(handler.name, handler);
    this.cachedNames = null;
  }

  /** Replaces a handler (e.g. the CLI swaps the service actions for recording stubs). */
  override(handler: ActionHandler): void {
    this.handlers.set(handler.name, handler);
    this.cachedNames = null;
  }

  get(name: string): ActionHandler | undefined {
    return this.handlers.get(name);
  }

  names(): string[] {
    return [...this.handlers.keys()];
  }

  /** The names as one shared read-only list (rebuilt only after a registration): for validating many rules. */
  nameList(): readonly string[] {
    return (this.cachedNames ??= Object.freeze([...this.handlers.keys()]));
  }

  list(): { name: string; description: string }[] {
    return [...this.handlers.values()].map(({ name, description }) => ({ name, description }));
  }
}
