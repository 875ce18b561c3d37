import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * A bare websocket client over `node:net` for attack tests: it sends a frame header announcing `payloadBytes`
 * and then streams the payload from one small reused chunk (mask key 0, so the payload needs no masking copy),
 * honouring backpressure. The client itself therefore holds almost no memory however large the frame, and the
 * server's memory is what a test measures. Resolves once the server closes the websocket (close frame) or the
 * TCP connection, or `graceMs` (default 1 s) after the whole payload was sent (`timeoutMs`, default 20 s, bounds the sending).
 */
export async function sendOversizeFrame(url: string, options: { payloadBytes: number; fill?: string; timeoutMs?: number; graceMs?: number }): Promise<OversizeFrameResult> {
  const socket = await upgrade(url);
  const chunk = Buffer.alloc(64 * 1024, options.fill ?? 'a');
  let closeCode: number | null = null;
  let received = Buffer.alloc(0);
  let ended = false;
  const finished = new Promise<void>((resolve) => {
    socket.on('data', (data: Buffer) => {
      received = Buffer.concat([received, data]);
      // A server frame: FIN|opcode, then a 7-bit length (< 126 for a close frame), then the body.
      if (received.length >= 4 && (received[0]! & 0x0f) === 0x8) {
        closeCode = received.readUInt16BE(2);
        resolve();
      }
    });
    socket.on('close', () => {
      ended = true;
      resolve();
    });
    socket.on('error', () => resolve());
  });
  socket.resume();
  const header = Buffer.alloc(14);
  header[0] = 0x81; // FIN + text
  header[1] = 0x80 | 127; // masked, 64-bit length
  header.writeBigUInt64BE(BigInt(options.payloadBytes), 2);
  header.writeUInt32BE(0, 10); // mask key 0: XOR leaves the payload as is
  let sent = 0;
  let stop = false;
  void finished.then(() => (stop = true));
  const write = async () => {
    if (!socket.write(header)) await drainOrStop(socket, finished);
    while (!stop && sent < options.payloadBytes) {
      const piece = Math.min(chunk.length, options.payloadBytes - sent);
      const ok = socket.write(piece === chunk.length ? chunk : chunk.subarray(0, piece));
      sent += piece;
      if (!ok) await drainOrStop(socket, finished);
      // Yield between writes so a close frame from the server is seen at once, not after megabytes more.
      else await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const timeout = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
  await Promise.race([write(), timeout(options.timeoutMs ?? 20_000)]);
  // A server that buffered the whole frame answers it (or not) right after it arrived.
  await Promise.race([finished, timeout(options.graceMs ?? 1000)]);
  socket.destroy();
  return { closeCode, payloadSent: sent, connectionEnded: ended };
}

export interface OversizeFrameResult {
  /** The code of the server's close frame; null when none arrived. */
  closeCode: number | null;
  /** Payload bytes written before the server closed (at most `payloadBytes`). */
  payloadSent: number;
  connectionEnded: boolean;
}

function drainOrStop(socket: Socket, finished: Promise<void>): Promise<void> {
  return Promise.race([new Promise<void>((resolve) => socket.once('drain', () => resolve())), finished]);
}

/** Opens a TCP connection and performs the websocket handshake (RFC 6455 §4.1); rejects unless the answer is 101. */
async function upgrade(url: string): Promise<Socket> {
  const { hostname, port, pathname } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  socket.write(
    `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  const head = await new Promise<string>((resolve, reject) => {
    let text = '';
    const onData = (data: Buffer) => {
      text += data.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.pause();
      socket.off('data', onData);
      if (end + 4 < text.length) socket.unshift(Buffer.from(text.slice(end + 4), 'latin1'));
      resolve(text.slice(0, end));
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
  if (!head.startsWith('HTTP/1.1 101')) {
    socket.destroy();
    throw new Error(`websocket upgrade refused: ${head.split('\r\n')[0]}`);
  }
  socket.removeAllListeners('error');
  return socket;
}
