import type { UIMessageChunk } from 'ai';
import type { TurnListener } from '../chat/turn-hub.ts';

/** A turn's chunks as a ReadableStream, fed by a hub listener. */
export interface TurnStream {
  /** Give it to `TurnHub.start` or `TurnHub.follow`: each chunk is enqueued, `end` closes the stream. */
  listener: TurnListener;
  stream: ReadableStream<UIMessageChunk>;
}

/**
 * Bridges the hub's push listener to a pull stream for `createUIMessageStreamResponse`. Chunks are queued as they
 * come (they are small and a turn is bounded). When the reader cancels before the turn ends (the HTTP client closed
 * the response: `useChat`'s stop, a closed tab, a dropped connection; @hono/node-server cancels the body on close),
 * `onCancel` runs once; chunks after that are dropped.
 */
export function turnStream(onCancel: (listener: TurnListener) => void): TurnStream {
  let controller!: ReadableStreamDefaultController<UIMessageChunk>;
  let open = true;
  const stream = new ReadableStream<UIMessageChunk>({
    start: (c) => {
      controller = c;
    },
    cancel: () => {
      if (!open) return;
      open = false;
      onCancel(listener);
    },
  });
  const listener: TurnListener = {
    chunk: (chunk) => {
      if (open) controller.enqueue(chunk);
    },
    end: () => {
      if (!open) return;
      open = false;
      controller.close();
    },
  };
  return { listener, stream };
}
