import { ToolError, toToolError } from '../../tools/common/errors.ts';
import type { ControlObserver, ControllerStatus, DecisionRecord } from '../../tools/control/types.ts';
import { controllerClientFrameSchema, type ControllerFrame, type ControllerPointJson, type ServerFrame } from '../protocol.ts';
import { timerSchedule, type Schedule } from './study-watch.ts';

/** Controllers one connection may watch at once; more are refused as `busy`. */
export const MAX_WATCHED_CONTROLLERS = 64;

/** Default delay that coalesces a controller's decisions into one frame (at most ~4 frames per second per controller). */
export const CONTROLLER_FRAME_COALESCE_MS = 250;

/** A controller run by another process (the CLI) sends this process no events: its store rows are read this often. */
export const CONTROLLER_POLL_MS = 1000;

/** Stored decisions the first frame carries as `series` (the chart's history) and for the log. */
export const HISTORY_POINTS = 600;
export const HISTORY_DECISIONS = 50;

/** Decisions one frame carries at most (a burst beyond it keeps the newest). */
export const MAX_FRAME_DECISIONS = 200;

/** Longest controller frame text accepted before parsing; watch frames are a few hundred bytes. */
const MAX_CONTROLLER_FRAME_CHARS = 2048;

/** What the feed reads of the ControllerManager (tools/control/controller-manager.ts has exactly these). */
export interface ControllerFeedSource {
  /** Throws ToolError `not_found` for an unknown controller. */
  status(id: string): ControllerStatus;
  decisions(id: string, options?: { after_seq?: number; limit?: number }): DecisionRecord[];
  addObserver(observer: ControlObserver): () => void;
}

export interface ControllerWatchOptions {
  coalesceMs?: number;
  pollMs?: number;
  schedule?: Schedule;
}

interface Watched {
  /** Decisions since the last frame. */
  decisions: DecisionRecord[];
  /** The newest status an observer reported since the last frame. */
  status: ControllerStatus | null;
  /** Highest decision seq sent (polling reads the store after it). */
  lastSeq: number;
  /** An observer event arrived since the last poll: the controller runs in this process. */
  live: boolean;
  /** The last status sent, as text (a poll sends a frame only when it changed or decisions came). */
  sentStatus: string;
  cancel: (() => void) | null;
}

const FINAL_STATES = new Set(['stopped', 'failed', 'interrupted']);

/** The chart points of stored decisions (each decision's SLO value and the value it left the parameter at). */
export function pointsOf(decisions: readonly DecisionRecord[]): ControllerPointJson[] {
  return decisions.map((d) => ({ at: d.at, slo_value: d.slo_value, value: d.outcome === 'applied' || d.outcome === 'rolled_back' ? d.to : d.from }));
}

/**
 * The controller feed of one websocket connection (`watch-controller` / `unwatch-controller`, server/protocol.ts):
 * a full frame on watch (status, the latest stored decisions, and the stored history as `series`), then at most one
 * frame per `coalesceMs` per controller with the new status and every decision since the previous frame. One manager
 * observer per connection while it watches anything; controllers that send no events (run by another process) are
 * followed by reading the store every `pollMs`. `close` releases everything.
 */
export class ControllerWatch {
  private readonly watched = new Map<string, Watched>();
  private unsubscribe: (() => void) | null = null;
  private cancelPoll: (() => void) | null = null;
  private readonly coalesceMs: number;
  private readonly pollMs: number;
  private readonly schedule: Schedule;

  constructor(
    private readonly controllers: ControllerFeedSource,
    private readonly send: (frame: ControllerFrame) => void,
    options: ControllerWatchOptions = {},
  ) {
    this.coalesceMs = options.coalesceMs ?? CONTROLLER_FRAME_COALESCE_MS;
    this.pollMs = options.pollMs ?? CONTROLLER_POLL_MS;
    this.schedule = options.schedule ?? timerSchedule;
  }

  /** Controllers watched now (tests check that unwatch and close release them). */
  get size(): number {
    return this.watched.size;
  }

  /** Whether a manager observer is held (released when nothing is watched). */
  get subscribed(): boolean {
    return this.unsubscribe !== null;
  }

