import type { ConnectionState } from './connection.ts';

/** What the banner needs to know about the socket (web/connection.ts Connection satisfies it). */
export interface ConnectionStatus {
  state: ConnectionState;
  reconnectAttempt: number;
  retryAt: number | null;
}

/**
 * The banner text while the page is not connected, or null when no banner should show: connected, or the very
 * first connect still in progress. "Disconnected — reconnecting in 3 s… (attempt 2)"; during an attempt,
 * "Disconnected — reconnecting… (attempt 2)". Pure (the time is passed in).
 */
export function disconnectedText(status: ConnectionStatus, now: number): string | null {
  if (status.state === 'open') return null;
  if (status.reconnectAttempt === 0) return null;
  const attempt = ` (attempt ${status.reconnectAttempt})`;
  if (status.state === 'closed' && status.retryAt !== null) {
    const seconds = Math.max(1, Math.ceil((status.retryAt - now) / 1000));
    return `Disconnected — reconnecting in ${seconds} s…${attempt}`;
  }
  return `Disconnected — reconnecting…${attempt}`;
}

/**
 * A visible banner while disconnected, with the reconnect countdown and a "Reconnect now" button; gone once
 * connected. `update` is called on every state change; a 1 s timer runs only while the banner shows.
 */
export class ConnectionBanner {
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly text: HTMLSpanElement;

  constructor(
    private readonly node: HTMLElement,
    private readonly status: ConnectionStatus,
    reconnectNow: () => void,
    private readonly now: () => number = Date.now,
  ) {
    node.setAttribute('role', 'status');
    node.hidden = true;
    this.text = document.createElement('span');
    this.text.className = 'conn-banner-text';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'conn-banner-retry';
    button.textContent = 'Reconnect now';
    button.addEventListener('click', reconnectNow);
    node.replaceChildren(this.text, button);
  }

  update(): void {
    const text = disconnectedText(this.status, this.now());
    this.node.hidden = text === null;
    if (text !== null) this.text.textContent = text;
    if (text !== null && this.timer === null) this.timer = setInterval(() => this.update(), 1000);
    if (text === null && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}
