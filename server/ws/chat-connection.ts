import { randomUUID } from 'node:crypto';
import { toToolError } from '../../tools/common/errors.ts';
import type { Requester } from '../../tools/common/requester.ts';
import type { Principal } from '../../tools/iam/types.ts';
import type { StudyManager } from '../../tools/optimizer/study-manager.ts';
import type { TurnHub, TurnListener } from '../chat/turn-hub.ts';
import { clientFrameSchema, type AlertJson, type ChunkJson, type ResumeFrame, type SendFrame, type ServerFrame, type WatchStudyFrame } from '../protocol.ts';
import { StudyWatch, type StudyWatchOptions } from './study-watch.ts';

/**
 * Largest client frame, in UTF-8 bytes (1 MiB). The socket library enforces it while reading (ws `maxPayload`:
 * an oversize frame closes the socket with 1009 before it is buffered, see server/app.ts); `receive` checks it
 * again, so the limit holds whatever socket feeds the connection.
 */
export const MAX_FRAME_BYTES = 1024 * 1024;

/** Requests (`send` and `resume`) one connection may have in flight at once; more are refused as `busy`. */
export const MAX_REQUESTS_PER_CONNECTION = 32;

/** Who the upgrade authenticated (server/security/auth.ts): the principal, and the client's address. */
export interface ConnectionIdentity {
  principal?: Principal;
  sourceIp?: string;
}

interface Request {
  sessionId: string | null;
  listener: TurnListener;
  unsubscribe: () => void;
}

/**
 * One websocket connection speaking the protocol in `server/protocol.ts`. It is independent of the socket
 * library: `send` writes one frame. Requests multiplex by `requestId`; each follows one turn of the hub.
 * Closing the connection detaches its listeners; the turns keep running.
 */
export class ChatConnection {
  private readonly requests = new Map<string, Request>();
  /** Sessions this connection sent to or resumed: alerts for them are pushed here. */
  private readonly sessions = new Set<string>();
  private closed = false;
  /**
   * Who the socket's turns act as: the user its upgrade authenticated as (cookie or bearer, server/security/auth.ts),
   * or the operator when authentication is off (absent principal). Cross-site pages are kept out by the Origin/Host
   * checks; one client per socket. `commands` is true for users too: whether a typed command may run is then the
   * policy's decision (bench:RunCommand; the default guardrails), on top of command-permission's typed-exactly rules.
   */
  readonly requester: Requester;

  /** The study feed (`watch-study`); null when the connection was built without the studies service. */
  readonly studyWatch: StudyWatch | null;

  constructor(
    private readonly hub: TurnHub,
    private readonly send: (frame: ServerFrame) => void,
    options: { studies?: StudyManager; studyWatch?: StudyWatchOptions; identity?: ConnectionIdentity } = {},
  ) {
    const { principal, sourceIp } = options.identity ?? {};
    this.requester = Object.freeze({
      source: 'web',
      client: `ws:${randomUUID()}`,
      commands: true,
      ...(principal ? { principal } : {}),
      ...(sourceIp ? { sourceIp } : {}),
    });
    this.studyWatch = options.studies ? new StudyWatch(options.studies, (frame) => this.write(frame), options.studyWatch) : null;
  }

