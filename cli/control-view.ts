/**
 * The terminal view of a controller running in the foreground (`tunechat control start`). A TTY gets one line per
 * change, hold or refusal and a status line redrawn in place at the bottom; a pipe gets the same lines plus a status
 * line only when the state changes (no control characters). A hold or refusal repeated tick after tick (a cooldown)
 * is printed once. `--json` gets NDJSON, one object per decision (every
 * tick) and per status change, for scripts.
 */
import type { ControllerStatus, DecisionRecord } from '../tools/control/types.ts';
import { controllerSummary, decisionLine, isNotable, repeatKey } from '../web/control-text.ts';

/** What the view writes to (process.stdout, or a buffer in tests). */
export interface ViewOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ControlViewOptions {
  json?: boolean;
  /** Times in UTC (tests); default local time. */
  utc?: boolean;
}

const CLEAR_LINE = '\r\x1b[2K';

export class ControlTerminalView {
  private statusText = '';
  private lastState = '';
  private lastJsonStatus = '';
  private slo: ControllerStatus['slo'] | null = null;
  /** The repeat key of the last line printed: the same hold or refusal again (every tick of a cooldown) is not reprinted. */
  private lastKey: string | null = null;
  private readonly tty: boolean;

  constructor(
    private readonly out: ViewOutput,
    private readonly options: ControlViewOptions = {},
  ) {
    this.tty = out.isTTY === true && !options.json;
  }

  /** A line of text (the header, the ending), above the status line. */
  say(text: string): void {
    if (this.options.json) return;
    this.printAbove(text);
  }

  /** An event object on its own line (`--json` only). */
  event(object: Record<string, unknown>): void {
    if (this.options.json) this.out.write(`${JSON.stringify(object)}\n`);
  }

  decision(record: DecisionRecord): void {
    if (this.options.json) return this.event({ type: 'decision', ...record });
    if (!isNotable(record) || !this.slo) return;
    const key = repeatKey(record);
    const repeated = key !== null && key === this.lastKey;
    this.lastKey = key;
    if (repeated) return;
    this.printAbove(decisionLine(record, this.slo, this.options.utc ? { utc: true } : {}));
  }

  status(status: ControllerStatus): void {
    this.slo = status.slo;
    if (this.options.json) {
      const text = JSON.stringify({ type: 'status', ...status });
      if (text !== this.lastJsonStatus) this.out.write(`${text}\n`);
      this.lastJsonStatus = text;
      return;
    }
    const summary = `${status.id} ${controllerSummary(status)}`;
    if (this.tty) {
      this.statusText = this.fit(summary);
      this.out.write(`${CLEAR_LINE}${this.statusText}`);
    } else if (status.state !== this.lastState) {
      this.out.write(`${summary}${status.note ? ` (${status.note})` : ''}\n`);
    }
    this.lastState = status.state;
  }

  /** Leaves the status line as the last printed line (before the process prints its ending). */
  close(): void {
    if (this.tty && this.statusText) this.out.write('\n');
    this.statusText = '';
  }

  private printAbove(line: string): void {
    if (this.tty && this.statusText) this.out.write(`${CLEAR_LINE}${line}\n${this.statusText}`);
    else this.out.write(`${line}\n`);
  }

  private fit(text: string): string {
    const width = this.out.columns ?? 0;
    return width > 8 && text.length >= width ? `${text.slice(0, width - 2)}…` : text;
  }
}
