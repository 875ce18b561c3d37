import { AbstractChat, DefaultChatTransport, type ChatInit, type ChatState, type ChatStatus, type UIMessage, type UIMessageChunk } from 'ai';

/**
 * The AI SDK's own chat machinery without a framework (what `useChat` wraps in React): `AbstractChat` over a plain
 * in-memory state. `sendMessage`, `regenerate`, `stop` and `resumeStream` are the SDK's, unchanged.
 */
export class PlainChat extends AbstractChat<UIMessage> {
  constructor(init: Omit<ChatInit<UIMessage>, 'messages'> & { messages?: UIMessage[] }) {
    super({ ...init, state: new PlainState(init.messages ?? []) });
  }

  get allMessages(): UIMessage[] {
    return this.state.messages;
  }
}

class PlainState implements ChatState<UIMessage> {
  status: ChatStatus = 'ready';
  error: Error | undefined = undefined;

  constructor(public messages: UIMessage[]) {}

  pushMessage = (message: UIMessage) => {
    this.messages = [...this.messages, message];
  };

  popMessage = () => {
    this.messages = this.messages.slice(0, -1);
  };

  replaceMessage = (index: number, message: UIMessage) => {
    this.messages = this.messages.map((m, i) => (i === index ? message : m));
  };

  snapshot = <T>(thing: T): T => structuredClone(thing);
}

/**
 * The SDK's DefaultChatTransport, unchanged, that also records every chunk it parsed from each response (POST and
 * reconnect alike), in order: what `useChat` received.
 */
export class RecordingTransport extends DefaultChatTransport<UIMessage> {
  /** One list per response the transport read. */
  readonly responses: UIMessageChunk[][] = [];

  protected override processResponseStream(stream: ReadableStream<Uint8Array>): ReadableStream<UIMessageChunk> {
    const received: UIMessageChunk[] = [];
    this.responses.push(received);
    return super.processResponseStream(stream).pipeThrough(
      new TransformStream<UIMessageChunk, UIMessageChunk>({
        transform(chunk, controller) {
          received.push(chunk);
          controller.enqueue(chunk);
        },
      }),
    );
  }
}

/** Reads a chunk stream to its end (or until `until` says stop, then cancels it). */
export async function readChunks(stream: ReadableStream<UIMessageChunk>, until?: (chunks: UIMessageChunk[]) => boolean): Promise<UIMessageChunk[]> {
  const chunks: UIMessageChunk[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    if (until?.(chunks)) {
      await reader.cancel();
      break;
    }
  }
  return chunks;
}

/** Counts chunks per type, in order of first appearance: `{ start: 1, 'text-delta': 52, … }`. */
export function chunkTypeCounts(chunks: readonly UIMessageChunk[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of chunks) counts[c.type] = (counts[c.type] ?? 0) + 1;
  return counts;
}
