import { copyButtonHtml } from './copy-buttons.ts';
import { escapeHtml, renderChatMarkdown } from './markdown.ts';
import { messagePlainText, type ViewMessage } from './message-builder.ts';
import { toolCardHtml } from './tool-card.ts';

const finishedHtml = new WeakMap<ViewMessage, string>();
/** The message each rendered node shows (copy buttons read the message's markdown from here, not the DOM). */
const nodeMessages = new WeakMap<Element, ViewMessage>();

/** The message a node rendered by `renderMessages` shows. */
export function messageOfNode(node: Element): ViewMessage | undefined {
  return nodeMessages.get(node);
}

export { messagePlainText };

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
  // One full live panel per study and message (start_study and wait_for_study name the same study): later cards
  // of that study in the message show its one-line status, with charts on demand.
  const studiesShown = new Set<string>();
  const body = message.parts
    .map((part) => {
      if (part.type === 'text') return `<div class="md">${renderChatMarkdown(part.text ?? '', copyButtonHtml('code'))}</div>`;
      if (part.type.startsWith('tool-') || part.type === 'dynamic-tool') return toolCardHtml(part, { messageDone: !message.streaming, studiesShown });
      return '';
    })
    .join('');
  const errors = (message.metadata?.errors ?? []).map((e) => `<div class="turn-error" role="alert">⚠ ${escapeHtml(e)}</div>`).join('');
  const aborted = message.metadata?.aborted ? '<div class="turn-note">stopped</div>' : '';
  const typing = message.streaming ? '<span class="cursor" aria-hidden="true"></span>' : '';
  const actions = !message.streaming && messagePlainText(message) ? `<div class="msg-actions">${copyButtonHtml('message')}</div>` : '';
  return `<div class="msg assistant${message.streaming ? ' streaming' : ''}">${body}${typing}${errors}${aborted}${actions}</div>`;
}

/**
 * Renders the list into `container`, reusing the DOM of messages whose HTML did not change
 * (only the streaming message is rebuilt per chunk), and keeps the view pinned to the bottom while streaming.
 * With no messages, `options.emptyHtml` (e.g. example prompts) is shown instead.
 */
export function renderMessages(container: HTMLElement, messages: ViewMessage[], options: { emptyHtml?: string } = {}): void {
  const nearBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 80;
  const nodes = container.children;
  const items: { html: string; message: ViewMessage | null }[] =
    messages.length === 0 && options.emptyHtml ? [{ html: options.emptyHtml, message: null }] : messages.map((m) => ({ html: messageHtml(m), message: m }));
  items.forEach(({ html, message }, i) => {
    const existing = nodes[i] as HTMLElement | undefined;
    if (existing && existing.dataset.html === html) {
      if (message) nodeMessages.set(existing, message);
      return;
    }
    const wrapper = document.createElement('div');
    wrapper.innerHTML = html;
    const node = wrapper.firstElementChild as HTMLElement;
    node.dataset.html = html;
    if (message) nodeMessages.set(node, message);
    keepOpenDetails(existing, node);
    if (existing) container.replaceChild(node, existing);
    else container.appendChild(node);
  });
  while (nodes.length > items.length) container.removeChild(container.lastChild!);
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
