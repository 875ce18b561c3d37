import { Hono } from 'hono';
import { z } from 'zod';
import { ChatStore, type SessionRecord } from '../../db/chat-store.ts';
import { ToolError } from '../../tools/common/errors.ts';
import type { TurnHub } from '../chat/turn-hub.ts';
import { errorResponse } from '../errors.ts';
import type { Services } from '../services.ts';
import type { SessionJson } from '../protocol.ts';

const patchSchema = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** REST for chat sessions: list, get, rename/patch metadata, delete, messages and stored chunks (for replay). */
export function sessionRoutes(services: Services, hub: TurnHub): Hono {
  const store = new ChatStore(services.db, () => services.clock.now());
  const app = new Hono();
  const toJson = (s: SessionRecord): SessionJson => ({ ...s, active: hub.isActive(s.id) });
  const requireSession = (id: string): SessionRecord => {
    const session = store.getSession(id);
    if (!session) throw new ToolError('not_found', `session "${id}" does not exist`, { details: { parameter: 'id', value: id } });
    return session;
  };

  app.get('/', (c) => {
    const limit = c.req.query('limit');
    const n = limit === undefined ? undefined : Number(limit);
    if (n !== undefined && (!Number.isInteger(n) || n < 1)) {
      return errorResponse(c, new ToolError('invalid_argument', `limit must be a positive integer, got "${limit}"`, { details: { parameter: 'limit' } }));
    }
    return c.json({ sessions: store.listSessions(n === undefined ? {} : { limit: n }).map(toJson) });
  });

  app.get('/:id', (c) => {
    const session = requireSession(c.req.param('id'));
    return c.json({ session: toJson(session), lastSequence: store.lastSequence(session.id), liveFrom: hub.liveFrom(session.id) });
  });

  app.patch('/:id', async (c) => {
    const id = c.req.param('id');
    requireSession(id);
    const body = patchSchema.safeParse(await c.req.json().catch(() => null));
    if (!body.success) {
      const issues = body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      return errorResponse(c, new ToolError('invalid_argument', `PATCH body must be {title?: string, metadata?: object}: ${issues}`));
    }
    if (body.data.title !== undefined) store.renameSession(id, body.data.title);
    if (body.data.metadata !== undefined) store.setSessionMetadata(id, body.data.metadata);
    return c.json({ session: toJson(requireSession(id)) });
  });

  app.delete('/:id', (c) => {
    const id = c.req.param('id');
    requireSession(id);
    hub.abort(id, 'session deleted');
    store.deleteSession(id);
    return c.json({ deleted: id });
  });

  app.get('/:id/messages', (c) => {
    const id = c.req.param('id');
    requireSession(id);
    return c.json({ messages: store.listMessages(id).map((m) => m.message) });
  });

  app.get('/:id/chunks', (c) => {
    const id = c.req.param('id');
    requireSession(id);
    const after = Number(c.req.query('after') ?? '0');
    if (!Number.isInteger(after) || after < 0) {
      return errorResponse(c, new ToolError('invalid_argument', `after must be a non-negative integer, got "${c.req.query('after')}"`, { details: { parameter: 'after' } }));
    }
    const turnId = c.req.query('turn');
    const chunks = store.listChunks(id, { afterSequence: after, ...(turnId ? { turnId } : {}) });
    return c.json({ chunks: chunks.map(({ sequence, turnId: t, tMs, chunk }) => ({ sequence, turnId: t, tMs, chunk })) });
  });

  return app;
}
