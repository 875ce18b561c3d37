import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { tool, type ToolSet } from 'ai';
import { z } from 'zod';
import { createApp } from '../../../server/app.ts';
import type { TurnHub } from '../../../server/chat/turn-hub.ts';
import { closeServices, type Services } from '../../../server/services.ts';
import { hubRunTurn } from '../../../server/slack/hub-run-turn.ts';
import { createSlackBridge, type SlackBridge } from '../../../server/slack/slack-bridge.ts';
import type { SlackCallFailure } from '../../../server/slack/slack-call.ts';
import type { SlackBridgeOptions } from '../../../server/slack/defaults.ts';
import { signedHeaders, SlackStub } from './slack-stub.ts';

export const SECRET = 'test-signing-secret';

/** A tool small enough for bridge tests. */
export const testTools: ToolSet = {
  add: tool({
    description: 'adds two numbers',
    inputSchema: z.object({ a: z.number(), b: z.number() }),
    execute: async ({ a, b }) => ({ sum: a + b }),
  }),
};

export interface SlackHarness {
  stub: SlackStub;
  bridge: SlackBridge;
  services: Services;
  url: string;
  failures: SlackCallFailure[];
  post(body: unknown, options?: { headers?: Record<string, string>; form?: boolean; timestampSec?: number }): Promise<Response>;
  close(): Promise<void>;
}

/** The real app on 127.0.0.1:0 with the Slack bridge mounted, talking to a Slack stub on 127.0.0.1:0. */
export async function startSlackHarness(
  services: Services,
  options: Partial<SlackBridgeOptions> = {},
  allowedUsers: string[] = [],
  prepare: (stub: SlackStub) => void = () => {},
  /** `tools: 'real'` gives turns the agent's real toolset (security tests); `allowTypedCommands` is SLACK_ALLOW_TYPED_COMMANDS. */
  setup: { tools?: ToolSet | 'real'; allowTypedCommands?: boolean } = {},
): Promise<SlackHarness> {
  const stub = await SlackStub.start();
  prepare(stub);
  const failures: SlackCallFailure[] = [];
  let hub: TurnHub | null = null;
  const bridge = createSlackBridge({
    services,
    config: { botToken: 'xoxb-test', signingSecret: SECRET, appToken: null, apiUrl: stub.url, allowedUsers, allowTypedCommands: setup.allowTypedCommands ?? false },
    publicUrl: 'http://tunechat.test',
    runTurn: hubRunTurn(() => hub), // the wiring server/main.ts uses
    options: {
      replyIntervalMs: 20, progressIntervalMs: 20, retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 50 }, pacing: {},
      connect: { attemptTimeoutMs: 5000, minBackoffMs: 20, maxBackoffMs: 100, factor: 2 },
      ...options,
    },
    logger: silentLogger(),
    onFailure: (f) => failures.push(f),
  });
  await bridge.start(); // what server/main.ts does: auth.test (and retries) before events are taken
  const created = createApp({ services, slack: bridge, ...(setup.tools === 'real' ? {} : { tools: setup.tools ?? testTools }) });
  const { app, shutdown } = created;
  hub = created.hub;
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    stub,
    bridge,
    services,
    url,
    failures,
    async post(body, o = {}) {
      const raw = o.form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body);
      return fetch(`${url}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': o.form ? 'application/x-www-form-urlencoded' : 'application/json',
          ...signedHeaders(SECRET, raw, o.timestampSec),
          ...o.headers,
        },
        body: raw,
      });
    },
    async close() {
      await bridge.stop();
      await shutdown();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await stub.close();
      await closeServices(services);
      services.db.close();
    },
  };
}

export function mentionEvent(options: { eventId: string; ts: string; text: string; threadTs?: string; channel?: string }) {
  return {
    type: 'event_callback',
    team_id: 'T1',
    api_app_id: 'A1',
    event_id: options.eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'app_mention',
      user: 'U1',
      team: 'T1',
      text: `<@UBOT> ${options.text}`,
      ts: options.ts,
      channel: options.channel ?? 'C1',
      event_ts: options.ts,
      ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
    },
  };
}

function silentLogger() {
  const noop = () => {};
  return { debug: noop, info: noop, warn: noop, error: noop, setLevel: noop, getLevel: () => 'error' as never, setName: noop };
}
