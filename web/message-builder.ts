import type { ChunkJson } from '../server/protocol.ts';

/** A message part as the UI renders it: the AI SDK UIMessage part shapes, plus `error` for stream errors. */
export interface ViewPart {
  type: string;
  text?: string;
  state?: string;
  toolCallId?: string;
  toolName?: string;
  input?: unknown;
  inputText?: string;
  output?: unknown;
  errorText?: string;
  preliminary?: boolean;
}

export interface ViewMessage {
  id: string;
  role: 'user' | 'assistant' | string;
  parts: ViewPart[];
  metadata?: { errors?: string[]; aborted?: boolean; [key: string]: unknown };
  /** Set while chunks are still arriving. */
  streaming?: boolean;
}

/** A message's text parts as markdown, joined by blank lines (what "Copy answer" copies). */
export function messagePlainText(message: ViewMessage): string {
  return message.parts
    .filter((p) => p.type === 'text' && p.text)
    .map((p) => p.text!.trim())
    .join('\n\n');
}

/** The tool name of a `tool-<name>` part (or a dynamic tool part's own name). */
export function toolNameOf(part: ViewPart): string {
  return part.toolName ?? part.type.replace(/^tool-/, '');
}

/**
 * Builds an assistant message from UI message chunks, the same way the AI SDK's `readUIMessageStream` does
 * for the parts this UI shows: text by id, tool parts by toolCallId moving through
 * input-streaming → input-available → output-available (preliminary outputs update it live) / output-error.
 */
export class MessageBuilder {
  readonly message: ViewMessage;
  private readonly texts = new Map<string, ViewPart>();
  private readonly tools = new Map<string, ViewPart>();

  constructor(id = `draft-${Math.random().toString(36).slice(2)}`) {
    this.message = { id, role: 'assistant', parts: [], streaming: true, metadata: {} };
  }

  apply(chunk: ChunkJson): void {
    const m = this.message;
    const c = chunk as ChunkJson & Record<string, any>;
    switch (c.type) {
      case 'start':
        if (typeof c.messageId === 'string') m.id = c.messageId;
        break;
      case 'text-start': {
        const part: ViewPart = { type: 'text', text: '', state: 'streaming' };
        this.texts.set(c.id, part);
        m.parts.push(part);
        break;
      }
      case 'text-delta': {
        let part = this.texts.get(c.id);
        if (!part) {
          part = { type: 'text', text: '', state: 'streaming' };
          this.texts.set(c.id, part);
          m.parts.push(part);
        }
        part.text += String(c.delta ?? '');
        break;
      }
      case 'text-end': {
        const part = this.texts.get(c.id);
        if (part) part.state = 'done';
        break;
      }
      case 'tool-input-start':
        this.tool(c.toolCallId, c.toolName).state = 'input-streaming';
        break;
      case 'tool-input-delta': {
        const part = this.tool(c.toolCallId);
        part.inputText = (part.inputText ?? '') + String(c.inputTextDelta ?? '');
        break;
      }
      case 'tool-input-available':
        Object.assign(this.tool(c.toolCallId, c.toolName), { state: 'input-available', input: c.input });
        break;
      case 'tool-input-error':
        Object.assign(this.tool(c.toolCallId, c.toolName), { state: 'output-error', input: c.input, errorText: c.errorText });
        break;
      case 'tool-output-available':
        Object.assign(this.tool(c.toolCallId), { state: 'output-available', output: c.output, preliminary: c.preliminary === true });
        break;
      case 'tool-output-error':
        Object.assign(this.tool(c.toolCallId), { state: 'output-error', errorText: c.errorText });
        break;
      case 'error':
        (m.metadata!.errors ??= []).push(String(c.errorText));
        break;
      case 'abort':
        m.metadata!.aborted = true;
        this.finish();
        break;
      case 'finish':
        this.finish();
        break;
      default:
        break;
    }
  }

  finish(): void {
    this.message.streaming = false;
    for (const part of this.texts.values()) part.state = 'done';
  }

  private tool(toolCallId: string, toolName?: string): ViewPart {
    let part = this.tools.get(toolCallId);
    if (!part) {
      part = { type: `tool-${toolName ?? 'unknown'}`, toolCallId, state: 'input-streaming', ...(toolName ? { toolName } : {}) };
      this.tools.set(toolCallId, part);
      this.message.parts.push(part);
    } else if (toolName && !part.toolName) {
      part.toolName = toolName;
      part.type = `tool-${toolName}`;
    }
    return part;
  }
}
