import type { TargetStore } from '../../db/target-store.ts';
import { ToolError } from '../common/errors.ts';
import { loadTargetFiles } from './config-file.ts';
import { findTemplate } from './templates/index.ts';
import type { ResolvedTarget, TargetDefinition, TargetResolver } from './types.ts';

export interface TargetRegistryOptions {
  store: TargetStore;
  /** tunechat.json files or directories holding one (default: none; the server passes the working directory). */
  files?: string[];
  /** The optimizer's builtin problems (branin, hartmann6, …), listed after user targets. */
  builtins?: TargetResolver | null;
}

/**
 * Every target the user can tune, by name: registered in the database (chat, CLI) > defined in
 * `tunechat.json` files > builtin problems. Implements the optimizer's `TargetResolver` (contract 5), so
 * `start_study {target: "xgboost"}` resolves here. Files are re-read on each call, so edits apply at once.
 */
export class TargetRegistry implements TargetResolver {
  private readonly store: TargetStore;
  private readonly files: string[];
  private builtins: TargetResolver | null;
  private builtinCache: ResolvedTarget[] = [];

  constructor(options: TargetRegistryOptions) {
    this.store = options.store;
    this.files = options.files ?? [];
    this.builtins = options.builtins ?? null;
    const sync = this.builtins as (TargetResolver & { listSync?: () => ResolvedTarget[] }) | null;
    if (sync?.listSync) this.builtinCache = sync.listSync();
    else void this.refreshBuiltins();
  }

  /** Sets the builtin-problem resolver (wired once the optimizer's service exists). */
  setBuiltins(builtins: TargetResolver | null): Promise<void> {
    this.builtins = builtins;
    return this.refreshBuiltins();
  }

  private async refreshBuiltins(): Promise<void> {
    const listed = (await this.builtins?.list()) ?? [];
    this.builtinCache = listed.map((b) => ({ ...b, source: 'builtin' as const }));
  }

  /** The same list as `list()`, synchronously, with builtins as last listed (for tool descriptions). */
  snapshot(): ResolvedTarget[] {
    const byName = new Map<string, ResolvedTarget>();
    for (const definition of this.store.list()) byName.set(definition.name, toResolved(definition, 'database'));
    for (const { definition, origin } of loadTargetFiles(this.files).targets) {
      if (!byName.has(definition.name)) byName.set(definition.name, { ...toResolved(definition, 'file'), origin });
    }
    const user = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
    return [...user, ...this.builtinCache.filter((b) => !byName.has(b.name))];
  }

  async list(): Promise<ResolvedTarget[]> {
    await this.refreshBuiltins();
    return this.snapshot();
  }

  async resolve(name: string): Promise<ResolvedTarget | null> {
    const key = name.trim().toLowerCase();
    const stored = this.store.get(key);
    if (stored) return toResolved(stored, 'database');
    const fromFile = loadTargetFiles(this.files).targets.find((t) => t.definition.name === key);
    if (fromFile) return { ...toResolved(fromFile.definition, 'file'), origin: fromFile.origin };
    return (await this.builtins?.resolve(name)) ?? (key !== name ? ((await this.builtins?.resolve(key)) ?? null) : null);
  }

  /** Adds or replaces a user target (database). A builtin's name cannot be taken. */
  async register(definition: TargetDefinition): Promise<{ target: ResolvedTarget; replaced: boolean }> {
    const builtin = await this.builtins?.resolve(definition.name);
    if (builtin) throw new ToolError('conflict', `"${definition.name}" is a builtin problem; choose another target name`, { details: { parameter: 'name', value: definition.name } });
    const replaced = this.store.upsert(definition);
    return { target: toResolved(definition, 'database'), replaced };
  }

  /** Removes a registered (database) target. File targets are edited in their tunechat.json. */
  remove(name: string): boolean {
    return this.store.remove(name);
  }

  /** Problems found while reading tunechat.json files (shown by `tunechat targets list`). */
  fileErrors(): string[] {
    return loadTargetFiles(this.files).errors;
  }
}

/** A definition with its default space filled in from the family template. */
export function toResolved(definition: TargetDefinition, source: ResolvedTarget['source']): ResolvedTarget {
  const template = findTemplate(definition.template ?? definition.family);
  const resolved: ResolvedTarget = { name: definition.name, kind: definition.kind, spec: definition.spec, metrics: definition.metrics };
  const space = definition.space ?? template?.space;
  if (space) resolved.space = space;
  // The template's baseline belongs to the template's space: a definition with a space of its own brings its own.
  const baseline = definition.baseline ?? (definition.space ? undefined : template?.baseline);
  if (baseline) resolved.baseline = baseline;
  if (definition.description) resolved.description = definition.description;
  if (definition.family) resolved.family = definition.family;
  if (definition.aliases) resolved.aliases = definition.aliases;
  if (definition.control) resolved.control = definition.control;
  if (source) resolved.source = source;
  return resolved;
}
