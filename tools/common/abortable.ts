/** Resolves when `done` settles, or rejects with the signal's reason as soon as `signal` aborts (without cancelling `done`). */
export function abortable(done: Promise<unknown>, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal!.reason);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    done.then(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
