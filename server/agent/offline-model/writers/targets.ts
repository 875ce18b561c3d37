import type { KnownTarget } from '../catalog.ts';
import { isRecord } from '../plan.ts';

/** One line per target: name, kind, metrics with directions. Accepts a list_targets result or known targets. */
export function describeTargets(value: unknown): string {
  const list = Array.isArray(value) ? value : isRecord(value) && Array.isArray(value.targets) ? value.targets : [];
  const targets = list.filter(isRecord) as unknown as KnownTarget[];
  if (targets.length === 0) return 'No targets are registered yet: add one with `tunechat targets add` or ask me to register it.';
  const lines = targets.map((t) => {
    const metrics = (t.metrics ?? []).map((m) => (typeof m === 'string' ? m : `${m.name}${m.direction ? ` (${m.direction === 'minimize' ? 'min' : 'max'})` : ''}`));
    const family = t.family ? `, ${t.family}` : '';
    return `- **${t.name}** (${t.kind}${family})${metrics.length ? `: ${metrics.join(', ')}` : ''}`;
  });
  return `I can tune these targets:\n\n${lines.join('\n')}`;
}
