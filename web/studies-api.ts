import { redirectIfUnauthenticated } from './auth-redirect.ts';
import type { ImportanceJson, StudyViewJson, TrialViewJson } from '../server/studies-protocol.ts';

/** REST calls under /api/studies (server/studies-protocol.ts). State changes send a JSON body (the request guard requires it). */
async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
  redirectIfUnauthenticated(res);
  const body = (await res.json().catch(() => ({}))) as T & { error?: { message?: string } };
  if (!res.ok) throw new Error(body.error?.message ?? `${init.method ?? 'GET'} ${path}: HTTP ${res.status}`);
  return body;
}

const at = (id: string) => `/api/studies/${encodeURIComponent(id)}`;

export const studiesApi = {
  list: (limit = 50) => call<{ studies: StudyViewJson[] }>(`/api/studies?limit=${limit}`).then((r) => r.studies),
  get: (id: string) => call<StudyViewJson>(at(id)),
  trials: (id: string, after?: number) => call<{ trials: TrialViewJson[] }>(`${at(id)}/trials${after !== undefined ? `?after=${after}` : ''}`).then((r) => r.trials),
  importance: (id: string) => call<ImportanceJson>(`${at(id)}/importance`),
  stop: (id: string) => call<StudyViewJson>(`${at(id)}/stop`, { method: 'POST', body: '{}' }),
  resume: (id: string) => call<StudyViewJson>(`${at(id)}/resume`, { method: 'POST', body: '{}' }),
};
export type StudiesApi = typeof studiesApi;
