import type { ControllerClientFrame, ServerFrame } from '../server/protocol.ts';
import { ControlFeed } from './control-feed.ts';
import { ControlPanel } from './control-panel.ts';

export interface ControlCardsDeps {
  send(frame: ControllerClientFrame): void;
  /** Sends a chat message as if typed in the composer (the panel's Stop). */
  submit(text: string): void;
  now?: () => number;
}

/**
 * The controller panels of the chat, mounted into the placeholders that controller tool cards render
 * (control-placeholders.ts). `hydrate(root)` runs after every render, as the study cards' does: a placeholder whose
 * panel exists already (its message re-rendered) gets the same element moved in, so the chart keeps its state;
 * panels no longer in the page are destroyed (their feed subscription ends). The app hands it every frame
 * (`onFrame` says whether the frame was the feed's) and calls `feed.resubscribeAll()` after a reconnect.
 */
export class ControlCards {
  readonly feed: ControlFeed;
  private readonly mounted = new Map<string, ControlPanel>();

  constructor(private readonly deps: ControlCardsDeps) {
    this.feed = new ControlFeed({ send: deps.send, ...(deps.now ? { now: deps.now } : {}) });
  }

  onFrame(frame: ServerFrame): boolean {
    return this.feed.onFrame(frame);
  }

  hydrate(root: HTMLElement): void {
    const seen = new Set<string>();
    root.querySelectorAll<HTMLElement>('.control-live[data-mount][data-controller-id]').forEach((placeholder) => {
      const key = placeholder.dataset.mount!;
      seen.add(key);
      let panel = this.mounted.get(key);
      if (!panel) {
        panel = new ControlPanel(placeholder.dataset.controllerId!, { feed: this.feed, submit: this.deps.submit, ...(this.deps.now ? { now: this.deps.now } : {}) }, { compact: placeholder.dataset.compact === '1' });
        this.mounted.set(key, panel);
      }
      if (placeholder.firstElementChild !== panel.el || placeholder.childElementCount !== 1) {
        placeholder.replaceChildren(panel.el);
        panel.attached();
      }
    });
    for (const [key, panel] of this.mounted) {
      if (!seen.has(key) && !panel.el.isConnected) {
        panel.destroy();
        this.mounted.delete(key);
      }
    }
  }
}
