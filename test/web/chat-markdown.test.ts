import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyButtonHtml } from '../../web/copy-buttons.ts';
import { renderChatMarkdown } from '../../web/markdown.ts';
import { messagePlainText } from '../../web/message-builder.ts';

describe('chat markdown chrome', () => {
  test('tables get a scroll box, code blocks a copy button; the markup inside is unchanged', () => {
    const html = renderChatMarkdown('| a | b |\n|---|---|\n| 1 | 2 |\n\n```py\nx = "<b>"\n```', copyButtonHtml('code'));
    assert.match(html, /^<div class="table-scroll" tabindex="0"><table><thead>.*<\/table><\/div>/);
    assert.match(html, /<div class="code-block"><button type="button" class="copy-btn" data-copy="code" aria-label="Copy code" title="Copy code"><\/button><pre data-lang="py"><code>x = &quot;&lt;b&gt;&quot;<\/code><\/pre><\/div>$/);
  });

  test('text that spells the tags is escaped, so it is never wrapped', () => {
    const html = renderChatMarkdown('a <table> and <pre> and </pre>', copyButtonHtml('code'));
    assert.equal(html, '<p>a &lt;table&gt; and &lt;pre&gt; and &lt;/pre&gt;</p>');
  });

  test('"Copy answer" copies the text parts as markdown, without tool parts', () => {
    const text = messagePlainText({ id: 'm', role: 'assistant', parts: [{ type: 'text', text: 'First **bold**\n' }, { type: 'tool-x', toolCallId: 'c' }, { type: 'text', text: '| a |\n|---|\n| 1 |' }] });
    assert.equal(text, 'First **bold**\n\n| a |\n|---|\n| 1 |');
  });
});
