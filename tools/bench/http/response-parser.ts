/**
 * A minimal incremental HTTP/1.1 response parser for the load generator (what wrk does with its small C
 * parser): status code, Content-Length or chunked bodies, `Connection: close`. Bodies are skipped, never
 * copied. Several pipelined responses in one read and responses split over reads are both handled.
 */
const CRLF = Buffer.from('\r\n');
const CRLF2 = Buffer.from('\r\n\r\n');

const enum State {
  Head,
  Body,
  ChunkSize,
  ChunkData,
  Trailer,
  UntilClose,
}

export type ResponseHandler = (status: number, keepAlive: boolean) => void;

export class ResponseParser {
  private state = State.Head;
  private pending: Buffer | null = null;
  private remaining = 0;
  private status = 0;
  private keepAlive = true;

  constructor(
    private readonly onResponse: ResponseHandler,
    /** HEAD requests: responses have no body. */
    private readonly expectsBody = true,
  ) {}

  /** Resets after a reconnect. */
  reset(): void {
    this.state = State.Head;
    this.pending = null;
    this.remaining = 0;
  }

  /** The connection closed: a response delimited by close (no length) completes now. */
  end(): void {
    if (this.state === State.UntilClose) this.onResponse(this.status, false);
    this.reset();
  }

  /**
   * Feeds bytes; returns false on a malformed response (the caller counts an error and reconnects).
   * The chunk may be a reused read buffer: anything kept for the next call is copied.
   */
  execute(chunk: Buffer): boolean {
    let buf = chunk;
    if (this.pending) {
      buf = Buffer.concat([this.pending, chunk]);
      this.pending = null;
    }
    let pos = 0;
    const len = buf.length;
    while (pos < len) {
      switch (this.state) {
        case State.Head: {
          const end = buf.indexOf(CRLF2, pos);
          if (end === -1) {
            this.pending = Buffer.from(buf.subarray(pos));
            if (this.pending.length > 65536) return false;
            return true;
          }
          if (!this.parseHead(buf, pos, end)) return false;
          pos = end + 4;
          break;
        }
        case State.Body: {
          const take = Math.min(this.remaining, len - pos);
          this.remaining -= take;
          pos += take;
          if (this.remaining === 0) this.complete();
          break;
        }
        case State.ChunkSize: {
          const end = buf.indexOf(CRLF, pos);
          if (end === -1) {
            this.pending = Buffer.from(buf.subarray(pos));
            return this.pending.length < 1024;
          }
          const size = parseInt(buf.toString('latin1', pos, end), 16);
          if (!Number.isFinite(size)) return false;
          pos = end + 2;
          if (size === 0) this.state = State.Trailer;
          else {
            this.remaining = size + 2;
            this.state = State.ChunkData;
          }
          break;
        }
        case State.ChunkData: {
          const take = Math.min(this.remaining, len - pos);
          this.remaining -= take;
          pos += take;
          if (this.remaining === 0) this.state = State.ChunkSize;
          break;
        }
        case State.Trailer: {
          const end = buf.indexOf(CRLF, pos);
          if (end === -1) {
            this.pending = Buffer.from(buf.subarray(pos));
            return this.pending.length < 65536;
          }
          const empty = end === pos;
          pos = end + 2;
          // An empty line ends the trailer section (and the response); other lines are trailer headers.
          if (empty) this.complete();
          break;
        }
        case State.UntilClose:
          return true;
      }
    }
    return true;
  }

  private complete(): void {
    this.state = State.Head;
    this.onResponse(this.status, this.keepAlive);
  }

  private parseHead(buf: Buffer, start: number, end: number): boolean {
    // "HTTP/1.1 200 OK": the status code is at offset 9..11.
    if (end - start < 12 || buf[start] !== 0x48) return false;
    const status = (buf[start + 9]! - 48) * 100 + (buf[start + 10]! - 48) * 10 + (buf[start + 11]! - 48);
    if (!(status >= 100 && status < 600)) return false;
    const http10 = buf[start + 7] === 0x30;
    const head = buf.toString('latin1', start, end).toLowerCase();
    this.status = status;
    const connection = head.indexOf('\r\nconnection:');
    this.keepAlive = connection === -1 ? !http10 : !head.startsWith('close', skipSpaces(head, connection + 13));
    if (!this.expectsBody || status === 204 || status === 304 || status < 200) {
      this.complete();
      return true;
    }
    const te = head.indexOf('\r\ntransfer-encoding:');
    if (te !== -1 && head.indexOf('chunked', te) !== -1) {
      this.state = State.ChunkSize;
      return true;
    }
    const cl = head.indexOf('\r\ncontent-length:');
    if (cl !== -1) {
      const length = parseInt(head.slice(cl + 17, cl + 40), 10);
      if (!(length >= 0)) return false;
      if (length === 0) this.complete();
      else {
        this.remaining = length;
        this.state = State.Body;
      }
      return true;
    }
    this.keepAlive = false;
    this.state = State.UntilClose;
    return true;
  }
}

function skipSpaces(s: string, i: number): number {
  while (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9) i++;
  return i;
}
