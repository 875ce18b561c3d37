import type { LanguageModel } from 'ai';
import type { Clock } from '../tools/common/clock.ts';
import type { ProcessGroupRecorder } from '../tools/common/process-group-recorder.ts';
import type { Db } from '../db/open.ts';
import type { Config } from './config.ts';
import { SqliteStudyStorage } from '../db/study-storage.ts';
import { StudyManager } from '../tools/optimizer/study-manager.ts';
import { BenchStore } from '../db/bench-store.ts';
import { BenchService } from '../tools/bench/bench-service.ts';
import { ImportedRows } from '../db/imported-rows.ts';
import { CommandConfirmations } from '../tools/common/command-confirmations.ts';
import { TargetStore } from '../db/target-store.ts';
import { TargetRegistry } from '../tools/targets/target-registry.ts';
import { BuiltinProblems } from '../tools/targets/builtin-problems.ts';
import { RuleStore } from '../db/rule-store.ts';
import { RuleService } from '../tools/rules/rule-service.ts';
import { ControllerStore } from '../db/controller-store.ts';
import { ControllerManager } from '../tools/control/controller-manager.ts';
import { createRulesBridge } from '../tools/control/policies/rules-bridge.ts';
import { IamStore } from '../db/iam-store.ts';
import { AuditStore } from '../db/audit-store.ts';
import { Authorizer } from '../tools/iam/authorizer.ts';
import { DistributedTrials } from '../tools/distributed/distributed-trials.ts';

/**
 * The long-lived services of one tunechat process, built once from the injected database, clock and
 * config, and shared by the HTTP server, the agent's tools, the CLI and the Slack bridge.
 * Each engine adds its service here (one field + one line in `createServices`).
 */
export interface Services {
  db: Db;
  clock: Clock;
  config: Readonly<Config>;
  /** The chat model (offline by default; see server/agent/model.ts). */
  model: LanguageModel;
  /** Optimizer studies: start/status/wait/stop/best, events, crash resume (tools/optimizer/study-manager.ts). */
  studies: StudyManager;
  /** Benchmarks: run, store, compare; `on` publishes bench-end events (tools/bench/bench-service.ts). */
  bench: BenchService;
  /** Targets by name: registered (SQLite) > tunechat.json > builtin problems (tools/targets/target-registry.ts). */
  targets: TargetRegistry;
  /** Rule engine: rules and alerts (SQLite), Study/Trial/BenchResult facts, `onAlert` (tools/rules/rule-service.ts). */
  rules: RuleService;
  /** Destructive-looking commands waiting for the user's "yes" (tools/common/command-confirmations.ts). */
  confirmations: CommandConfirmations;
  /** Live feedback controllers: start/status/stop, decisions (SQLite), observers, restart resume (tools/control/controller-manager.ts). */
  controllers: ControllerManager;
  /** Users, groups, tokens, managed policies with versions, attachments, the Slack map (db/iam-store.ts; built-ins ensured). */
  iam: IamStore;
  /** The hash-chained audit of every policy decision (db/audit-store.ts). */
  audit: AuditStore;
  /** The decision point of every tool call and REST route, and the simulator (tools/iam/authorizer.ts). */
  authorizer: Authorizer;
  /** Trials on workers through Redis (tools/distributed/distributed-trials.ts); absent without TUNECHAT_REDIS_URL. */
  queue?: DistributedTrials;
}

export interface ServiceDeps {
  db: Db;
  clock: Clock;
  config: Readonly<Config>;
  model: LanguageModel;
  /** tunechat.json files or directories with targets (default: the working directory). */
  targetFiles?: string[];
  /** Records trial and bench process groups (the server passes db/process-group-store.ts); default: not recorded. */
  processGroups?: ProcessGroupRecorder;
}

export function createServices(deps: ServiceDeps): Services {
  const { db, clock, config, model } = deps;
  const processGroups = deps.processGroups ? { processGroups: deps.processGroups } : {};
  const bench = new BenchService({ store: new BenchStore(db), clock, allowedHosts: config.allowedHosts, ...processGroups });
  const imported = new ImportedRows(db);
  const queue = config.queue ? new DistributedTrials({ queue: config.queue.options, byDefault: config.queue.byDefault, now: () => clock.now() }) : undefined;
  const studies = new StudyManager({ ...(queue ? { remote: queue } : {}), storage: new SqliteStudyStorage(db), clock, allowedHosts: config.allowedHosts, limits: config.limits, targetServices: { bench, ...processGroups }, isImported: (id) => imported.has('studies', id) });
  const targets = new TargetRegistry({ store: new TargetStore(db, () => clock.now()), files: deps.targetFiles ?? [process.cwd()], builtins: new BuiltinProblems() });
  const rules = new RuleService({
    store: new RuleStore(db, () => clock.now()), clock, studies, bench,
    imported: { has: (id) => imported.has('rules', id), clear: (id) => imported.clear('rules', id) },
  });
  const controllers = new ControllerManager({ store: new ControllerStore(db), clock, targets, allowedHosts: config.allowedHosts, rules: createRulesBridge(rules), bench });
  const iam = new IamStore(db, { now: () => clock.now() });
  iam.ensureBuiltins();
  const audit = new AuditStore(db);
  const authorizer = new Authorizer({ store: iam, audit, clock, slackTypedCommandsAllowed: config.slack?.allowTypedCommands ?? false });
  return { db, clock, config, model, studies, bench, targets, rules, confirmations: new CommandConfirmations(() => clock.now()), controllers, iam, audit, authorizer, ...(queue ? { queue } : {}) };
}

/**
 * Stops background work (running studies, load tests, controller loops) so the process can exit cleanly. Controllers
 * stop without touching their services and are stored `interrupted`: the next start resumes them.
 */
export async function closeServices(services: Services): Promise<void> {
  await services.controllers.close();
  services.rules.close();
  await services.studies.close();
  await services.queue?.close();
  services.bench.close();
}
