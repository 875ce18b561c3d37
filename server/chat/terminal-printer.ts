/**
 * Prints UI message chunks to a terminal: text as it streams, tool calls as short lines
 * (`→ start_study {…}`, live progress on a TTY, `✓ start_study …` / `✗ …`). Used by `tunechat ask` and `replay`.
 */
export interface TerminalOutput {
  write(text: string): void;
  isTTY?: boolean;
}

const MAX_INLINE = 160;

export class TerminalPrinter {
  private readonly tools = new Map<string, string>();
  private atLineStart = true;
  private progressShown = false;
  /** Texts of `error` chunks seen so far. */
  readonly errors: string[] = [];

  constructor(private readonly out: TerminalOutput) {}

  print(chunk: { type: string; [key: string]: unknown }): void {
    switch (chunk.type) {
      case 'text-delta':
        this.clearProgress();
        this.emit(String(chunk.delta ?? ''));
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
        this.line(`✓ ${name} ${inline(chunk.output)}`);
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
    this.clearProgress();
    this.ensureLineStart();
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
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  return text.length > MAX_INLINE ? `${text.slice(0, MAX_INLINE - 1)}…` : text;
}
