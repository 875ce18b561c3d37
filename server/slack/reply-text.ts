import type { UIMessageChunk } from 'ai';

/**
 * Turns a turn's UI message chunks into the markdown a Slack reply shows, append-only (Slack's streaming API
 * can only append): text deltas as they come, one line per tool call when its input is complete and one when
 * its result arrives. Preliminary tool results (progress of `wait_for_study`) are left to the status message.
 */
export class ReplyText {
  #text = '';
  #toolNames = new Map<string, string>();
  #lastWasTool = false;

  /** Applies one chunk; returns the markdown it appends ('' when none). */
  apply(chunk: UIMessageChunk): string {
    const added = this.#render(chunk);
    this.#text += added;
    return added;
  }

  get text(): string {
    return this.#text;
  }

  #render(chunk: UIMessageChunk): string {
    switch (chunk.type) {
      case 'text-delta': {
        const prefix = this.#lastWasTool ? '\n' : '';
        this.#lastWasTool = false;
        return prefix + chunk.delta;
      }
      case 'tool-input-available':
        this.#toolNames.set(chunk.toolCallId, chunk.toolName);
        return this.#toolLine(`:gear: \`${chunk.toolName}\` ${summarize(chunk.input, 120)}`);
      case 'tool-output-available': {
        if (chunk.preliminary) return '';
        const name = this.#toolNames.get(chunk.toolCallId) ?? 'tool';
        const failure = asFailure(chunk.output);
        return failure
          ? this.#toolLine(`:warning: \`${name}\` ${failure}`)
          : this.#toolLine(`:white_check_mark: \`${name}\` ${summarize(chunk.output, 160)}`);
      }
      case 'tool-output-error':
      case 'tool-input-error':
        return this.#toolLine(`:x: \`${this.#toolNames.get(chunk.toolCallId) ?? ('toolName' in chunk ? chunk.toolName : 'tool')}\` ${chunk.errorText}`);
      case 'error':
        return this.#toolLine(`:x: ${chunk.errorText}`);
      case 'abort':
        return this.#toolLine(':black_square_for_stop: stopped (a newer message in the thread, or Stop in the web UI)');
      default:
        return '';
    }
  }

  #toolLine(line: string): string {
    const prefix = this.#text === '' || this.#text.endsWith('\n') ? '' : '\n';
    this.#lastWasTool = true;
    return `${prefix}${line}\n`;
  }
}

/** `{ ok: false, error: { message } }` results (failures the model can fix) show their message. */
function asFailure(output: unknown): string | null {
  if (output && typeof output === 'object' && (output as { ok?: unknown }).ok === false) {
    const error = (output as { error?: { message?: unknown } }).error;
    return typeof error?.message === 'string' ? error.message : 'failed';
  }
  return null;
}

/** One-line JSON preview, cut at `max` characters. */
export function summarize(value: unknown, max: number): string {
  if (value === undefined) return '';
  const json = JSON.stringify(value) ?? '';
  return json.length > max ? `${json.slice(0, max - 1)}…` : json;
}
