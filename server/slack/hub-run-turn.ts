import type { TurnHub } from '../chat/turn-hub.ts';
import type { RunTurn } from './conversations.ts';

/**
 * Runs Slack turns through the app's TurnHub, like the web UI's, so a Slack conversation opened in the browser
 * is followed live (and can be stopped there). `getHub` is late-bound: the hub is created with the app, which
 * itself needs the bridge's route handler.
 */
export function hubRunTurn(getHub: () => TurnHub | null): RunTurn {
  return async (options) => {
    const hub = getHub();
    if (!hub) throw new Error('the chat server is not ready yet');
    const started = hub.start(
      { sessionId: options.sessionId ?? null, text: options.text, source: options.source ?? 'slack', ...(options.requester ? { requester: options.requester } : {}) },
      { chunk: (chunk, sequence) => options.onChunk?.(chunk, sequence), end: () => {} },
    );
    const onAbort = () => hub.abort(started.sessionId, 'interrupted by a newer message in the Slack thread');
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const result = await started.done.finally(() => options.signal?.removeEventListener('abort', onAbort));
    if (!result) throw new Error('the chat turn failed (see the server log)');
    return result;
  };
}
