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
      inputSchema: z.object({ session_id: z.string().min(1).describe('a session id from list_sessions') }),
      execute: async ({ session_id }) => {
        const session = store.getSession(session_id);
        if (!session) {
          return { ok: false as const, error: { code: 'not_found' as const, message: `session "${session_id}" does not exist; call list_sessions for the ids`, details: { parameter: 'session_id', value: session_id } } };
        }
        const messages = store.listMessages<{ id: string; role: string; parts?: UiPart[] }>(session_id).map(({ message }) => ({
          role: message.role,
          text: (message.parts ?? []).filter((p) => p.type === 'text').map((p) => p.text ?? '').join('').slice(0, 4000),
          tools: (message.parts ?? []).filter((p) => p.type.startsWith('tool-') || p.type === 'dynamic-tool').map((p) => p.toolName ?? p.type.slice(5)),
        }));
        return {
          ...row(session),
          session_id: session.id,
          messages,
          chunks: store.lastSequence(session_id),
          url: `${context.services.config.publicUrl}/?replay=${encodeURIComponent(session.id)}`,
          command: `tunechat replay ${session.id}`,
        };
      },
    }),
  };
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
