import { ToolError } from '../../tools/common/errors.ts';
import { readStudy } from '../../tools/iam/catalog-calls.ts';
import { named } from '../../tools/iam/catalog-resources.ts';
import type { ToolAuthEnv } from '../../tools/iam/catalog-tools.ts';
import type { CallAuthorization } from '../../tools/iam/types.ts';
import { studyView, trialView } from '../../tools/optimizer/study-view.ts';
import type { Services } from '../services.ts';

/** Newest studies and benchmark runs an index resource (and `resources/list`) shows. */
export const INDEX_LIMIT = 50;

type Params = Readonly<Record<string, string>>;

/**
 * One kind of MCP resource: a fixed URI (an index) or a URI template (RFC 6570 level 1: `{name}` is one path
 * segment), the IAM action reading it performs (its catalog entry lists the template under `also`), the decision
 * input, and the JSON it reads. Reads are authorized like the tools that read the same data: a study as
 * `study_status` (optimizer:ReadStudy with its target), a rule as `explain_rule`.
 */
export interface ResourceKind {
  uri: string;
  name: string;
  title: string;
  description: string;
  action: string;
  calls(params: Params, env: ToolAuthEnv): CallAuthorization[];
  read(services: Services, params: Params): unknown;
}

const call = (action: string, resource: string): CallAuthorization[] => [{ action, resource, context: {} }];

export const RESOURCE_KINDS: readonly ResourceKind[] = Object.freeze([
  {
    uri: 'tunechat://studies',
    name: 'studies',
    title: 'Studies',
    description: `The ${INDEX_LIMIT} most recently updated optimization studies (id, name, target, status, uri).`,
    action: 'optimizer:ListStudies',
    calls: () => call('optimizer:ListStudies', '*'),
    read: (services) => ({ studies: recentStudies(services) }),
  },
  {
    uri: 'tunechat://study/{study_id}',
    name: 'study',
    title: 'Study',
    description: "A study's state as the web UI shows it: objectives, trial counts, best trial or Pareto front, time.",
    action: 'optimizer:ReadStudy',
    calls: (params, env) => readStudy({ study_id: params.study_id }, env),
    read: (services, params) => studyView(services.studies, params.study_id!),
  },
  {
    uri: 'tunechat://study/{study_id}/trials',
    name: 'study-trials',
    title: 'Study trials',
    description: "Every trial of a study: number, state, params, objective values, intermediate reports, times, errors.",
    action: 'optimizer:ReadStudy',
    calls: (params, env) => readStudy({ study_id: params.study_id }, env),
    read: (services, params) => ({ study_id: params.study_id, trials: services.studies.trials(params.study_id!).map(trialView) }),
  },
  {
    uri: 'tunechat://bench-runs',
    name: 'bench-runs',
    title: 'Benchmark runs',
    description: `The ${INDEX_LIMIT} newest benchmark runs (id, kind, label, time, uri).`,
    action: 'bench:ReadRuns',
    calls: () => call('bench:ReadRuns', '*'),
    read: (services) => ({ runs: recentRuns(services) }),
  },
  {
    uri: 'tunechat://bench/{run_id}',
    name: 'bench-run',
    title: 'Benchmark run',
    description: 'One benchmark run: its configuration and full result (statistics, percentiles, raw samples, errors).',
    action: 'bench:ReadRuns',
    calls: (params) => call('bench:ReadRuns', named('bench-run', params.run_id ?? null)),
    read: (services, params) => {
      const run = services.bench.get(params.run_id!);
      if (!run) throw new ToolError('not_found', `benchmark run "${params.run_id}" does not exist; tunechat://bench-runs lists them`, { details: { run_id: params.run_id } });
      return run;
    },
  },
  {
    uri: 'tunechat://rules',
    name: 'rules',
    title: 'Rules',
    description: 'Every rule of the rule engine: its JSON, version, whether enabled, how many facts match it now.',
    action: 'rules:ReadRules',
    calls: () => call('rules:ReadRules', '*'),
    read: (services) => ({ rules: services.rules.listRules() }),
  },
  {
    uri: 'tunechat://rule/{rule_id}',
    name: 'rule',
    title: 'Rule',
    description: 'One rule with the explanation of its conditions (which match, which do not, and why).',
    action: 'rules:ReadRules',
    calls: (params) => call('rules:ReadRules', named('rule', params.rule_id ?? null)),
    read: (services, params) => {
      const listing = services.rules.listRules().find((r) => r.rule_id === params.rule_id);
      if (!listing) throw new ToolError('not_found', `rule "${params.rule_id}" does not exist; tunechat://rules lists them`, { details: { rule_id: params.rule_id } });
      return { ...listing, explanation: services.rules.explain(params.rule_id!) };
    },
  },
]);

/** The kind a URI belongs to and its parameters (percent-decoded), or null. */
export function matchResource(uri: string): { kind: ResourceKind; params: Params } | null {
  for (const kind of RESOURCE_KINDS) {
    const names: string[] = [];
    const pattern = kind.uri.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, name: string) => (names.push(name), '([^/?#]{1,200})'));
    const match = new RegExp(`^${pattern}$`).exec(uri);
    if (!match) continue;
    const params: Record<string, string> = {};
    try {
      names.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1]!)));
    } catch {
      return null;
    }
    return { kind, params };
  }
  return null;
}

export function recentStudies(services: Services) {
  return services.studies
    .list()
    .sort((a, b) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id))
    .slice(0, INDEX_LIMIT)
    .map((r) => ({ id: r.id, name: r.name, target: r.spec.targetName ?? null, status: r.status, updated_at: new Date(r.updatedAt).toISOString(), uri: `tunechat://study/${encodeURIComponent(r.id)}` }));
}

export function recentRuns(services: Services) {
  return services.bench
    .list({ limit: INDEX_LIMIT })
    .map((r) => ({ id: r.id, kind: r.kind, label: r.label, created_at: new Date(r.createdAt).toISOString(), uri: `tunechat://bench/${encodeURIComponent(r.id)}` }));
}
