/**
 * Copy buttons on assistant messages and code blocks. The label comes from CSS (`.copy-btn::after`), so the
 * button adds no text to the message's `innerText` (what tests and screen readers read as the answer);
 * the accessible name is its `aria-label`, which turns to "Copied" for 1.5 s after a copy.
 */

export type CopyKind = 'message' | 'code';

const LABELS: Record<CopyKind, string> = { message: 'Copy answer', code: 'Copy code' };
const FEEDBACK_MS = 1500;

export function copyButtonHtml(kind: CopyKind): string {
  return `<button type="button" class="copy-btn" data-copy="${kind}" aria-label="${LABELS[kind]}" title="${LABELS[kind]}"></button>`;
}

/**
 * The text a copy button stands for: its code block's code, or what `messageText` says for its `.msg` node
 * (the app passes the message's markdown, see web/render.ts `messageOfNode`), else the node's visible text.
 */
export function copyTextFor(button: HTMLElement, messageText: (node: HTMLElement) => string | null = () => null): string | null {
  if (button.dataset.copy === 'code') return button.closest('.code-block')?.querySelector('pre')?.textContent ?? null;
  const node = button.closest<HTMLElement>('.msg');
  if (!node) return null;
  return messageText(node) ?? node.querySelector('.md')?.textContent ?? null;
}

/**
 * Writes `text` to the clipboard: the async Clipboard API where the page may use it (https or localhost),
 * else a hidden textarea and `execCommand('copy')` (plain http on a LAN address). Resolves whether it worked.
 */
export async function copyToClipboard(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Permission denied or not focused: fall back below.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  area.style.left = '0';
  area.style.top = '0';
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/** One delegated click handler on `root` for every copy button inside it, present or future. */
export function attachCopyButtons(root: HTMLElement, messageText?: (node: HTMLElement) => string | null): void {
  root.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button.copy-btn');
    if (!button || !root.contains(button)) return;
    const text = copyTextFor(button, messageText);
    if (text === null) return;
    const kind = (button.dataset.copy === 'code' ? 'code' : 'message') satisfies CopyKind;
    void copyToClipboard(text).then((ok) => {
      button.classList.toggle('copied', ok);
      button.classList.toggle('copy-failed', !ok);
      button.setAttribute('aria-label', ok ? 'Copied' : 'Copy failed');
      setTimeout(() => {
        button.classList.remove('copied', 'copy-failed');
        button.setAttribute('aria-label', LABELS[kind]);
      }, FEEDBACK_MS);
    });
  });
}
