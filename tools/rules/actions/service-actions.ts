import { ToolError } from '../../common/errors.ts';
import type { FactView } from '../types.ts';
import type { ActionCall, ActionHandler } from './action-registry.ts';

/** What the service actions need from the rest of tunechat (contract 5 for studies). */
export interface ServiceActionDeps {
  raiseAlert(call: ActionCall, message: string): void;
  pruneTrial?(studyId: string, trialNumber: number, reason: string): boolean;
  stopStudy?(studyId: string): Promise<unknown>;
  setParam(request: { name: string; value: unknown; studyId: string | null; ruleId: string }): void;
  log(line: string): void;
}

/** The study a firing is about: an explicit `study` param, else a bound Study, else a bound fact's `study` field. */
export function studyOf(call: ActionCall): string | null {
  if (typeof call.params.study === 'string') return call.params.study;
  const study = call.facts.find((f) => f.type === 'Study');
  if (study) return study.id;
  for (const fact of call.facts) if (typeof fact.fields.study === 'string') return fact.fields.study;
  return null;
}

function trialOf(call: ActionCall): FactView | null {
  const wanted = call.params.trial;
  const trials = call.facts.filter((f) => f.type === 'Trial' || (f.type === 'Fact' && typeof f.fields.number === 'number'));
  if (wanted === undefined) return trials[0] ?? null;
  if (wanted && typeof wanted === 'object' && 'fields' in (wanted as object)) return wanted as FactView;
  return trials.find((f) => f.id === wanted || f.fields.number === wanted) ?? null;
}

function describeFacts(facts: readonly FactView[]): string {
  return facts
    .map((f) => {
      const shown = Object.entries(f.fields)
        .filter(([, v]) => typeof v === 'number' || typeof v === 'string')
        .slice(0, 6)
        .map(([k, v]) => `${k}=${v}`);
      return `${f.type} ${f.id}${shown.length ? ` (${shown.join(', ')})` : ''}`;
    })
    .join('; ');
}

/** Built-in actions wired to tunechat's services: trigger_alert, prune_trial, stop_study, set_param, log. */
export function createServiceActions(deps: ServiceActionDeps): ActionHandler[] {
  return [
    {
      name: 'trigger_alert',
      description: 'raise an alert (stored, pushed to the chat and Slack): params {message?}',
      run: (call) => {
        const message = typeof call.params.message === 'string' ? call.params.message : `rule ${call.rule.id} fired: ${describeFacts(call.facts)}`;
        deps.raiseAlert(call, message);
      },
    },
    {
      name: 'prune_trial',
      description: 'stop a running trial as pruned: params {trial?: "$t.id", study?, reason?}',
      run: (call) => {
        const trial = trialOf(call);
        const studyId = (trial && typeof trial.fields.study === 'string' ? trial.fields.study : null) ?? studyOf(call);
        if (!trial || typeof trial.fields.number !== 'number' || !studyId) {
          throw new ToolError('invalid_argument', `prune_trial needs a bound Trial fact (params.trial = "$t.id"), got ${JSON.stringify(call.params.trial)}`, { details: { parameter: 'params.trial' } });
        }
        if (!deps.pruneTrial) throw new ToolError('unavailable', 'prune_trial: no study manager in this process');
        const reason = typeof call.params.reason === 'string' ? call.params.reason : `rule ${call.rule.id}`;
        const pruned = deps.pruneTrial(studyId, trial.fields.number, reason);
        deps.log(`rule ${call.rule.id}: prune trial ${trial.fields.number} of study ${studyId}${pruned ? '' : ' (not running any more)'}`);
      },
    },
    {
      name: 'stop_study',
      description: 'stop a study: params {study?} (default: the study of the bound facts)',
      run: (call) => {
        const studyId = studyOf(call);
        if (!studyId) throw new ToolError('invalid_argument', 'stop_study: no study in params.study or in the bound facts', { details: { parameter: 'params.study' } });
        if (!deps.stopStudy) throw new ToolError('unavailable', 'stop_study: no study manager in this process');
        deps.log(`rule ${call.rule.id}: stop study ${studyId}`);
        return deps.stopStudy(studyId).then(() => undefined);
      },
    },
    {
      name: 'set_param',
      description: 'ask the live controller to set a parameter: params {name, value}',
      run: (call) => {
        if (typeof call.params.name !== 'string' || call.params.value === undefined) {
          throw new ToolError('invalid_argument', `set_param needs params {name: string, value}, got ${JSON.stringify(call.params)}`, { details: { parameter: 'params' } });
        }
        deps.setParam({ name: call.params.name, value: call.params.value, studyId: studyOf(call), ruleId: call.rule.id });
      },
    },
    {
      name: 'log',
      description: 'write a line to the rule log: params {message?}',
      run: (call) => deps.log(typeof call.params.message === 'string' ? call.params.message : `rule ${call.rule.id} fired: ${describeFacts(call.facts)}`),
    },
  ];
}
