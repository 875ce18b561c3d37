import type { StoredChunkJson } from '../server/protocol.ts';
import { MessageBuilder, type ViewMessage } from './message-builder.ts';

/** Pauses longer than this are shortened in replays (a study may have run for minutes). */
export const MAX_REPLAY_PAUSE_MS = 3000;

/**
 * Plays a saved session from its stored chunks: user messages from the history, assistant messages rebuilt
 * chunk by chunk with the original timing divided by `speed` (`Infinity` = instant). `stop()` ends it early.
 */
export class ReplayPlayer {
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly history: ViewMessage[],
    private readonly chunks: StoredChunkJson[],
    private readonly onUpdate: (messages: ViewMessage[]) => void,
  ) {}

  async play(speed: number): Promise<void> {
    const users = this.history.filter((m) => m.role === 'user');
    const shown: ViewMessage[] = [];
    let turnId: string | null = null;
    let builder: MessageBuilder | null = null;
    let lastT = 0;
    let turnIndex = -1;
    for (const stored of this.chunks) {
      if (this.stopped) return;
      if (stored.turnId !== turnId) {
        builder?.finish();
        turnId = stored.turnId;
        turnIndex += 1;
        lastT = 0;
        const user = users[turnIndex];
        if (user) shown.push(user);
        builder = new MessageBuilder();
        shown.push(builder.message);
        this.onUpdate(shown);
      }
      const wait = Math.min((stored.tMs - lastT) / speed, MAX_REPLAY_PAUSE_MS);
      lastT = stored.tMs;
      if (wait >= 4) await this.sleep(wait);
      if (this.stopped) return;
      builder!.apply(stored.chunk);
      this.onUpdate(shown);
    }
    builder?.finish();
    this.onUpdate(shown);
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
