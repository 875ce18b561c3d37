import type { App, Logger, Receiver, ReceiverEvent } from '@slack/bolt';
import { verifySlackRequest } from '@slack/bolt';
import type { Context } from 'hono';

/** Why the bridge takes no events now: its state (`starting`, `retrying`, `off`, `stopped`) and a one-line reason with the fix. */
export interface SlackUnavailable {
  state: string;
  message: string;
}

/** Slack event payloads are a few KB; anything far larger is refused before its signature is even computed. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A Bolt `Receiver` served by the tunechat Hono app (one port for the web UI, the websocket and Slack).
 * `handle` is the `/slack/events` route: it verifies Slack's signature, answers `url_verification`, hands the
 * payload to Bolt without waiting for the listeners, and responds as soon as the listener acks (or after
 * `ackTimeoutMs`, always inside Slack's 3 s). Bad signatures and stale timestamps get 401 and run nothing.
 * While the bridge is not connected to Slack (`unavailable` returns a reason), authentic events get 503 with that
 * reason and run nothing (Slack redelivers them later); `url_verification` is still answered, it needs only the secret.
 */
export class HonoSlackReceiver implements Receiver {
  #app: App | null = null;
  readonly #signingSecret: string;
  readonly #ackTimeoutMs: number;
  readonly #now: () => number;
  readonly #logger: Logger;
  readonly #unavailable: () => SlackUnavailable | null;

  constructor(options: { signingSecret: string; ackTimeoutMs: number; now: () => number; logger: Logger; unavailable?: () => SlackUnavailable | null }) {
    this.#unavailable = options.unavailable ?? (() => null);
    this.#signingSecret = options.signingSecret;
    this.#ackTimeoutMs = options.ackTimeoutMs;
    this.#now = options.now;
    this.#logger = options.logger;
  }

  init(app: App): void {
    this.#app = app;
  }

  /** The Hono app owns the listening socket, so start/stop have nothing to do. */
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async handle(c: Context): Promise<Response> {
    if (Number(c.req.header('content-length') ?? 0) > MAX_BODY_BYTES) return c.json({ error: 'too_large', message: `body over ${MAX_BODY_BYTES} bytes` }, 413);
    const rawBody = await c.req.text();
    if (rawBody.length > MAX_BODY_BYTES) return c.json({ error: 'too_large', message: `body over ${MAX_BODY_BYTES} bytes` }, 413);
    const rejection = this.#verify(rawBody, c.req.header('x-slack-signature'), c.req.header('x-slack-request-timestamp'));
    if (rejection) {
      this.#logger.warn(`Slack request rejected: ${rejection}`);
      return c.json({ error: 'invalid_request', message: rejection }, 401);
    }
    const body = parseBody(rawBody, c.req.header('content-type') ?? '');
    if (!body) return c.json({ error: 'invalid_body', message: 'body is neither JSON nor form-encoded' }, 400);
    if (body.type === 'url_verification') return c.json({ challenge: body.challenge });
    if (body.ssl_check) return c.body(null, 200);
    if (!this.#app) return c.json({ error: 'not_ready', message: 'Slack app not initialised' }, 503);
    const unavailable = this.#unavailable();
    if (unavailable) return c.json({ error: 'slack_unavailable', ...unavailable }, 503);

    let acked: (response: unknown) => void = () => {};
    const ackPromise = new Promise<unknown>((resolve) => {
      acked = resolve;
    });
    const retryNum = c.req.header('x-slack-retry-num');
    const event: ReceiverEvent = {
      body,
      ack: async (response?: unknown) => acked(response),
      ...(retryNum === undefined ? {} : { retryNum: Number(retryNum) }),
      ...(c.req.header('x-slack-retry-reason') === undefined ? {} : { retryReason: c.req.header('x-slack-retry-reason') as string }),
    };
    // Listeners run after the response: a chat turn takes far longer than Slack's 3 s.
    this.#app.processEvent(event).catch((error: unknown) => this.#logger.error('Slack event processing failed', error));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const response = await Promise.race([
      ackPromise,
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), this.#ackTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (response === undefined || response === null || response === '') return c.body(null, 200);
    return typeof response === 'string' ? c.text(response, 200) : c.json(response as object, 200);
  }

  /** Null when the request is authentic and fresh, else the reason. Slack allows 5 minutes of skew both ways. */
  #verify(body: string, signature: string | undefined, timestamp: string | undefined): string | null {
    if (!signature || !timestamp) return 'missing x-slack-signature or x-slack-request-timestamp header';
    const timestampSec = Number(timestamp);
    const nowMs = this.#now();
    if (!Number.isFinite(timestampSec)) return `x-slack-request-timestamp is not a number: "${timestamp}"`;
    if (timestampSec > Math.floor(nowMs / 1000) + 300) return 'x-slack-request-timestamp is more than 5 minutes in the future';
    try {
      verifySlackRequest({
        signingSecret: this.#signingSecret,
        body,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestampSec },
        nowMilliseconds: nowMs,
      });
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
}

/** Events arrive as JSON; slash commands as form fields; interactive payloads as a form field `payload` holding JSON. */
function parseBody(raw: string, contentType: string): Record<string, any> | null {
  try {
    if (contentType.includes('application/x-www-form-urlencoded')) {
      const form = Object.fromEntries(new URLSearchParams(raw));
      return typeof form.payload === 'string' ? (JSON.parse(form.payload) as Record<string, any>) : form;
    }
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, any>) : null;
  } catch {
    return null;
  }
}
