/**
 * Bridges a callback-style run (`start(emit)`) to an async generator: every emitted snapshot is yielded as
 * it arrives (throttled to `minIntervalMs`), then the run's final value. Used by the agent tools, whose
 * async-generator `execute` turns yields into AI SDK preliminary tool results.
 */
export async function* progressStream<P, T>(start: (emit: (progress: P) => void) => Promise<T>, minIntervalMs = 900): AsyncGenerator<{ progress: P } | { done: T }> {
  const queue: P[] = [];
  let wake: (() => void) | null = null;
  let lastYield = 0;
  let finished = false;
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } | null = null;
  start((p) => {
    queue.length = 0;
    queue.push(p);
    wake?.();
  }).then(
    (value) => ((outcome = { ok: true, value }), (finished = true), wake?.()),
    (error: unknown) => ((outcome = { ok: false, error }), (finished = true), wake?.()),
  );
  while (!finished) {
    await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
    const now = performance.now();
    if (queue.length && !finished && now - lastYield >= minIntervalMs) {
      lastYield = now;
      yield { progress: queue.shift()! };
    }
  }
  const result = outcome as unknown as { ok: true; value: T } | { ok: false; error: unknown };
  if (!result.ok) throw result.error;
  yield { done: result.value };
}