  receive(raw: string): void {
    // Count UTF-8 bytes, not UTF-16 code units: a frame of multi-byte characters is up to 3x its `length`.
    const bytes = Buffer.byteLength(raw, 'utf8');
    if (bytes > MAX_FRAME_BYTES) return this.fail(null, 'too_large', `frame is ${bytes} bytes (UTF-8); the limit is ${MAX_FRAME_BYTES} bytes per frame`);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return this.fail(null, 'invalid_argument', `frame is not valid JSON: ${raw.slice(0, 80)}`);
    }
    const parsed = clientFrameSchema.safeParse(json);
    if (!parsed.success) {
      const requestId = typeof (json as { requestId?: unknown })?.requestId === 'string' ? (json as { requestId: string }).requestId : null;
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'frame'}: ${i.message}`).join('; ');
      return this.fail(requestId, 'invalid_argument', `malformed frame (${issues}); expected {type:'send'|'resume'|'abort'|'watch-study', requestId, …} or {type:'unwatch-study', studyId}`);
    }
    const frame = parsed.data;
    // Study watches are not turn requests: they neither count toward nor collide with the requests in flight.
    if (frame.type === 'watch-study') return this.handleWatch(frame);
    if (frame.type === 'unwatch-study') return this.studyWatch?.unwatch(frame.studyId);
    if (frame.type !== 'abort' && this.requests.has(frame.requestId)) {
      return this.fail(frame.requestId, 'conflict', `requestId "${frame.requestId}" is already in use on this connection`);
    }
    if (frame.type !== 'abort' && this.requests.size >= MAX_REQUESTS_PER_CONNECTION) {
      return this.fail(frame.requestId, 'busy', `this connection already has ${this.requests.size} requests in flight, the limit per connection (${MAX_REQUESTS_PER_CONNECTION}); wait for one to end or abort one`);
    }
    if (frame.type === 'send') this.handleSend(frame);
    else if (frame.type === 'resume') this.handleResume(frame);
    else this.handleAbort(frame.requestId);
  }

  /** Pushes an alert if it belongs to a session this connection follows. */
  alert(alert: AlertJson): void {
    if (alert.sessionId && this.sessions.has(alert.sessionId)) this.write({ type: 'alert', sessionId: alert.sessionId, alert });
  }

  close(): void {
    this.closed = true;
    this.studyWatch?.close();
    for (const request of this.requests.values()) request.unsubscribe();
    this.requests.clear();
  }

  private handleSend(frame: SendFrame): void {
    const listener = this.listenerFor(frame.requestId);
    const request: Request = { sessionId: frame.id, listener, unsubscribe: () => this.hub.detach(listener) };
    this.requests.set(frame.requestId, request);
    try {
      const started = this.hub.start({ sessionId: frame.id, text: frame.text, dryRun: frame.dryRun ?? false, source: 'web', requester: this.requester }, listener);
      request.sessionId = started.sessionId;
      this.sessions.add(started.sessionId);
      // `start` precedes the first chunk: chunks only flow after runChatTurn's first await.
      this.write({ type: 'start', requestId: frame.requestId, sessionId: started.sessionId, turnId: started.turnId });
    } catch (error) {
      this.requests.delete(frame.requestId);
      const e = toToolError(error);
      this.fail(frame.requestId, e.code, e.message);
    }
  }

  private handleResume(frame: ResumeFrame): void {
    this.sessions.add(frame.id);
    const listener = this.listenerFor(frame.requestId);
    const request: Request = { sessionId: frame.id, listener, unsubscribe: () => {} };
    this.requests.set(frame.requestId, request);
    listener.start = (turnId) => this.write({ type: 'start', requestId: frame.requestId, sessionId: frame.id, turnId });
    const following = this.hub.follow(frame.id, frame.lastSequence, listener);
    if (!following) {
      this.requests.delete(frame.requestId);
      this.write({ type: 'no-active', requestId: frame.requestId });
      return;
    }
    request.unsubscribe = following.unsubscribe;
  }

  private handleWatch(frame: WatchStudyFrame): void {
    if (!this.studyWatch) return this.fail(frame.requestId, 'unsupported', 'this server has no studies service to watch');
    try {
      this.studyWatch.watch(frame.studyId);
    } catch (error) {
      const e = toToolError(error);
      this.fail(frame.requestId, e.code, e.message);
    }
  }

  private handleAbort(requestId: string): void {
    const request = this.requests.get(requestId);
    if (!request?.sessionId || !this.hub.abort(request.sessionId)) {
      this.fail(requestId, 'not_found', `no running turn for requestId "${requestId}" on this connection`);
    }
  }

  private listenerFor(requestId: string): TurnListener {
    let ended = false;
    return {
      chunk: (chunk, sequence) => {
        if (!ended) this.write({ type: 'chunk', requestId, sequence, chunk: chunk as unknown as ChunkJson });
      },
      end: () => {
        if (ended) return;
        ended = true;
        this.requests.delete(requestId);
        this.write({ type: 'end', requestId });
      },
    };
  }

  private fail(requestId: string | null, code: string, errorText: string): void {
    this.write({ type: 'error', requestId, errorText, code });
  }

  private write(frame: ServerFrame): void {
    if (!this.closed) this.send(frame);
  }
}
