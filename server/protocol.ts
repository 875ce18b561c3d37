import { z } from 'zod';
import type { ControllerStatus, DecisionRecord } from '../tools/control/types.ts';
import type { StudyFrame } from './studies-protocol.ts';

/**
 * The websocket protocol on `/ws`, modelled on the AI SDK 7 WebSocket chat transport so that an upgrade can
 * swap in the built-in transport. Every frame is one JSON text message. `requestId` is chosen by the client and
 * ties the server's frames to the request that caused them; several requests may run at once on one socket.
 *
 * client → server
 * - `send`   start a turn: `id` is the session id, or null for a new session.
 * - `resume` replay the stored chunks of session `id` after `lastSequence`, then follow its live turn (if any).
 * - `abort`  stop the turn behind `requestId` server-side (the partial answer is kept).
 * - `watch-study` / `unwatch-study`  follow a study's view and trials (`study` frames, see studies-protocol.ts);
 *   watching never stops or starts anything, and an aborted turn leaves its studies running.
 * - `watch-controller` / `unwatch-controller`  follow a feedback controller's status and decisions (`controller`
 *   frames); parsed beside the chat frames (controllerClientFrameSchema, server/ws/controller-watch.ts).
 *
 * server → client
 * - `start`     the turn behind `requestId` runs in `sessionId` as `turnId`.
 * - `chunk`     one AI SDK UI message chunk; `sequence` grows per session across turns (1, 2, …).
 * - `end`       no more chunks for `requestId`.
 * - `no-active` `resume` found nothing to replay and no running turn.
 * - `error`     a request failed (`code` from ToolError codes); a malformed frame gets one with `requestId: null`.
 * - `alert`     a rule fired for a session this socket sent to or resumed.
 * - `study`     a watched study's view and its changed trials (StudyFrame in studies-protocol.ts).
 * - `controller` a watched controller's status and its decisions since the previous frame (ControllerFrame).
 */
export const clientFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('send'),
    requestId: z.string().min(1).max(200),
    id: z.string().min(1).max(200).nullable(),
    text: z.string().min(1).max(100_000),
    dryRun: z.boolean().optional(),
  }),
  z.object({
    type: z.literal('resume'),
    requestId: z.string().min(1).max(200),
    id: z.string().min(1).max(200),
    lastSequence: z.number().int().min(0),
  }),
  z.object({ type: z.literal('abort'), requestId: z.string().min(1).max(200) }),
  z.object({ type: z.literal('watch-study'), requestId: z.string().min(1).max(200), studyId: z.string().min(1).max(200) }),
  z.object({ type: z.literal('unwatch-study'), studyId: z.string().min(1).max(200) }),
]);

/**
 * The controller feed's client frames. Kept out of `clientFrameSchema` (the chat connection's requests): the
 * websocket route hands them to the connection's ControllerWatch before the chat connection sees the frame.
 */
export const controllerClientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('watch-controller'), requestId: z.string().min(1).max(200), controllerId: z.string().min(1).max(200) }),
  z.object({ type: z.literal('unwatch-controller'), controllerId: z.string().min(1).max(200) }),
]);
export type ControllerClientFrame = z.infer<typeof controllerClientFrameSchema>;

export type ClientFrame = z.infer<typeof clientFrameSchema> | ControllerClientFrame;
export type SendFrame = Extract<ClientFrame, { type: 'send' }>;
export type ResumeFrame = Extract<ClientFrame, { type: 'resume' }>;
export type AbortFrame = Extract<ClientFrame, { type: 'abort' }>;
export type WatchStudyFrame = Extract<ClientFrame, { type: 'watch-study' }>;
export type UnwatchStudyFrame = Extract<ClientFrame, { type: 'unwatch-study' }>;

/** A UI message chunk as plain JSON (the AI SDK `UIMessageChunk`; typed loosely so `web/` needs no `ai` import). */
export interface ChunkJson {
  type: string;
  [key: string]: unknown;
}

/** The alert payload pushed by the rules engine (see tools/rules). */
export interface AlertJson {
  id: string;
  ruleId: string;
  studyId: string | null;
  sessionId: string | null;
  message: string;
  facts?: unknown;
  at: number | string;
}

export type ServerFrame =
  | { type: 'start'; requestId: string; sessionId: string; turnId: string }
  | { type: 'chunk'; requestId: string; sequence: number; chunk: ChunkJson }
  | { type: 'end'; requestId: string }
  | { type: 'no-active'; requestId: string }
  | { type: 'error'; requestId: string | null; errorText: string; code: string }
  | { type: 'alert'; sessionId: string; alert: AlertJson }
  | StudyFrame
  | ControllerFrame;

/** One point of a controller's history: the SLO signal and the parameter's value at a tick. */
export interface ControllerPointJson {
  at: number;
  slo_value: number | null;
  value: number;
}

/**
 * A watched controller: its status now and every decision since the previous frame (no_change ticks included, so
 * a chart can plot each tick). The first frame after a watch also carries `series`, the recent history from the
 * store (a chart starts from it), and its `decisions` are the latest stored ones (for the log, not to be plotted).
 */
export interface ControllerFrame {
  type: 'controller';
  controllerId: string;
  status: ControllerStatus;
  decisions: DecisionRecord[];
  series?: ControllerPointJson[];
}

/** REST shapes (GET /api/sessions…), shared with the web client. */
export interface SessionJson {
  id: string;
  title: string;
  source: string;
  createdAt: number;
  updatedAt: number;
  metadata: Record<string, unknown>;
  /** A turn is running in this session right now. */
  active?: boolean;
}

export interface StoredChunkJson {
  sequence: number;
  turnId: string;
  tMs: number;
  chunk: ChunkJson;
}
