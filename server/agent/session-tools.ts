import { tool, type ToolSet } from 'ai';
import { z } from 'zod';
import { ChatStore, type SessionRecord } from '../../db/chat-store.ts';
import type { Services } from '../services.ts';

export interface SessionToolsContext {
  services: Pick<Services, 'db' | 'config'>;
  sessionId: string;
}

interface UiPart {
  type: string;
  text?: string;
  toolName?: string;
  state?: string;
}

/** `list_sessions {}` and `replay_session {session_id}` over the chat store. */
export function createSessionTools(context: SessionToolsContext): ToolSet {
  const store = new ChatStore(context.services.db);
  return {
    list_sessions: tool({
      description: 'List the saved chat sessions, newest first (id, title, source, created_at, updated_at, whether it is the current one). Use the id with replay_session.',
      inputSchema: z.object({ limit: z.number().int().min(1).max(200).optional().describe('how many (default 50)') }),
      execute: async ({ limit }) => ({
        sessions: store.listSessions({ limit: limit ?? 50 }).map((s) => ({ ...row(s), current: s.id === context.sessionId })),
      }),
    }),
    replay_session: tool({
      description: 'Replay a saved session: its messages in order (user text, assistant text, tools called) and how to watch it with the original timing (web UI replay view or `tunechat replay <id>`).',
      inputSchema: z
        .object({
          session_id: z.string().min(1).optional().describe('a session id from list_sessions'),
          which: z.enum(WHICH).optional().describe('instead of an id: the session before this one, the oldest, or the latest one from yesterday'),
        })
        .refine((input) => (input.session_id === undefined) !== (input.which === undefined), { message: 'give exactly one of session_id and which' }),
      execute: async ({ session_id, which }) => {
        const id = session_id ?? pickSession(store.listSessions({ limit: 200 }), which!, context.sessionId);
        const session = id ? store.getSession(id) : null;
        if (!session) {
          const value = session_id ?? which;
          const message = session_id ? `session "${session_id}" does not exist; call list_sessions for the ids` : `there is no ${which} session; call list_sessions for the ids`;
          return { ok: false as const, error: { code: 'not_found' as const, message, details: { parameter: session_id ? 'session_id' : 'which', value } } };
        }
        const messages = store.listMessages<{ id: string; role: string; parts?: UiPart[] }>(session.id).map(({ message }) => ({
          role: message.role,
          text: (message.parts ?? []).filter((p) => p.type === 'text').map((p) => p.text ?? '').join('').slice(0, 4000),
          tools: (message.parts ?? []).filter((p) => p.type.startsWith('tool-') || p.type === 'dynamic-tool').map((p) => p.toolName ?? p.type.slice(5)),
        }));
        return {
          ...row(session),
          session_id: session.id,
          messages,
          chunks: store.lastSequence(session.id),
          url: `${context.services.config.publicUrl}/?replay=${encodeURIComponent(session.id)}`,
          command: `tunechat replay ${session.id}`,
        };
      },
    }),
  };
}

const WHICH = ['previous', 'oldest', 'yesterday'] as const;

/**
 * A session named by position rather than id: "previous" is the newest one other than the current session, "oldest" the
 * first one ever, "yesterday" the newest one last updated on the calendar day before the current session's (so the
 * answer does not depend on the clock).
 */
export function pickSession(sessions: SessionRecord[], which: (typeof WHICH)[number], currentId: string): string | null {
  const others = sessions.filter((s) => s.id !== currentId).sort((a, b) => b.updatedAt - a.updatedAt);
  if (which === 'previous') return others[0]?.id ?? null;
  if (which === 'oldest') return [...sessions].sort((a, b) => a.createdAt - b.createdAt)[0]?.id ?? null;
  const current = sessions.find((s) => s.id === currentId);
  const day = (ms: number) => Math.floor(ms / 86_400_000);
  const today = day(current?.updatedAt ?? others[0]?.updatedAt ?? 0);
  return others.find((s) => day(s.updatedAt) === today - 1)?.id ?? null;
}

function row(session: SessionRecord) {
  return {
    id: session.id,
    title: session.title,
    source: session.source,
    created_at: new Date(session.createdAt).toISOString(),
    updated_at: new Date(session.updatedAt).toISOString(),
  };
}
