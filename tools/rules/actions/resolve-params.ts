import { readPath } from '../normalized-rule.ts';
import type { FactView } from '../types.ts';

const WHOLE = /^\$([A-Za-z_][\w-]*)$/;
const FIELD = /^\$([A-Za-z_][\w-]*)\.(.+)$/;
const TEMPLATE = /\{\{\s*([A-Za-z_][\w-]*)(?:\.([^}\s]+))?\s*\}\}/g;

function render(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

/**
 * Resolves an action's params against the bound facts: `"$t"` → the fact view, `"$t.id"` → a field (or
 * the fact id), `"… {{t.value}} …"` → text with the value inserted. Other values are copied as they are.
 */
export function resolveParams(value: unknown, bindings: Record<string, FactView>): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole && bindings[whole[1]!]) return bindings[whole[1]!];
    const field = FIELD.exec(value);
    if (field && bindings[field[1]!]) return readPath(bindings[field[1]!]!, field[2]!.split('.'));
    if (!value.includes('{{')) return value;
    return value.replace(TEMPLATE, (text, name: string, path?: string) => {
      const fact = bindings[name];
      if (!fact) return text;
      return render(path ? readPath(fact, path.split('.')) : fact);
    });
  }
  if (Array.isArray(value)) return value.map((item) => resolveParams(item, bindings));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveParams(v, bindings)]));
  }
  return value;
}
