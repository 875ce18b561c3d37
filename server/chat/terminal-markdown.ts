/**
 * Markdown for terminals (`tunechat ask`, `tunechat replay`): tables with box drawing, emphasis, code, lists, rendered
 * with marked + marked-terminal. Streamed text is rendered block by block: a block is complete at a blank line outside
 * a code fence, so paragraphs appear as they finish and a table is drawn once whole.
 */
import { Marked } from 'marked';
import { markedTerminal } from 'marked-terminal';

/** C0/C1 control characters but tab and newline: the model's text must not drive the terminal (ESC, OSC, BEL, CSI). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Markdown rendering only on a terminal, and never with NO_COLOR set (https://no-color.org); pipes get the text as is. */
export function terminalMarkdownEnabled(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}

export class TerminalMarkdown {
  readonly #marked: Marked;
  #pending = '';

  constructor(options: { width?: number } = {}) {
    this.#marked = new Marked(markedTerminal({ width: options.width ?? 100, reflowText: false, tab: 2, emoji: false }));
  }

  /** Adds streamed text; returns what can be printed now (complete blocks, rendered), possibly ''. */
  push(delta: string): string {
    this.#pending += delta;
    const cut = lastBlockBoundary(this.#pending);
    if (cut <= 0) return '';
    const ready = this.#pending.slice(0, cut);
    this.#pending = this.#pending.slice(cut);
    return `${this.render(ready)}\n\n`;
  }

  /** Renders and returns whatever is left (at the end of a text part, before a tool line). */
  flush(): string {
    const rest = this.#pending;
    this.#pending = '';
    return rest.trim() === '' ? '' : `${this.render(rest)}\n`;
  }

  /** One markdown document → terminal text, without trailing blank lines. */
  render(markdown: string): string {
    const out = this.#marked.parse(stripControl(markdown), { async: false }) as string;
    return out.replace(/\s+$/, '');
  }
}

/** Index just after the last blank line that is outside a ``` or ~~~ fence; 0 when there is none. */
export function lastBlockBoundary(text: string): number {
  let inFence = false;
  let boundary = 0;
  let offset = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s{0,3}(```|~~~)/.test(line)) inFence = !inFence;
    offset += line.length + 1;
    const complete = i < lines.length - 1; // the last piece has no newline yet
    if (complete && !inFence && line.trim() === '' && i > 0) boundary = offset;
  }
  return boundary;
}
