/**
 * The IAM services as the CLI uses them: the local database opened directly, acting as the operator (whoever can
 * run the CLI on this machine can read the database file anyway). Built with createServices so the CLI and the
 * server share one construction of the stores and the authorizer.
 */
import { openDatabase } from '../db/open.ts';
import { createModel } from '../server/agent/model.ts';
import { loadConfig } from '../server/config.ts';
import { closeServices, createServices } from '../server/services.ts';
import { systemClock } from '../tools/common/clock.ts';
import type { AuditStoreApi, IamStoreApi, PolicyDocument, Principal, SimulationInput, SimulationResult } from '../tools/iam/types.ts';

/** The simulator half of tools/iam/authorizer.ts (IAM's SimulatePrincipalPolicy / SimulateCustomPolicy). */
export interface IamSimulator {
  simulateFor(principal: Principal, input: SimulationInput): SimulationResult[];
  simulateCustom(documents: PolicyDocument[], input: SimulationInput): SimulationResult[];
}

export interface IamCli {
  iam: IamStoreApi;
  audit: AuditStoreApi;
  authorizer: IamSimulator;
  close(): Promise<void>;
}

/** Opens the database at `dbPath` (default TUNECHAT_DB or ./data/tunechat.db) with the IAM stores. */
export function openIamCli(dbPath?: string): IamCli {
  const config = loadConfig(process.env);
  const db = openDatabase(dbPath ?? config.dbPath);
  const services = createServices({ db, clock: systemClock, config, model: createModel(config.model) });
  return {
    iam: services.iam,
    audit: services.audit,
    authorizer: services.authorizer,
    close: async () => {
      await closeServices(services);
      db.close();
    },
  };
}
