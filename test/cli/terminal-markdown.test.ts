import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lastBlockBoundary, terminalMarkdownEnabled } from '../../server/chat/terminal-markdown.ts';
import { TerminalPrinter } from '../../server/chat/terminal-printer.ts';

// eslint-disable-next-line no-control-regex
const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

function capture(markdown: boolean) {
  let out = '';
  const printer = new TerminalPrinter({ write: (t) => (out += t), isTTY: markdown, markdown });
  return { printer, output: () => out };
}

const ANSWER = 'Best **value** = 0.4 with *x0* = `3.1`.\n\n| rank | param | share |\n| --- | --- | --- |\n| 1 | x1 | 54% |\n| 2 | x0 | 46% |\n\n- fix x0\n- run 20 more\n';

describe('terminal markdown (tunechat ask)', () => {
  test('on a TTY without NO_COLOR only', () => {
    assert.equal(terminalMarkdownEnabled({ isTTY: true }, {}), true);
    assert.equal(terminalMarkdownEnabled({ isTTY: true }, { NO_COLOR: '1' }), false);
    assert.equal(terminalMarkdownEnabled({ isTTY: false }, {}), false);
    assert.equal(terminalMarkdownEnabled({}, {}), false);
  });

  test('streamed markdown is rendered block by block: emphasis, a boxed table, bullets', () => {
    const { printer, output } = capture(true);
    const deltas = ANSWER.match(/.{1,7}/gs)!; // split anywhere, mid-table included
    let seenBeforeTable = '';
    for (const delta of deltas) {
      printer.print({ type: 'text-delta', id: 'a', delta });
      if (output().includes('0.4') && !seenBeforeTable) seenBeforeTable = output();
    }
    assert.equal(stripAnsi(seenBeforeTable), 'Best value = 0.4 with x0 = 3.1.\n\n', 'the first paragraph printed once complete, before the table arrived');
    printer.print({ type: 'finish' });
    printer.end();
    const text = stripAnsi(output());
    assert.doesNotMatch(text, /\*\*|`|\| --- \|/, 'no raw markdown left');
    assert.match(text, /┌──────┬───────┬───────┐\n│ rank │ param │ share │\n├/);
    assert.match(text, /│ 1 {4}│ x1 {4}│ 54% {3}│/);
    assert.match(text, /\n {2}\* fix x0\n {2}\* run 20 more\n$/);
  });

  test('not a TTY (or NO_COLOR): the text exactly as streamed', () => {
    const { printer, output } = capture(false);
    for (const delta of ANSWER.match(/.{1,5}/gs)!) printer.print({ type: 'text-delta', id: 'a', delta });
    printer.end();
    assert.equal(output(), ANSWER);
  });

  test('a tool line after a partial paragraph flushes it first; code fences keep their blank lines', () => {
    const { printer, output } = capture(true);
    printer.print({ type: 'text-delta', id: 'a', delta: 'Starting *now*' });
    assert.equal(output(), '', 'an unfinished paragraph waits');
    printer.print({ type: 'tool-input-available', toolCallId: 't', toolName: 'start_study', input: { target: 'branin' } });
    assert.equal(stripAnsi(output()), 'Starting now\n→ start_study {"target":"branin"}\n');
    assert.equal(lastBlockBoundary('```\na\n\nb\n```\n\nafter'), '```\na\n\nb\n```\n\n'.length, 'the blank line inside the fence is no boundary');
    assert.equal(lastBlockBoundary('one paragraph\n'), 0);
  });

  test("chart_study: the summary on the tool line, then the chart's terminal text indented", () => {
    for (const markdown of [false, true]) {
      const { printer, output } = capture(markdown);
      printer.print({ type: 'tool-input-available', toolCallId: 'c', toolName: 'chart_study', input: { chart: 'history' } });
      printer.print({
        type: 'tool-output-available',
        toolCallId: 'c',
        output: { ok: true, chart: 'history', study_id: 'st_1', summary: 'best value 0.398 at trial #17', text: 'best value (min) over 20 trials\n█▆▄▃▂▂▁▁  12.1 → 0.398', png_url: '/api/studies/st_1/charts/history.png' },
      });
      printer.print({ type: 'tool-input-available', toolCallId: 'd', toolName: 'chart_study', input: { chart: 'pareto' } });
      printer.print({ type: 'tool-output-available', toolCallId: 'd', output: { ok: false, error: { code: 'unsupported', message: 'a Pareto front needs at least 2 objectives' } } });
      printer.end();
      assert.equal(
        output(),
        '→ chart_study {"chart":"history"}\n✓ chart_study best value 0.398 at trial #17\n  best value (min) over 20 trials\n  █▆▄▃▂▂▁▁  12.1 → 0.398\n' +
          '→ chart_study {"chart":"pareto"}\n✓ chart_study {"ok":false,"error":{"code":"unsupported","message":"a Pareto front needs at least 2 objectives"}}\n',
      );
    }
  });

  test('terminal control sequences in the text or tool output cannot reach the terminal', () => {
    const evil = 'title\u001b]0;pwned\u0007 \u001b[2J cleared \u009b31m red\n\n';
    for (const markdown of [false, true]) {
      const { printer, output } = capture(markdown);
      printer.print({ type: 'text-delta', id: 'a', delta: evil });
      printer.print({ type: 'tool-input-available', toolCallId: 't', toolName: 'x', input: { note: '\u001b[2J' } });
      printer.end();
      const withoutOurStyles = output().replace(/\u001b\[[0-9;]*m/g, '');
      assert.doesNotMatch(withoutOurStyles, /[\u0007\u001b\u009b]/, `markdown=${markdown}`);
    }
  });
});
