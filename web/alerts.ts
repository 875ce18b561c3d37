import type { AlertJson } from '../server/protocol.ts';
import { alertLineParts, groupAlerts, type AlertGroup } from './alert-format.ts';
import { escapeHtml } from './markdown.ts';
import { absoluteTime, relativeTime } from './relative-time.ts';

/** Alerts kept in the page (oldest dropped first); each group's details list its last few. */
const MAX_ALERTS = 200;
const DETAILS_PER_GROUP = 10;
const MAX_NOTICE_CHARS = 500;

/**
 * The alert strip above the messages: one compact, dismissible line per rule (grouped: "×3"), full details on
 * expand, "Dismiss all" when there are several lines. Plain notices (a failed request) are lines too, grouped
 * by text. `render` is cheap; the app calls it on a timer so the relative times stay fresh.
 */
export class AlertsView {
  private alerts: AlertJson[] = [];
  private notices: { text: string; count: number; at: number }[] = [];
  private readonly open = new Set<string>();

  constructor(
    private readonly container: HTMLElement,
    private readonly now: () => number = Date.now,
  ) {
    container.addEventListener('click', (event) => this.onClick(event));
    container.addEventListener('toggle', (event) => this.onToggle(event), true);
  }

  add(alert: AlertJson): void {
    if (this.alerts.some((a) => a.id === alert.id)) return;
    this.alerts.push(alert);
    if (this.alerts.length > MAX_ALERTS) this.alerts.splice(0, this.alerts.length - MAX_ALERTS);
    this.render();
  }

  notice(message: string): void {
    const text = message.slice(0, MAX_NOTICE_CHARS);
    const existing = this.notices.find((n) => n.text === text);
    if (existing) {
      existing.count += 1;
      existing.at = this.now();
    } else this.notices.push({ text, count: 1, at: this.now() });
    if (this.notices.length > 20) this.notices.shift();
    this.render();
  }

  dismissAll(): void {
    this.alerts = [];
    this.notices = [];
    this.open.clear();
    this.render();
  }

  render(): void {
    const now = this.now();
    const groups = groupAlerts(this.alerts);
    const lines = [
      ...this.notices.map((n) => `<div class="alert alert-notice" data-key="notice:${escapeHtml(n.text)}" role="alert"><span class="alert-line"><span class="alert-text">⚠ ${escapeHtml(n.text)}</span>${n.count > 1 ? `<span class="alert-sep"> · </span><span class="alert-count">×${n.count}</span>` : ''}</span>${dismissButton()}</div>`),
      ...groups.map((g) => this.groupHtml(g, now)),
    ];
    const dismissAll = lines.length > 1 ? '<div class="alerts-bar"><button type="button" class="alerts-dismiss-all">Dismiss all</button></div>' : '';
    this.container.innerHTML = lines.length ? `${dismissAll}${lines.join('')}` : '';
  }

  private groupHtml(group: AlertGroup, now: number): string {
    const [rule, ...rest] = alertLineParts(group, now);
    const key = `rule:${group.key}`;
    const details = group.alerts
      .slice(-DETAILS_PER_GROUP)
      .reverse()
      .map((a) => {
        const at = typeof a.at === 'number' ? a.at : Date.parse(a.at);
        const facts = JSON.stringify(a.facts ?? null, null, 2) ?? '';
        return `<div class="alert-entry"><div><time title="${escapeHtml(absoluteTime(at))}">${escapeHtml(relativeTime(at, now))}</time> ${escapeHtml(String(a.message).slice(0, 2000))}</div><pre class="json">${escapeHtml(facts.length > 4000 ? `${facts.slice(0, 4000)}\n…` : facts)}</pre></div>`;
      })
      .join('');
    const more = group.count > DETAILS_PER_GROUP ? `<div class="alert-more">and ${group.count - DETAILS_PER_GROUP} earlier</div>` : '';
    return `<div class="alert" data-key="${escapeHtml(key)}" data-rule="${escapeHtml(group.ruleId)}">
      <details${this.open.has(key) ? ' open' : ''}><summary class="alert-line" title="${escapeHtml(group.latest.message)}"><span class="alert-rule">🔔 ${escapeHtml(rule ?? '')}</span>${rest.map((p) => `<span class="alert-sep"> · </span><span class="alert-part">${escapeHtml(p)}</span>`).join('')}</summary>
      <div class="alert-details">${details}${more}</div></details>${dismissButton()}</div>`;
  }

  private onClick(event: MouseEvent): void {
    const target = event.target as HTMLElement;
    if (target.closest('.alerts-dismiss-all')) return this.dismissAll();
    const dismiss = target.closest('.alert-dismiss');
    const key = dismiss?.closest<HTMLElement>('.alert')?.dataset.key;
    if (!key) return;
    if (key.startsWith('rule:')) this.alerts = this.alerts.filter((a) => `rule:${a.ruleId}` !== key);
    else this.notices = this.notices.filter((n) => `notice:${n.text}` !== key);
    this.open.delete(key);
    this.render();
  }

  private onToggle(event: Event): void {
    const details = event.target as HTMLDetailsElement;
    const key = details.closest<HTMLElement>('.alert')?.dataset.key;
    if (!key) return;
    if (details.open) this.open.add(key);
    else this.open.delete(key);
  }
}

function dismissButton(): string {
  return '<button type="button" class="alert-dismiss" aria-label="Dismiss" title="Dismiss">✕</button>';
}
