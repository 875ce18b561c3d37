import { escapeHtml } from './markdown.ts';
import { toolNameOf, type ViewPart } from './message-builder.ts';

/*
 * What a controller tool card renders for its live panel: a placeholder only (web/control-cards.ts mounts the panel).
 * Kept apart from the panel so render.ts (and the replay page's bundle) do not pull in the charts.
 */

/** Tools whose card follows a feedback controller live. */
export const CONTROL_TOOLS: ReadonlySet<string> = new Set(['start_controller', 'controller_status', 'stop_controller']);

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const CONTROLLER_ID = /^[A-Za-z0-9_.:-]{1,200}$/;

/**
 * The controller a tool part names: its output's `controller_id` (or `id`, or a nested `controller`/`status` object's
 * `id`), else its input's `controller_id`. Null for other tools and for outputs that list several controllers.
 */
export function controllerIdOfPart(part: ViewPart): string | null {
  if (!CONTROL_TOOLS.has(toolNameOf(part))) return null;
  const output = isRecord(part.output) ? part.output : {};
  const nested = [output.controller, output.status].find(isRecord) ?? {};
  const candidates = [output.controller_id, output.id, nested.id, nested.controller_id, isRecord(part.input) ? part.input.controller_id : undefined];
  const id = candidates.find((v): v is string => typeof v === 'string' && CONTROLLER_ID.test(v));
  return id ?? null;
}

/**
 * The placeholder of a controller card: `fallback` shows until the live panel is mounted into it (and stays where no
 * feed runs, e.g. the shared replay page). `compact` (a stop_controller card): the header line only.
 */
export function controlPlaceholderHtml(part: ViewPart, controllerId: string, fallback: string): string {
  const compact = toolNameOf(part) === 'stop_controller' ? ' data-compact="1"' : '';
  return `<div class="control-live" data-controller-id="${escapeHtml(controllerId)}" data-mount="control:${escapeHtml(part.toolCallId ?? controllerId)}"${compact}>${fallback}</div>`;
}
