import { TARGETS_MARKER } from '../../tools/targets/agent-tools.ts';

/**
 * The longest tool description MCP clients pass on whole. Claude Code 2.1 keeps 2048 characters of a tool's
 * description (and of the server's instructions) and appends "… [truncated]"; list_targets' description carries every
 * target with its search space as JSON (7069 characters with the repository's tunechat.json), so Claude saw a JSON
 * array cut in the middle of the third target.
 */
export const MAX_TOOL_DESCRIPTION_CHARS = 2048;

type Target = { name: string; kind?: string; family?: string; metrics?: Array<{ name: string; direction?: string }> };

/**
 * A tool's description as MCP serves it: the toolset's own when it fits in `max` characters. Otherwise list_targets'
 * target catalog is shortened, keeping every target's name, kind, family and metrics (dropping search spaces,
 * aliases, units and control), else names and metrics, else only the names, with a sentence saying that list_targets
 * returns the rest; any
 * other description is cut at a word with a note. The result never exceeds `max`.
 */
export function mcpToolDescription(description: string, max: number = MAX_TOOL_DESCRIPTION_CHARS): string {
  if (description.length <= max) return description;
  const at = description.indexOf(TARGETS_MARKER);
  if (at >= 0) {
    const shorter = shortenCatalog(description, at, max);
    if (shorter) return shorter;
  }
  const note = ` … (cut from ${description.length} to ${max} characters for MCP clients)`;
  const head = description.slice(0, max - note.length);
  const space = head.lastIndexOf(' ');
  return `${space > head.length / 2 ? head.slice(0, space) : head}${note}`;
}

function shortenCatalog(description: string, at: number, max: number): string | null {
  const start = at + TARGETS_MARKER.length;
  const end = description.indexOf('\n', start);
  let catalog: Target[];
  try {
    catalog = JSON.parse(description.slice(start, end < 0 ? undefined : end)) as Target[];
  } catch {
    return null;
  }
  if (!Array.isArray(catalog)) return null;
  const before = description.slice(0, start);
  const after = end < 0 ? '' : description.slice(end);
  const compact = catalog.map((t) => ({ name: t.name, kind: t.kind, ...(t.family ? { family: t.family } : {}), metrics: (t.metrics ?? []).map((m) => (m.direction ? `${m.name} (${m.direction})` : m.name)) }));
  const metrics = Object.fromEntries(catalog.map((t) => [t.name, (t.metrics ?? []).map((m) => (m.direction ? `${m.name} (${m.direction.slice(0, 3)})` : m.name)).join(', ')]));
  const forms: Array<[unknown, string, string]> = [
    [compact, 'name, kind, family and metrics', 'search spaces, aliases, units and control'],
    [metrics, 'name and metrics (min/max)', 'kinds, search spaces, aliases, units and control'],
    [catalog.map((t) => t.name), 'name', 'metrics, kinds, search spaces, aliases and control'],
  ];
  for (const [list, shown, left] of forms) {
    const text = `${before}${JSON.stringify(list)}\n(${catalog.length} targets, each with its ${shown}; ${left} are left out of this description, which MCP clients cut at ${max} characters: list_targets returns everything.)${after}`;
    if (text.length <= max) return text;
  }
  return null;
}
