/**
 * A Target whose trials run on workers: `evaluate` enqueues a job for the named target through the dispatcher,
 * feeds the workers' intermediate reports to the study's pruner (`context.report`), and resolves with the metrics
 * the worker completed the job with. An abort (stop, prune, time budget) cancels the job; a server shutdown
 * (`StudySuspended`) leaves it running for the next start to re-attach to.
 */
import type { PlacementRecorder } from '../optimizer/remote-trials.ts';
import { TrialPrunedError } from '../optimizer/trial-pruned.ts';
import type { Target } from '../optimizer/types.ts';
import { PROTOCOL_VERSION } from './protocol.ts';
import type { TrialDispatcher } from './trial-dispatcher.ts';

export interface QueueTargetOptions {
  dispatcher: TrialDispatcher;
  /** The target's name: workers resolve it in their own registry. */
  target: string;
  record: PlacementRecorder;
}

export function createQueueTarget(options: QueueTargetOptions): Target {
  const { dispatcher, target, record } = options;
  return {
    kind: 'queue',
    remote: true,
    async evaluate(params, context) {
      const study = context.studyId ?? 'adhoc';
      const result = await dispatcher.dispatch({
        job: { v: PROTOCOL_VERSION, study, trial: context.trialNumber, attempt: context.attempt ?? 1, target, params },
        signal: context.signal,
        reattach: context.reattach === true,
        onStart: (start) => record(study, context.trialNumber, { worker: start.worker, host: start.host, attempt: start.attempt }),
        onReport: (step, metrics) => context.report(step, metrics),
      });
      if (result.outcome === 'complete') return result.metrics;
      if (result.outcome === 'pruned') throw new TrialPrunedError(result.reason);
      throw new Error(`stopped on worker ${result.worker}: ${result.reason}`);
    },
  };
}
