import type { Activity } from '../intents/access-activity.ts';
import { isRecord } from '../plan.ts';

/** Seconds in words: 300 → "5 minutes", 3600 → "1 hour", 45 → "45 s". */
export function durationWords(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  return `${seconds} s`;
}

/** "http://10.0.0.5:80/" → "10.0.0.5:80". */
function hostOf(url: unknown): string {
  if (typeof url !== 'string') return 'that host';
  return /^https?:\/\/([^/?#]+)/i.exec(url)?.[1] ?? url;
}

/** Actions without arguments in words ("rules:AddRule" → "add rules"). */
const ACTION_WORDS: Record<string, string> = {
  'bench:runcommand': 'run commands',
  'bench:runhttp': 'run HTTP load tests',
  'bench:runllm': 'benchmark LLM servers',
  'rules:addrule': 'add rules',
  'rules:removerule': 'remove rules',
  'rules:readrules': 'read the rules',
  'targets:register': 'register targets',
  'targets:list': 'list targets',
  'control:start': 'start controllers',
  'control:stop': 'stop controllers',
  'control:read': 'read controllers',
  'optimizer:startstudy': 'start studies',
  'optimizer:stopstudy': 'stop studies',
  'optimizer:continuestudy': 'continue studies',
  'optimizer:readstudy': 'read studies',
  'audit:read': 'read the audit log',
  'policies:put': 'change policies',
  'policies:read': 'read policies',
  'policies:simulate': 'simulate policies',
  'sessions:share': 'share sessions',
  'charts:render': 'draw charts',
};

/** What a tool call does, in words: "load-test 10.0.0.5:80 for 5 minutes", "start a study on xgboost with 500 trials". */
export function describeCall(tool: string, input: Record<string, unknown>): string {
  const num = (key: string) => (typeof input[key] === 'number' ? (input[key] as number) : undefined);
  switch (tool) {
    case 'bench_http': {
      const parts = [`load-test ${hostOf(input.url)}`];
      const duration = num('duration_s');
      if (duration !== undefined) parts.push(`for ${durationWords(duration)}`);
      if (num('connections') !== undefined) parts.push(`with ${num('connections')} connections`);
      if (num('rate') !== undefined) parts.push(`at ${num('rate')} requests/s`);
      return parts.join(' ');
    }
    case 'bench_llm':
      return `benchmark the LLM server at ${hostOf(input.base_url)}`;
    case 'bench_command':
      return Array.isArray(input.command) ? `run \`${input.command.map(String).join(' ')}\`` : 'run that command';
    case 'start_study': {
      const parts = [`start a study on ${typeof input.target === 'string' ? input.target : 'that target'}`];
      const trials = num('trials');
      if (trials !== undefined) parts.push(`with ${trials} trials`);
      if (num('parallel') !== undefined) parts.push(`${trials !== undefined ? 'and' : 'with'} ${num('parallel')} in parallel`);
      if (num('time_limit_s') !== undefined) parts.push(`within ${durationWords(num('time_limit_s')!)}`);
      return parts.join(' ');
    }
    case 'continue_study':
      return `run ${num('trials') ?? 'more'} more trials of ${typeof input.study_id === 'string' ? input.study_id : 'the study'}`;
    case 'stop_study':
      return `stop ${typeof input.study_id === 'string' ? input.study_id : 'the study'}`;
    case 'add_rule':
      return 'add that rule';
    case 'remove_rule':
      return `remove ${typeof input.rule_id === 'string' ? `rule ${input.rule_id}` : 'that rule'}`;
    case 'register_target':
      return `register ${isRecord(input.target) && typeof input.target.name === 'string' ? `the target ${input.target.name}` : typeof input.name === 'string' ? `the target ${input.name}` : 'that target'}`;
    case 'start_controller':
      return `start a controller on ${typeof input.target === 'string' ? input.target : 'that service'}`;
    case 'stop_controller':
      return 'stop that controller';
    case 'chart_study':
      return 'draw that chart';
    case 'simulate_policy':
      return `check what ${typeof input.user === 'string' ? input.user : 'you'} may do`;
    case 'audit_query':
      return typeof input.principal === 'string' && input.principal !== 'me' ? `read ${input.principal === '*' ? "everyone's" : `${input.principal}'s`} audit records` : 'read your own audit records';
    default:
      return `use \`${tool}\``;
  }
}

/** What a simulated activity does, in words. */
export function describeActivity(activity: Activity): string {
  if ('tool' in activity) return describeCall(activity.tool, activity.args);
  return ACTION_WORDS[activity.action.toLowerCase()] ?? `do ${activity.action}`;
}
