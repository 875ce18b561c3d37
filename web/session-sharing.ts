import { redirectIfUnauthenticated } from './auth-redirect.ts';

/**
 * Share / Export / Import controls for the chat UI (routes in server/routes/replay-share.ts, docs/sessions.md).
 * Self-contained: adds its buttons to the header and the sidebar and reads the open session from the URL
 * (`/s/<id>`), so the chat app only has to call `attachSessionSharing()` once.
 */
export function attachSessionSharing(): void {
  const header = document.querySelector('.header-actions');
  const sidebar = document.querySelector('#sidebar');
  if (!header || !sidebar) return;
  const share = button('share', 'Share', 'Share a read-only replay link of this session');
  const exportButton = button('export', 'Export', 'Download this session as a JSON file');
  const panel = document.createElement('div');
  panel.id = 'share-panel';
  panel.hidden = true;
  header.prepend(share, exportButton);
  (header.closest('header') ?? header).after(panel);

  const importButton = button('import', 'Import…', 'Import a session file exported from tunechat');
  const file = document.createElement('input');
  file.type = 'file';
  file.accept = 'application/json,.json';
  file.hidden = true;
  sidebar.append(importButton, file);

  const sessionId = () => {
    const match = /^\/(?:s|replay)\/([^/]+)$/.exec(location.pathname);
    return match ? decodeURIComponent(match[1]!) : null;
  };
  const sync = () => {
    share.hidden = exportButton.hidden = sessionId() === null;
    if (sessionId() === null) panel.hidden = true;
  };
  new MutationObserver(sync).observe(document.querySelector('#title') ?? document.body, { childList: true, characterData: true, subtree: true });
  window.addEventListener('popstate', sync);
  sync();

  share.addEventListener('click', async () => {
    const id = sessionId();
    if (!id) return;
    const state = await request(`/api/sessions/${encodeURIComponent(id)}/share`, { method: 'POST' });
    if (state) showShare(panel, id, state as { url: string });
  });
  exportButton.addEventListener('click', () => {
    const id = sessionId();
    if (id) location.href = `/api/sessions/${encodeURIComponent(id)}/export`;
  });
  importButton.addEventListener('click', () => file.click());
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    file.value = '';
    if (!chosen) return;
    const result = (await request('/api/sessions/import', { method: 'POST', body: await chosen.text() })) as { sessionId: string } | null;
    if (result) location.assign(`/s/${encodeURIComponent(result.sessionId)}`);
  });
}

function showShare(panel: HTMLElement, id: string, state: { url: string }): void {
  panel.replaceChildren();
  const link = document.createElement('input');
  link.readOnly = true;
  link.value = state.url;
  link.className = 'share-link';
  const copy = button('share-copy', 'Copy', 'Copy the link');
  copy.addEventListener('click', () => void navigator.clipboard?.writeText(state.url).catch(() => link.select()));
  const stop = button('share-stop', 'Stop sharing', 'Turn the link off; it stops working at once');
  stop.addEventListener('click', async () => {
    if (await request(`/api/sessions/${encodeURIComponent(id)}/share`, { method: 'DELETE' })) panel.hidden = true;
  });
  const close = button('share-close', '✕', 'Close');
  close.addEventListener('click', () => (panel.hidden = true));
  const note = document.createElement('span');
  note.textContent = 'Anyone with this link can watch a read-only replay.';
  panel.append(note, link, copy, stop, close);
  panel.hidden = false;
  link.select();
}

function button(id: string, label: string, title: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.id = id;
  b.textContent = label;
  b.title = title;
  return b;
}

/** JSON request; shows the server's error message (e.g. "already exists", "newer schema_version") and returns null on failure. */
/** State changes must be JSON requests (the server refuses others: docs/security.md); every body here is JSON. */
async function request(path: string, init: RequestInit): Promise<unknown> {
  const res = await fetch(path, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
  redirectIfUnauthenticated(res);
  const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
  if (!res.ok) {
    alert(body.error?.message ?? `${init.method ?? 'GET'} ${path}: HTTP ${res.status}`);
    return null;
  }
  return body;
}
