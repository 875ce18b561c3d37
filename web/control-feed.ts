import type { ControllerClientFrame, ControllerFrame, ControllerPointJson, ServerFrame } from '../server/protocol.ts';
import type { ControllerStatus, DecisionRecord } from '../tools/control/types.ts';
import { collapseRepeats, isNotable, repeatKey, valueAfter } from './control-text.ts';

/** Points a panel's chart keeps (15 min at one tick per second). */
export const MAX_POINTS = 900;
/** Decisions a panel's log keeps. */
export const MAX_LOG = 100;

/** What a subscriber sees of one controller. `version` grows with every change (charts redraw only then). */
export interface ControlState {
  status: ControllerStatus | null;
  /** Notable decisions (changes, holds, refusals, failures), oldest first; a run of the same hold or refusal is one entry. */
  log: LogEntry[];
  /** One point per tick: the SLO signal and the parameter's value. */
  points: ControllerPointJson[];
  /** When the last frame arrived (page clock), 0 before the first. */
  receivedAt: number;
  error: string | null;
  version: number;
}

/** A log entry: the latest decision of a run of the same hold or refusal, and how many the run has. */
export interface LogEntry {
  decision: DecisionRecord;
  repeated: number;
}

export type ControlListener = (state: ControlState) => void;

interface Watch {
  state: ControlState;
  listeners: Set<ControlListener>;
  requestId: string;
}

export interface ControlFeedDeps {
  send(frame: ControllerClientFrame): void;
  now?: () => number;
}

/**
 * The page's live view of controllers: one `watch-controller` subscription per controller however many cards show
 * it, a re-subscription after every reconnect (`resubscribeAll`; the full frame that follows replaces the history),
 * and the last listener leaving sends `unwatch-controller`.
 */
export class ControlFeed {
  private readonly watches = new Map<string, Watch>();
  private sequence = 0;

  constructor(private readonly deps: ControlFeedDeps) {}

  subscribe(controllerId: string, listener: ControlListener): () => void {
    let watch = this.watches.get(controllerId);
    if (!watch) {
      watch = { state: { status: null, log: [], points: [], receivedAt: 0, error: null, version: 0 }, listeners: new Set(), requestId: '' };
      this.watches.set(controllerId, watch);
      this.watch(controllerId, watch);
    } else if (watch.state.status || watch.state.error) {
      listener(watch.state);
    }
    watch.listeners.add(listener);
    return () => {
      const current = this.watches.get(controllerId);
      if (!current) return;
      current.listeners.delete(listener);
      if (current.listeners.size === 0) {
        this.watches.delete(controllerId);
        this.deps.send({ type: 'unwatch-controller', controllerId });
      }
    };
  }

  get(controllerId: string): ControlState | undefined {
    return this.watches.get(controllerId)?.state;
  }

  /** Controllers watched (one websocket subscription each). */
  get watching(): number {
    return this.watches.size;
  }

  /** After the websocket reconnects: the server forgot the subscriptions, so watch every controller again. */
  resubscribeAll(): void {
    for (const [id, watch] of this.watches) this.watch(id, watch);
  }

  /** Takes `controller` frames and the error frames of its own watch requests; returns whether the frame was the feed's. */
  onFrame(frame: ServerFrame): boolean {
    if (frame.type === 'controller') {
      const watch = this.watches.get(frame.controllerId);
      if (watch) this.accept(watch, frame);
      return true;
    }
    if (frame.type === 'error' && frame.requestId?.startsWith('wc-')) {
      const watch = [...this.watches.values()].find((w) => w.requestId === frame.requestId);
      if (watch) {
        watch.state.error = frame.errorText;
        watch.state.version += 1;
        for (const listener of [...watch.listeners]) listener(watch.state);
      }
      return true;
    }
    return false;
  }

  private watch(controllerId: string, watch: Watch): void {
    watch.requestId = `wc-${(this.sequence++).toString(36)}`;
    this.deps.send({ type: 'watch-controller', requestId: watch.requestId, controllerId });
  }

  private accept(watch: Watch, frame: ControllerFrame): void {
    const state = watch.state;
    if (frame.series) {
      // A full frame (after a watch): its series is the history; its decisions are for the log only.
      state.points = frame.series.slice(-MAX_POINTS);
      state.log = collapseRepeats(frame.decisions).slice(-MAX_LOG);
    } else {
      const known = state.points.at(-1)?.at ?? -Infinity;
      for (const d of frame.decisions) {
        if (d.at >= known) state.points.push({ at: d.at, slo_value: d.slo_value, value: valueAfter(d) });
        if (isNotable(d)) addToLog(state.log, d);
      }
      if (state.points.length > MAX_POINTS) state.points.splice(0, state.points.length - MAX_POINTS);
      if (state.log.length > MAX_LOG) state.log.splice(0, state.log.length - MAX_LOG);
    }
    state.status = frame.status;
    state.receivedAt = this.deps.now?.() ?? Date.now();
    state.error = null;
    state.version += 1;
    for (const listener of [...watch.listeners]) listener(state);
  }
}

/** Appends a notable decision; the same hold or refusal as the last entry replaces it and counts one more. */
function addToLog(log: LogEntry[], decision: DecisionRecord): void {
  const key = repeatKey(decision);
  const last = log.at(-1);
  if (key !== null && last && repeatKey(last.decision) === key) log[log.length - 1] = { decision, repeated: last.repeated + 1 };
  else log.push({ decision, repeated: 1 });
}
