import { stripControl, TerminalMarkdown } from './terminal-markdown.ts';

/**
 * Prints UI message chunks to a terminal: text as it streams, tool calls as short lines
 * (`→ start_study {…}`, live progress on a TTY, `✓ start_study …` / `✗ …`). Used by `tunechat ask` and `replay`.
 * With `markdown` (a TTY without NO_COLOR: see terminalMarkdownEnabled) the answer's markdown is rendered (tables,
 * emphasis, code, lists) block by block; otherwise the text is printed as it comes. A chart tool's result is followed
 * by its terminal rendering (`text`: a sparkline, bars or a table).
 */
export interface TerminalOutput {
  write(text: string): void;
  isTTY?: boolean;
  /** Render markdown for the terminal (default false: the text as is). */
  markdown?: boolean;
}

/** Tools whose output carries a terminal rendering in `text` (ChartToolOutput). */
const CHART_TOOLS = new Set(['chart_study']);

const MAX_INLINE = 160;

export class TerminalPrinter {
  private readonly tools = new Map<string, string>();
  private atLineStart = true;
  private progressShown = false;
  private readonly markdown: TerminalMarkdown | null;
  /** Texts of `error` chunks seen so far. */
  readonly errors: string[] = [];

  constructor(private readonly out: TerminalOutput) {
    this.markdown = out.markdown ? new TerminalMarkdown() : null;
  }

  print(chunk: { type: string; [key: string]: unknown }): void {
    if (chunk.type !== 'text-delta') this.flushText();
    switch (chunk.type) {
      case 'text-delta':
        this.clearProgress();
        this.emit(this.markdown ? this.markdown.push(String(chunk.delta ?? '')) : stripControl(String(chunk.delta ?? '')));
        break;
      case 'tool-input-available':
        this.tools.set(String(chunk.toolCallId), String(chunk.toolName));
        this.line(`→ ${String(chunk.toolName)} ${inline(chunk.input)}`);
        break;
      case 'tool-input-error':
        this.line(`✗ ${String(chunk.toolName)}: invalid input: ${String(chunk.errorText)}`);
        break;
      case 'tool-output-available': {
        const name = this.tools.get(String(chunk.toolCallId)) ?? 'tool';
        if (chunk.preliminary === true) {
          if (this.out.isTTY) {
            this.ensureLineStart();
            this.out.write(`\r\x1b[2K  … ${name} ${inline(chunk.output)}`.slice(0, 200));
            this.progressShown = true;
          }
          break;
        }
        this.clearProgress();
        const chart = CHART_TOOLS.has(name) ? chartOutput(chunk.output) : null;
        if (chart) {
          this.line(`✓ ${name} ${inline(chart.summary)}`);
          this.line(indent(stripControl(chart.text)));
        } else {
          this.line(`✓ ${name} ${inline(chunk.output)}`);
        }
        break;
      }
      case 'tool-output-error':
        this.clearProgress();
        this.line(`✗ ${this.tools.get(String(chunk.toolCallId)) ?? 'tool'}: ${String(chunk.errorText)}`);
        break;
      case 'error':
        this.clearProgress();
        this.errors.push(String(chunk.errorText));
        this.line(`error: ${String(chunk.errorText)}`);
        break;
      case 'abort':
        this.clearProgress();
        this.line('(stopped)');
        break;
      case 'finish':
        this.clearProgress();
        this.ensureLineStart();
        break;
      default:
        break;
    }
  }

  /** Ends the output on a fresh line. */
  end(): void {
    this.flushText();
    this.clearProgress();
    this.ensureLineStart();
  }

  /** Prints the markdown still buffered (a text part ended, or a tool line comes next). */
  private flushText(): void {
    if (!this.markdown) return;
    const rest = this.markdown.flush();
    if (rest) {
      this.clearProgress();
      this.emit(rest);
    }
  }

  private line(text: string): void {
    this.ensureLineStart();
    this.emit(`${text}\n`);
  }

  private emit(text: string): void {
    if (!text) return;
    this.out.write(text);
    this.atLineStart = text.endsWith('\n');
  }

  private ensureLineStart(): void {
    if (!this.atLineStart) this.emit('\n');
  }

  private clearProgress(): void {
    if (!this.progressShown) return;
    this.out.write('\r\x1b[2K');
    this.progressShown = false;
  }
}

function inline(value: unknown): string {
  const text = stripControl(typeof value === 'string' ? value : JSON.stringify(value) ?? '');
  return text.length > MAX_INLINE ? `${text.slice(0, MAX_INLINE - 1)}…` : text;
}

/** The summary and terminal text of a successful chart tool result, else null (a failure prints as usual). */
function chartOutput(output: unknown): { summary: string; text: string } | null {
  const o = output as { ok?: unknown; summary?: unknown; text?: unknown } | null;
  return o && o.ok === true && typeof o.text === 'string' && typeof o.summary === 'string' ? { summary: o.summary, text: o.text } : null;
}

function indent(text: string): string {
  return text.split('\n').map((l) => `  ${l}`).join('\n');
}
