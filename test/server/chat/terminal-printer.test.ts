import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TerminalPrinter } from '../../../server/chat/terminal-printer.ts';

function capture(isTTY = false) {
  let out = '';
  const printer = new TerminalPrinter({ write: (t) => (out += t), isTTY });
  return { printer, output: () => out };
}

describe('TerminalPrinter', () => {
  test('streams text and prints tool calls as short lines on their own lines', () => {
    const { printer, output } = capture();
    for (const chunk of [
      { type: 'text-delta', id: 'a', delta: 'Plan: ' },
      { type: 'text-delta', id: 'a', delta: 'run it.' },
      { type: 'tool-input-available', toolCallId: 't1', toolName: 'start_study', input: { target: 'branin' } },
      { type: 'tool-output-available', toolCallId: 't1', output: { done: 3 }, preliminary: true },
      { type: 'tool-output-available', toolCallId: 't1', output: { ok: true } },
      { type: 'tool-input-available', toolCallId: 't2', toolName: 'stop_study', input: {} },
      { type: 'tool-output-error', toolCallId: 't2', errorText: 'no study' },
      { type: 'text-delta', id: 'b', delta: 'Done.' },
      { type: 'finish' },
    ]) printer.print(chunk);
    printer.end();
    assert.equal(output(), 'Plan: run it.\n→ start_study {"target":"branin"}\n✓ start_study {"ok":true}\n→ stop_study {}\n✗ stop_study: no study\nDone.\n');
  });

  test('errors are collected, aborts marked, long values cut', () => {
    const { printer, output } = capture();
    printer.print({ type: 'tool-input-available', toolCallId: 't', toolName: 'x', input: { long: 'y'.repeat(500) } });
    printer.print({ type: 'error', errorText: 'model endpoint down' });
    printer.print({ type: 'abort' });
    printer.end();
    assert.deepEqual(printer.errors, ['model endpoint down']);
    const lines = output().split('\n');
    assert.ok(lines[0]!.length < 200 && lines[0]!.endsWith('…'));
    assert.equal(lines[1], 'error: model endpoint down');
    assert.equal(lines[2], '(stopped)');
  });

  test('live progress is shown on a TTY only, and cleared before the next line', () => {
    const tty = capture(true);
    tty.printer.print({ type: 'tool-input-available', toolCallId: 't', toolName: 'wait_for_study', input: {} });
    tty.printer.print({ type: 'tool-output-available', toolCallId: 't', output: { done: 5, total: 40 }, preliminary: true });
    tty.printer.print({ type: 'tool-output-available', toolCallId: 't', output: { done: 40, total: 40 } });
    assert.match(tty.output(), /\r\x1b\[2K {2}… wait_for_study \{"done":5,"total":40\}\r\x1b\[2K✓ wait_for_study/);
  });
});
