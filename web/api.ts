import { redirectIfUnauthenticated } from './auth-redirect.ts';
import type { SessionJson, StoredChunkJson } from '../server/protocol.ts';
import type { ViewMessage } from './message-builder.ts';

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, { ...init, headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) } });
  redirectIfUnauthenticated(res);
  const body = (await res.json().catch(() => ({}))) as T & { error?: { message?: string } };
  if (!res.ok) throw new Error(body.error?.message ?? `${init?.method ?? 'GET'} ${path}: HTTP ${res.status}`);
  return body;
}

/** The REST API under /api/sessions. */
export const api = {
  listSessions: () => call<{ sessions: SessionJson[] }>('/api/sessions').then((r) => r.sessions),
  getSession: (id: string) => call<{ session: SessionJson; lastSequence: number; liveFrom: number | null }>(`/api/sessions/${encodeURIComponent(id)}`),
  messages: (id: string) => call<{ messages: ViewMessage[] }>(`/api/sessions/${encodeURIComponent(id)}/messages`).then((r) => r.messages),
  chunks: (id: string, after = 0) => call<{ chunks: StoredChunkJson[] }>(`/api/sessions/${encodeURIComponent(id)}/chunks?after=${after}`).then((r) => r.chunks),
  patchSession: (id: string, patch: { title?: string; metadata?: Record<string, unknown> }) =>
    call<{ session: SessionJson }>(`/api/sessions/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify(patch) }).then((r) => r.session),
  deleteSession: (id: string) => call<{ deleted: string }>(`/api/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};
