import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { openDatabase } from '../db/open.ts';
import { systemClock } from '../tools/common/clock.ts';
import { createModel } from './agent/model.ts';
import { loadUnderstanding } from './agent/offline-model/understanding/load-understanding.ts';
import { createApp } from './app.ts';
import type { TurnHub } from './chat/turn-hub.ts';
import { hubRunTurn } from './slack/hub-run-turn.ts';
import { createSlackBridge } from './slack/slack-bridge.ts';
import { loadConfig, type Config } from './config.ts';
import { recoverAfterCrash } from './recover-after-crash.ts';
import { authSummary, checkListenAuth } from './security/auth-mode.ts';
import { closeServices, createServices, type Services } from './services.ts';
import type { DistributedTrials } from '../tools/distributed/distributed-trials.ts';
import { redactRedisUrl } from '../tools/distributed/queue-options.ts';

export interface RunningServer {
  url: string;
  services: Services;
  /** What the start-up banner prints about authentication: a summary line, then loud warnings (if any). */
  authBanner: string[];
  /** Stops accepting connections, aborts running turns (keeping their partial answers), closes services and the DB. */
  stop(): Promise<void>;
}

/**
 * Opens the database, recovers from a crash of the previous server (recover-after-crash.ts), builds the services and
 * the app, resumes interrupted studies, and listens on
 * `config.host:config.port`. What `npm start` and `tunechat serve` run.
 */
export async function startServer(config: Readonly<Config>): Promise<RunningServer> {
  // Before anything opens: beyond loopback without authentication only with the operator's explicit override.
  const authWarnings = checkListenAuth(config);
  const db = openDatabase(config.dbPath);
  // After a crash: stop the orphaned trial/bench process groups and restore interrupted answers, before studies resume.
  const { processGroups } = await recoverAfterCrash({ db, clock: systemClock, log: (line) => console.log(line) });
  const services = createServices({ db, clock: systemClock, config, model: createModel(config.model), processGroups });
  // Studies a dead server left running resume now; those that cannot stay `interrupted` with the reason (the Studies
  // view offers "Resume", POST /api/studies/:id/resume), and the next restart tries them again.
  const resumed = await services.studies.resumeInterrupted();
  if (resumed.length > 0) console.log(`tunechat: resumed ${resumed.length} interrupted ${resumed.length === 1 ? 'study' : 'studies'} (${resumed.join(', ')})`);
  // Controllers a dead (or shut down) server left running resume too: each reads the service's value first and notes what
  // it found; one whose service does not answer holds (tools/control/controller-manager.ts resumeInterrupted).
  for (const controller of await services.controllers.resumeInterrupted()) console.log(`tunechat: resumed controller ${controller.id} (${controller.parameter} on ${controller.target}): ${controller.note ?? controller.state}`);
  let hub: TurnHub | null = null;
  const slack = config.slack ? createSlackBridge({ services, config: config.slack, publicUrl: config.publicUrl, runTurn: hubRunTurn(() => hub) }) : null;
  const created = createApp({ services, slack, processMetrics: true });
  const { app, injectWebSocket, shutdown } = created;
  hub = created.hub;
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(s));
    s.once('error', reject);
  });
  injectWebSocket(server);
  await slack?.start(); // auth.test (Socket Mode: then connects); never throws: on failure the bridge stays off or retries
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let stopping: Promise<void> | null = null;
  const hasUsers = services.iam.hasUsers();
  return {
    url: `http://${host}:${port}`,
    services,
    authBanner: [authSummary(config, hasUsers), ...authWarnings],
    stop: () =>
      (stopping ??= (async () => {
        server.close();
        await shutdown();
        await slack?.stop(); // after the turns were aborted: sends their last Slack edits
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        await closeServices(services);
        db.close();
      })()),
  };
}

/** Runs the server until SIGINT/SIGTERM, then shuts down cleanly. Returns the process exit code. */
export async function runServer(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const config = loadConfig(env);
  const running = await startServer(config);
  console.log(`tunechat listening on ${running.url} (model: ${config.model.kind}, db: ${config.dbPath})`);
  if (running.services.queue) console.log(`tunechat: ${await queueBanner(running.services.queue, config.queue!.byDefault)}`);
  for (const line of running.authBanner) (line.startsWith('WARNING') ? console.warn : console.log)(`tunechat: ${line}`);
  // The offline model's understanding (word vectors, tfjs — it logs "tfjs backend: …" with the reason — and the encoder
  // weights) loads now rather than on the first message; a failure only means the keyword fallback (logged, never fatal).
  if (config.model.kind === 'local') {
    void loadUnderstanding().then(
      (understanding) => console.log(`offline model: ${understanding.name} understanding loaded`),
      (error: unknown) => console.log(`offline model: the graph understanding did not load (${(error as Error).message}); the keyword rules answer instead`),
    );
  }
  await new Promise<void>((resolve) => {
    const onSignal = (signal: string) => {
      console.log(`\ntunechat: ${signal}, shutting down`);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  await running.stop();
  return 0;
}

/** The start-up line about distributed trials: where, whether by default, and whether Redis answers now (never fatal). */
async function queueBanner(queue: DistributedTrials, byDefault: boolean): Promise<string> {
  const where = `distributed trials on ${redactRedisUrl(queue.url)} (${byDefault ? 'studies of named targets run on `tunechat worker` processes unless they set distributed: false' : 'for studies that set distributed: true'})`;
  try {
    const workers = await queue.ready().then(() => queue.knownWorkers());
    return `${where}; ${workers.length} worker${workers.length === 1 ? '' : 's'} connected`;
  } catch (error) {
    return `${where}; WARNING: ${(error as Error).message}; distributed studies are refused until it answers`;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runServer().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`tunechat: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
