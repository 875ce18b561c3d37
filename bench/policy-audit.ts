/**
 * The audit half of `npm run bench:policy`: what writing the decision costs on the path of every tool call.
 * - `AuditStore.append` on a file database in a temp dir, opened as the server opens it (`openDatabase`: WAL,
 *   synchronous NORMAL), rows shaped like real ones (a tool call's context, matched statements, versions);
 * - a no-op tool (`start_study` whose execute returns at once) called bare and through `authorizeTools` with the
 *   real Authorizer (policy set cached, evaluation, global keys, masking, audit row): the difference of the p50s is
 *   what authorization plus audit adds to a tool call.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ToolSet } from 'ai';
import { AuditStore } from '../db/audit-store.ts';
import { openDatabase } from '../db/open.ts';
import { systemClock } from '../tools/common/clock.ts';
import { Authorizer } from '../tools/iam/authorizer.ts';
import { authorizeTools } from '../tools/iam/authorize-tools.ts';
import { compilePolicies } from '../tools/iam/evaluator.ts';
import type { AuthzRequest, PolicySource, Principal } from '../tools/iam/types.ts';
import { timeAsyncCalls, timeCalls, type Latency } from './policy-measure.ts';

export interface AuditMeasurement {
  append: Latency;
  toolBare: Latency;
  toolAuthorized: Latency;
  /** toolAuthorized.p50 − toolBare.p50. */
  addedP50Us: number;
  addedP99Us: number;
}

const PRINCIPAL: Principal = { type: 'user', name: 'team3-user1', arn: 'tunechat:user/team3-user1', groups: ['team3', 'tuners'], tags: { team: 'team3' } };

/** `sources` is the policy set the principal has (the bench passes its 100-statement set); one Allow is added for the tool. */
export async function measureAudit(options: { sources: PolicySource[]; sample: AuthzRequest; writes: number }): Promise<AuditMeasurement> {
  const dir = mkdtempSync(join(tmpdir(), 'tunechat-bench-policy-'));
  const db = openDatabase(join(dir, 'audit.db'));
  try {
    const audit = new AuditStore(db);
    const { sample } = options;
    const result = compilePolicies(options.sources).evaluate(sample);
    const row = {
      at: 0,
      principal: PRINCIPAL.arn,
      source: 'web' as const,
      source_ip: '10.3.0.7',
      action: sample.action,
      resource: sample.resource,
      context: { ...sample.context },
      decision: result.decision,
      matched: result.matched,
      versions: options.sources.map((s) => ({ policy: s.policy, version: s.version })),
    };
    const append = timeCalls(options.writes, (i) => void audit.append({ ...row, decision_id: `d-bench-${i}`, at: Date.now() }), { warmup: 0 });

    const allow: PolicySource = { policy: 'bench-allow', version: 'v1', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'optimizer:StartStudy', Resource: 'tunechat:target/team3-*' }] } };
    const sources = [...options.sources, allow];
    // Only what the Authorizer reads of the store: the revision (cache key) and the principal's policies.
    const store = { revision: () => 1, policiesFor: () => sources } as unknown as ConstructorParameters<typeof Authorizer>[0]['store'];
    const authorizer = new Authorizer({ store, audit, clock: systemClock, slackTypedCommandsAllowed: false });
    const noop = { start_study: { description: 'no-op', inputSchema: {}, execute: async () => ({ ok: true }) } } as unknown as ToolSet;
    const wrapped = authorizeTools(noop, { authorizer, principal: PRINCIPAL, origin: { source: 'web', sourceIp: '10.3.0.7' }, env: { sessionId: 's-bench', hostAllowed: () => true, slackTypedCommandsAllowed: false } });
    const input = { target: 'team3-target1', trials: 100, parallel: 2, sampler: 'tpe' };
    const callOptions = { toolCallId: 'c', messages: [] };
    const bare = noop.start_study!.execute!;
    const guarded = wrapped.start_study!.execute!;
    const first = (await guarded(input, callOptions)) as { ok?: boolean };
    if (first.ok !== true) throw new Error(`the authorized no-op call was refused: ${JSON.stringify(first)}`);
    const calls = Math.max(1000, Math.floor(options.writes / 2));
    const toolBare = await timeAsyncCalls(calls, () => bare(input, callOptions) as Promise<unknown>, { warmup: 1000 });
    const toolAuthorized = await timeAsyncCalls(calls, () => guarded(input, callOptions) as Promise<unknown>, { warmup: 1000 });
    return { append, toolBare, toolAuthorized, addedP50Us: toolAuthorized.p50Us - toolBare.p50Us, addedP99Us: toolAuthorized.p99Us - toolBare.p99Us };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
