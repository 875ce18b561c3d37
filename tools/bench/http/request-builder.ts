import { ToolError } from '../../common/errors.ts';

/** A parsed load target: where to connect and the request bytes, serialized once (as wrk does). */
export interface PreparedRequest {
  host: string;
  /** Checked addresses to connect to instead of resolving `host` (see HttpBenchOptions.connectTo). */
  connectTo?: readonly string[];
  port: number;
  /** https: TLS over each connection (HTTP/1.1 by ALPN; certificates are not verified, as wrk and hey do not). */
  tls: boolean;
  method: string;
  /** The whole request (head and body), reused for every send. */
  bytes: Buffer;
  /** HEAD responses carry no body even with a Content-Length. */
  expectsBody: boolean;
}

const METHOD = /^[A-Z]+$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Serializes an HTTP/1.1 keep-alive request. Header names and values are checked (no CR/LF injection). */
export function prepareRequest(options: { url: string; connectTo?: readonly string[]; method: string; headers?: Record<string, string>; body?: string }): PreparedRequest {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch (error) {
    throw new ToolError('invalid_argument', `url must be an absolute http:// or https:// URL, got "${options.url}"`, { details: { parameter: 'url', value: options.url }, cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ToolError('unsupported', `only http:// and https:// URLs can be load-tested (HTTP/1.1), got "${url.protocol}"`, { details: { parameter: 'url', value: options.url } });
  }
  const method = options.method.toUpperCase();
  if (!METHOD.test(method)) throw new ToolError('invalid_argument', `method must be an HTTP method name like GET or POST, got "${options.method}"`, { details: { parameter: 'method' } });
  const body = options.body === undefined ? null : Buffer.from(options.body, 'utf8');
  const lines = [`${method} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
  const headers = options.headers ?? {};
  const lower = new Set(Object.keys(headers).map((k) => k.toLowerCase()));
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name) || /[\r\n]/.test(value)) {
      throw new ToolError('invalid_argument', `header "${name}" has an invalid name or a line break in its value`, { details: { parameter: 'headers', name } });
    }
    if (name.toLowerCase() === 'host' || name.toLowerCase() === 'content-length') continue;
    lines.push(`${name}: ${value}`);
  }
  if (!lower.has('connection')) lines.push('Connection: keep-alive');
  if (body) lines.push(`Content-Length: ${body.length}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    ...(options.connectTo ? { connectTo: [...options.connectTo] } : {}),
    port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
    tls: url.protocol === 'https:',
    method,
    bytes: body ? Buffer.concat([head, body]) : head,
    expectsBody: method !== 'HEAD',
  };
}
