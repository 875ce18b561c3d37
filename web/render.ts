import { escapeHtml, renderMarkdown } from './markdown.ts';
import type { ViewMessage } from './message-builder.ts';
import { toolCardHtml } from './tool-card.ts';

const finishedHtml = new WeakMap<ViewMessage, string>();

/** The HTML of one chat message; cached once the message is complete (only a streaming message changes). */
export function messageHtml(message: ViewMessage): string {
  if (message.streaming) return buildMessageHtml(message);
  let html = finishedHtml.get(message);
  if (html === undefined) {
    html = buildMessageHtml(message);
    finishedHtml.set(message, html);
  }
  return html;
}

/** User text, or the assistant's parts (markdown text, tool cards, errors). */
function buildMessageHtml(message: ViewMessage): string {
  if (message.role === 'user') {
    const text = message.parts.filter((p) => p.type === 'text').map((p) => p.text ?? '').join('');
    return `<div class="msg user"><div class="bubble">${escapeHtml(text)}</div></div>`;
  }
  const body = message.parts
    .map((part) => {
      if (part.type === 'text') return `<div class="md">${renderMarkdown(part.text ?? '')}</div>`;
      if (part.type.startsWith('tool-') || part.type === 'dynamic-tool') return toolCardHtml(part, { messageDone: !message.streaming });
      return '';
    })
    .join('');
  const errors = (message.metadata?.errors ?? []).map((e) => `<div class="turn-error" role="alert">⚠ ${escapeHtml(e)}</div>`).join('');
  const aborted = message.metadata?.aborted ? '<div class="turn-note">stopped</div>' : '';
  const typing = message.streaming ? '<span class="cursor" aria-hidden="true"></span>' : '';
  return `<div class="msg assistant${message.streaming ? ' streaming' : ''}">${body}${typing}${errors}${aborted}</div>`;
}

/**
 * Renders the list into `container`, reusing the DOM of messages whose HTML did not change
 * (only the streaming message is rebuilt per chunk), and keeps the view pinned to the bottom while streaming.
 */
export function renderMessages(container: HTMLElement, messages: ViewMessage[]): void {
  const nearBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 80;
  const nodes = container.children;
  messages.forEach((message, i) => {
    const html = messageHtml(message);
    const existing = nodes[i] as HTMLElement | undefined;
    if (existing && existing.dataset.html === html) return;
    const wrapper = document.createElement('div');
    wrapper.innerHTML = html;
    const node = wrapper.firstElementChild as HTMLElement;
    node.dataset.html = html;
    keepOpenDetails(existing, node);
    if (existing) container.replaceChild(node, existing);
    else container.appendChild(node);
  });
  while (nodes.length > messages.length) container.removeChild(container.lastChild!);
  if (nearBottom) container.scrollTop = container.scrollHeight;
}

/** A `<details>` the user opened stays open when the card re-renders. */
function keepOpenDetails(previous: HTMLElement | undefined, next: HTMLElement): void {
  if (!previous) return;
  const before = previous.querySelectorAll('details');
  const after = next.querySelectorAll('details');
  before.forEach((d, i) => {
    if (after[i]) after[i]!.open = d.open;
  });
}