  /**
   * Starts (or restarts) watching: sends the full frame now. Throws ToolError `not_found` for an unknown controller
   * and `busy` beyond {@link MAX_WATCHED_CONTROLLERS}.
   */
  watch(controllerId: string): void {
    const existing = this.watched.get(controllerId);
    if (!existing && this.watched.size >= MAX_WATCHED_CONTROLLERS) {
      throw new ToolError('busy', `this connection already watches ${this.watched.size} controllers, the limit per connection (${MAX_WATCHED_CONTROLLERS}); unwatch one first`, {
        details: { limit: MAX_WATCHED_CONTROLLERS, watched: this.watched.size, controller_id: controllerId },
      });
    }
    const status = this.controllers.status(controllerId);
    existing?.cancel?.();
    const history = this.controllers.decisions(controllerId, { limit: HISTORY_POINTS });
    const watched: Watched = { decisions: [], status: null, lastSeq: history.at(-1)?.seq ?? 0, live: false, sentStatus: JSON.stringify(status), cancel: null };
    this.watched.set(controllerId, watched);
    this.unsubscribe ??= this.controllers.addObserver({ decision: (d) => this.onDecision(d), status: (s) => this.onStatus(s) });
    this.cancelPoll ??= this.schedule(() => this.poll(), this.pollMs);
    const notable = history.filter((d) => d.outcome !== 'no_change').slice(-HISTORY_DECISIONS);
    this.send({ type: 'controller', controllerId, status, decisions: notable, series: pointsOf(history) });
  }

  unwatch(controllerId: string): void {
    this.watched.get(controllerId)?.cancel?.();
    this.watched.delete(controllerId);
    if (this.watched.size === 0) this.release();
  }

  close(): void {
    for (const w of this.watched.values()) w.cancel?.();
    this.watched.clear();
    this.release();
  }

  /**
   * Handles a controller frame of the websocket, if `raw` is one: returns false for any other frame (the chat
   * connection reads those). Errors go back as `error` frames through `fail`.
   */
  receive(raw: string, fail: (frame: Extract<ServerFrame, { type: 'error' }>) => void): boolean {
    if (raw.length > MAX_CONTROLLER_FRAME_CHARS || !raw.includes('-controller"')) return false;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return false;
    }
    const parsed = controllerClientFrameSchema.safeParse(json);
    if (!parsed.success) return false;
    const frame = parsed.data;
    if (frame.type === 'unwatch-controller') {
      this.unwatch(frame.controllerId);
      return true;
    }
    try {
      this.watch(frame.controllerId);
    } catch (error) {
      const e = toToolError(error);
      fail({ type: 'error', requestId: frame.requestId, errorText: e.message, code: e.code });
    }
    return true;
  }

  private release(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.cancelPoll?.();
    this.cancelPoll = null;
  }

  private onDecision(record: DecisionRecord): void {
    const watched = this.watched.get(record.controller_id);
    if (!watched) return;
    watched.live = true;
    watched.decisions.push(record);
    if (watched.decisions.length > MAX_FRAME_DECISIONS) watched.decisions.splice(0, watched.decisions.length - MAX_FRAME_DECISIONS);
    this.arm(record.controller_id, watched);
  }

  private onStatus(status: ControllerStatus): void {
    const watched = this.watched.get(status.id);
    if (!watched) return;
    watched.live = true;
    watched.status = status;
    this.arm(status.id, watched);
  }

  private arm(controllerId: string, watched: Watched): void {
    watched.cancel ??= this.schedule(() => this.flush(controllerId), this.coalesceMs);
  }

  private flush(controllerId: string): void {
    const watched = this.watched.get(controllerId);
    if (!watched) return;
    watched.cancel = null;
    try {
      const status = watched.status ?? this.controllers.status(controllerId);
      const decisions = watched.decisions.splice(0);
      this.sendFrame(controllerId, watched, status, decisions);
    } catch (error) {
      // A timer callback must not throw (it would end the process): a controller that cannot be read stops feeding.
      console.error(`tunechat: controller feed for ${controllerId} stopped:`, error);
      this.unwatch(controllerId);
    }
  }

  private sendFrame(controllerId: string, watched: Watched, status: ControllerStatus, decisions: DecisionRecord[]): void {
    watched.status = null;
    watched.sentStatus = JSON.stringify(status);
    const last = decisions.at(-1);
    if (last) watched.lastSeq = Math.max(watched.lastSeq, last.seq);
    this.send({ type: 'controller', controllerId, status, decisions });
  }

  /** Reads the store for watched controllers that sent no event since the last poll (another process runs them). */
  private poll(): void {
    this.cancelPoll = null;
    for (const [controllerId, watched] of [...this.watched]) {
      if (watched.live) {
        watched.live = false;
        continue;
      }
      try {
        const status = this.controllers.status(controllerId);
        const text = JSON.stringify(status);
        if (FINAL_STATES.has(status.state) && text === watched.sentStatus) continue;
        const decisions = this.controllers.decisions(controllerId, { after_seq: watched.lastSeq, limit: MAX_FRAME_DECISIONS });
        if (decisions.length === 0 && text === watched.sentStatus) continue;
        watched.cancel?.();
        watched.cancel = null;
        this.sendFrame(controllerId, watched, status, decisions);
      } catch (error) {
        console.error(`tunechat: controller feed for ${controllerId} stopped:`, error);
        this.unwatch(controllerId);
      }
    }
    if (this.watched.size > 0) this.cancelPoll = this.schedule(() => this.poll(), this.pollMs);
  }
}
