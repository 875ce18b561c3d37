import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from '../../web/markdown.ts';

describe('renderMarkdown', () => {
  test('escapes HTML everywhere, including inside code and link labels', () => {
    const html = renderMarkdown('<img src=x onerror=alert(1)> **<b>bold</b>** `<script>` [<i>x</i>](https://e.x/?a=1&b=2)');
    assert.ok(!html.includes('<img') && !html.includes('<script>') && !html.includes('<b>') && !html.includes('<i>'), html);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /<strong>&lt;b&gt;bold&lt;\/b&gt;<\/strong>/);
    assert.match(html, /<code>&lt;script&gt;<\/code>/);
    assert.match(html, /<a href="https:\/\/e\.x\/\?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">&lt;i&gt;x&lt;\/i&gt;<\/a>/);
  });

  test('only http(s) links become anchors', () => {
    assert.ok(!renderMarkdown('[x](javascript:alert(1))').includes('<a '));
    assert.ok(!renderMarkdown('[x](data:text/html,hi)').includes('<a '));
  });

  test('headings, lists, tables, code fences and paragraphs', () => {
    const html = renderMarkdown('## Best trial\n\n- x1 = 3.14\n- x2 = 2.27\n\n1. first\n2. second\n\n| param | value |\n|---|---|\n| x1 | 3.14 |\n\n```json\n{"a": 1}\n```\nline one\nline two');
    assert.match(html, /<h4>Best trial<\/h4>/);
    assert.match(html, /<ul><li>x1 = 3\.14<\/li><li>x2 = 2\.27<\/li><\/ul>/);
    assert.match(html, /<ol><li>first<\/li><li>second<\/li><\/ol>/);
    assert.match(html, /<table><thead><tr><th>param<\/th><th>value<\/th><\/tr><\/thead><tbody><tr><td>x1<\/td><td>3\.14<\/td><\/tr><\/tbody><\/table>/);
    assert.match(html, /<pre data-lang="json"><code>\{&quot;a&quot;: 1\}<\/code><\/pre>/);
    assert.match(html, /<p>line one<br>line two<\/p>/);
  });

  test('an unterminated code fence (mid-stream) renders as an open code block', () => {
    assert.equal(renderMarkdown('```\npartial <code'), '<pre><code>partial &lt;code</code></pre>');
  });

  test('single asterisks make italics but a lone one stays literal', () => {
    assert.match(renderMarkdown('an *important* note'), /an <em>important<\/em> note/);
    assert.equal(renderMarkdown('2 * 3 = 6'), '<p>2 * 3 = 6</p>');
  });
});
