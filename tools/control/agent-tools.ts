/**
 * The agent's live-control tools: `start_controller`, `controller_status`, `stop_controller` (stable names, README).
 * A missing `controller_id` means this chat session's latest controller. Every answer is `controller_id`, the
 * ControllerStatus (`controller`), the latest stored decisions (`decisions`, oldest first) and a one-line `summary` in words; failures
 * the model can fix come back as `{ ok: false, error: { code, message, details } }`.
 */
import { tool, type ToolSet } from 'ai';
import { z } from 'zod';
import { asToolResult } from '../common/errors.ts';
import type { ControllerManager } from './controller-manager.ts';
import { CONTROLLER_LIMITS } from './manager-plan.ts';
import { summarizeController } from './manager-summary.ts';
import { POLICY_NAMES, type ControllerStatus, type DecisionRecord } from './types.ts';

export interface ControlToolsContext {
  services: { controllers: ControllerManager };
  sessionId: string;
}

/** Decisions shown by start/stop and by controller_status. */
const SHORT_TAIL = 5;
const STATUS_TAIL = 10;

const name = z.string().min(1).max(CONTROLLER_LIMITS.nameLength);
const controllerId = z.string().min(1).max(50).optional().describe("controller id (c-1, c-2, …); omit for this chat session's latest controller");

export const startControllerInput = z.object({
  target: name.describe('a target with a control section (list_targets shows them), e.g. "example-service"'),
  metric: name.describe(
    'the signal the SLO is on, units in the name: latency_p99_ms / latency_p90_ms / latency_p50_ms / latency_mean_ms (milliseconds; "p99", "tail latency" → latency_p99_ms), requests_per_s, error_rate (0..1), queue_wait_ms (milliseconds), inflight, busy, service_ms',
  ),
  slo: z
    .object({ op: z.enum(['<', '<=', '>', '>=']), value: z.number().describe("the limit in the metric's unit: 40 for 40 ms, 0.01 for a 1% error rate") })
    .describe('"keep the p99 under 40 ms" → {"op": "<", "value": 40}'),
  parameter: name.describe('the live parameter the controller changes, e.g. "workers" (pool size) or "cache_size"; the target\'s control section names them'),
  bounds: z.object({ min: z.number(), max: z.number() }).optional().describe("never set the parameter outside min..max (\"between 2 and 16 workers\"); default: the parameter's declared range"),
  policy: z
    .enum(['auto', ...POLICY_NAMES])
    .optional()
    .describe('how to decide (default auto: picks one and says why): threshold (grow ×1.5 when queue wait is high, shrink when idle), aimd (additive increase, multiplicative decrease), gradient2 / vegas (Netflix concurrency-limits, for concurrency limits), hpa (Kubernetes HPA formula), little (Little\'s law sizing), rules (the user\'s JSON rules decide)'),
  period_s: z.number().min(CONTROLLER_LIMITS.minPeriodS).max(CONTROLLER_LIMITS.maxPeriodS).optional().describe('loop period in seconds (default 1)'),
  dry_run: z.boolean().optional().describe('decide and record, never change the service'),
});

export type StartControllerInput = z.infer<typeof startControllerInput>;

export interface ControllerAnswer {
  ok: true;
  controller_id: string;
  controller: ControllerStatus;
  /** The latest stored decisions, oldest first. */
  decisions: DecisionRecord[];
  summary: string;
}

function answer(controllers: ControllerManager, status: ControllerStatus, tail: number): ControllerAnswer {
  const decisions = controllers.decisions(status.id, { limit: tail });
  return { ok: true, controller_id: status.id, controller: status, decisions, summary: summarizeController(status, decisions) };
}

export function createControlTools(context: ControlToolsContext): ToolSet {
  const { controllers } = context.services;
  const session = { session_id: context.sessionId };
  return {
    start_controller: tool({
      description:
        'Keep a running service inside an SLO by changing one of its parameters live ("keep the p99 of example-service under 40 ms by scaling its workers"). Non-blocking: the loop reads the metrics every period, decides with the policy and applies the change within bounds, with a cooldown and a rollback when the SLO gets worse; every decision is stored. Returns the controller id, its status and a summary; one controller per target and parameter.',
      inputSchema: startControllerInput,
      execute: (input) =>
        asToolResult(async () => {
          const status = await controllers.start(input, session);
          return answer(controllers, status, SHORT_TAIL);
        }),
    }),
    controller_status: tool({
      description:
        'How a controller is doing: state (running, holding, stopped, interrupted…), the parameter\'s value, the SLO signal and its state, and the last 10 stored decisions with their reasons (no_change ticks are stored at most once per 30 s unless the reason or the SLO state changes).',
      inputSchema: z.object({ controller_id: controllerId }),
      execute: (input) => asToolResult(() => answer(controllers, controllers.status(input.controller_id, session), STATUS_TAIL)),
    }),
    stop_controller: tool({
      description:
        "Stop a controller (default: this session's latest running one). The service keeps the parameter's current value; nothing is reset.",
      inputSchema: z.object({ controller_id: controllerId }),
      execute: (input) =>
        asToolResult(async () => answer(controllers, await controllers.stop(input.controller_id, session, 'stopped from the chat'), SHORT_TAIL)),
    }),
  };
}
