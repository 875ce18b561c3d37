import { isIP } from 'node:net';
import { ToolError } from '../common/errors.ts';

/** True for 127.0.0.0/8, ::1, ::ffff:127.x and `localhost` names. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host.startsWith('::ffff:127.');
  return false;
}

/** `api.example.com` matches itself; `*.example.com` matches its subdomains. Case-insensitive. */
function matchesAllowed(host: string, allowed: string): boolean {
  const pattern = allowed.toLowerCase().replace(/^\[|\]$/g, '');
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return host === pattern;
}

/**
 * Load may only be sent to loopback or to a host the user configured (`TUNECHAT_ALLOWED_HOSTS`).
 * The hostname is checked as written (no DNS lookup). Throws `forbidden` naming the parameter and the fix.
 */
export function checkLoadTarget(rawUrl: string, allowedHosts: readonly string[], parameter = 'url'): URL {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch (error) {
    throw new ToolError('invalid_argument', `${parameter} must be an absolute URL like http://127.0.0.1:8080/, got "${rawUrl}"`, { details: { parameter, value: rawUrl }, cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ToolError('invalid_argument', `${parameter} must use http or https, got "${url.protocol}"`, { details: { parameter, value: rawUrl } });
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isLoopbackHost(host) || allowedHosts.some((a) => matchesAllowed(host, a))) return url;
  throw new ToolError('forbidden', `load can only be sent to loopback or to hosts the user allowed; "${host}" is neither. Allowed: loopback${allowedHosts.length ? `, ${allowedHosts.join(', ')}` : ''}. The user can add it with TUNECHAT_ALLOWED_HOSTS=${host}.`, {
    details: { parameter, host, allowed_hosts: allowedHosts },
  });
}
