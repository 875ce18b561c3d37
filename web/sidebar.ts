import type { SessionJson } from '../server/protocol.ts';
import { api } from './api.ts';
import { escapeHtml } from './markdown.ts';
import { absoluteTime, relativeTime } from './relative-time.ts';

export interface SidebarHandlers {
  /** The user picked a session. */
  open(id: string): void;
  /** A session was renamed or deleted (`deleted` = its id). */
  changed(deleted?: string): Promise<void>;
  error(message: string): void;
}

/**
 * The session list: newest activity first, titled from the first message, a badge for Slack/CLI sessions,
 * a live dot while a turn runs, the last activity as a relative date ("2 h ago"), inline rename (✎, Enter
 * saves, Escape cancels) and delete (✕, confirmed). `now` is injected so the dates are testable.
 */
export class Sidebar {
  private sessions: SessionJson[] = [];
  private currentId: string | null = null;

  constructor(
    private readonly list: HTMLUListElement,
    private readonly handlers: SidebarHandlers,
    private readonly now: () => number = Date.now,
  ) {
    list.addEventListener('click', (event) => this.onClick(event));
  }

  update(sessions: SessionJson[], currentId: string | null): void {
    this.sessions = sessions;
    this.currentId = currentId;
    this.render();
  }

  private render(): void {
    const now = this.now();
    this.list.innerHTML = this.sessions
      .map((s) => {
        const when = `<time class="session-time" datetime="${Number.isFinite(s.updatedAt) ? new Date(s.updatedAt).toISOString() : ''}" title="${escapeHtml(absoluteTime(s.updatedAt))}">${escapeHtml(relativeTime(s.updatedAt, now))}</time>`;
        const badge = s.source !== 'web' ? `<span class="badge badge-${escapeHtml(s.source)}">${escapeHtml(s.source)}</span>` : '';
        const live = s.active ? '<span class="live-dot" title="answering"></span>' : '';
        return `<li class="session${s.id === this.currentId ? ' current' : ''}" data-id="${escapeHtml(s.id)}">
        <button type="button" class="session-open" title="${escapeHtml(s.title)}">${live}<span class="session-title">${escapeHtml(s.title)}</span>${badge}${when}</button>
        <span class="session-actions"><button type="button" class="rename" title="Rename">✎</button><button type="button" class="delete" title="Delete">✕</button></span>
      </li>`;
      })
      .join('');
  }

  private onClick(event: MouseEvent): void {
    const target = event.target as HTMLElement;
    const item = target.closest<HTMLLIElement>('li.session');
    const id = item?.dataset.id;
    if (!item || !id) return;
    if (target.closest('.rename')) return this.startRename(item, id);
    if (target.closest('.delete')) {
      const session = this.sessions.find((s) => s.id === id);
      if (!confirm(`Delete "${session?.title ?? id}"? Its messages and replay are removed.`)) return;
      void api.deleteSession(id).then(() => this.handlers.changed(id), (error: Error) => this.handlers.error(error.message));
      return;
    }
    this.handlers.open(id);
  }

  private startRename(item: HTMLLIElement, id: string): void {
    const session = this.sessions.find((s) => s.id === id);
    const input = document.createElement('input');
    input.className = 'rename-input';
    input.value = session?.title ?? '';
    item.replaceChildren(input);
    input.focus();
    input.select();
    let done = false;
    const finish = (save: boolean) => {
      if (done) return;
      done = true;
      const title = input.value.trim();
      if (save && title && title !== session?.title) {
        void api.patchSession(id, { title }).then(() => this.handlers.changed(), (e: Error) => this.handlers.error(e.message));
      } else this.render();
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') finish(true);
      if (e.key === 'Escape') finish(false);
    });
    input.addEventListener('blur', () => finish(true));
  }
}
