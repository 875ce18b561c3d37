import type { ClientFrame, ServerFrame } from '../server/protocol.ts';

export type ConnectionState = 'connecting' | 'open' | 'closed';

/** Time and randomness for the backoff, injectable so a test can pin them. */
export interface ConnectionOptions {
  now?: () => number;
  random?: () => number;
  /**
   * Called when a socket closes without ever opening: the upgrade may have been refused for a missing login (a
   * browser cannot see the 401), so the app checks and goes to the login page (web/auth-redirect.ts checkLogin).
   */
  onNeverOpened?: () => void;
}

/**
 * The page's websocket to `/ws`. Reconnects with exponential backoff (0.5 s doubling to 10 s, with jitter);
 * frames sent while disconnected wait in a queue. `onOpen` runs after every (re)connect so the app can `resume`.
 */
export class Connection {
  private socket: WebSocket | null = null;
  private queue: string[] = [];
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly onNeverOpened: () => void;
  state: ConnectionState = 'closed';
  /** When the next automatic reconnect starts (epoch ms), while one is scheduled; else null. */
  retryAt: number | null = null;

  constructor(
    private readonly url: string,
    private readonly handlers: { onFrame(frame: ServerFrame): void; onOpen(reconnect: boolean): void; onState(state: ConnectionState): void },
    options: ConnectionOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.onNeverOpened = options.onNeverOpened ?? (() => {});
  }

  /** Reconnect attempts since the socket was last open (0 while connected or before the first failure). */
  get reconnectAttempt(): number {
    return this.attempt;
  }

  connect(): void {
    if (this.socket) return;
    this.setState('connecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    const reconnect = this.attempt > 0;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.attempt = 0;
      this.setState('open');
      this.handlers.onOpen(reconnect);
      for (const frame of this.queue.splice(0)) socket.send(frame);
    };
    socket.onmessage = (event) => {
      try {
        this.handlers.onFrame(JSON.parse(String(event.data)) as ServerFrame);
      } catch (error) {
        console.error('bad frame', error);
      }
    };
    socket.onclose = () => {
      this.socket = null;
      if (!opened) this.onNeverOpened();
      // Schedule first, so listeners of the `closed` state can read `retryAt` and `reconnectAttempt`.
      this.scheduleReconnect();
      this.setState('closed');
    };
    socket.onerror = () => socket.close();
  }

  send(frame: ClientFrame): void {
    const text = JSON.stringify(frame);
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(text);
    else {
      this.queue.push(text);
      this.connect();
    }
  }

  /** Reconnects at once (e.g. when the browser reports it is back online) instead of waiting for the backoff. */
  reconnectNow(): void {
    if (this.socket) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.retryAt = null;
    this.connect();
  }

  /** Closes the socket as a network failure would (used by tests and the "reconnect" affordance). */
  drop(): void {
    this.socket?.close();
  }

  private scheduleReconnect(): void {
    if (this.timer) return;
    const delay = Math.min(10_000, 500 * 2 ** this.attempt) * (0.75 + this.random() * 0.5);
    this.attempt += 1;
    this.retryAt = this.now() + delay;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.retryAt = null;
      this.connect();
    }, delay);
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    this.handlers.onState(state);
  }
}
