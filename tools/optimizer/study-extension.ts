import { ToolError } from '../common/errors.ts';
import { describeTarget } from './study-notes.ts';
import type { StudyRecord } from './types.ts';

/**
 * What `StudyManager.extend` ("run 50 more") refuses before anything changes: a trial count outside 1-10000, a time
 * budget that is not positive, a study imported from a session file (its target is data from the file, not the
 * operator's choice), and a study that is still stopping.
 */
export function checkExtension(record: StudyRecord, more: { trials: number; timeLimitS?: number }, imported: boolean): void {
  if (!Number.isInteger(more.trials) || more.trials < 1 || more.trials > 10000) {
    throw new ToolError('invalid_argument', `trials must be an integer from 1 to 10000, got ${more.trials}`, { details: { trials: more.trials } });
  }
  if (more.timeLimitS !== undefined && !(more.timeLimitS > 0)) {
    throw new ToolError('invalid_argument', `time_limit_s must be positive, got ${more.timeLimitS}`, { details: { time_limit_s: more.timeLimitS } });
  }
  if (imported) {
    throw new ToolError('forbidden', `study ${record.id} was imported from a session file, and imported studies never run here (their target, ${describeTarget(record.spec)}, is data from the file, not a target the operator chose). Start a new study (start_study) on a registered target instead.`, {
      details: { study_id: record.id, imported: true, target_kind: record.spec.target.kind },
    });
  }
  if (record.status === 'stopping') {
    throw new ToolError('conflict', `study ${record.id} is stopping; continue it once it has stopped`, { details: { study_id: record.id, status: record.status } });
  }
}
