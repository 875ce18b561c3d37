/**
 * The one host policy for every request tunechat sends on a user's behalf: benchmark load (`bench_http`,
 * `bench_llm`, stability), optimizer `http` targets and `service` targets (`health_url`, load URL).
 *
 * Rules, in order (loopback only unless the user opens more with `TUNECHAT_ALLOWED_HOSTS`, see allowed-hosts.ts):
 * 1. The URL is absolute and http: or https: (`invalid_argument` otherwise).
 * 2. A literal IP is checked as an address: loopback (127.0.0.0/8, ::1, IPv4-mapped ::ffff:127.0.0.0/104) or an
 *    address/CIDR entry. The WHATWG URL parser has already normalised odd IPv4 forms (`2130706433`, `0x7f.1`,
 *    `127.1`, `0177.0.0.1` all become 127.0.0.1), so the check sees the address the connection would use.
 * 3. A name matching a name entry (exact or `*.domain`) is resolved; its addresses are admitted.
 * 4. `localhost` and `*.localhost` are resolved and admitted only when every address is loopback.
 * 5. Any other name is refused before any DNS lookup (`127.0.0.1.nip.io` is a name, not an address).
 *
 * `checkHostUrl` returns the checked addresses; callers connect to those (keeping the name for Host and SNI, see
 * pinned-lookup.ts), so a DNS answer that changes between the check and the connection cannot redirect it.
 */
import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import { ToolError } from './errors.ts';
import { allowsAddress, allowsName, normalizeHost, parseAllowedHosts, type AllowList } from './allowed-hosts.ts';

/** Resolves a host name to IP addresses (default: the system resolver, `dns.lookup` with `all: true`). */
export type HostResolver = (hostname: string) => Promise<readonly string[]>;

/** What every entry point passes to the policy. */
export interface HostPolicyOptions {
  /** `Config.allowedHosts` (TUNECHAT_ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
  /** Injected in tests; default `systemResolver`. */
  resolve?: HostResolver;
  /** The input field the URL came from, named in errors. Default `url`. */
  parameter?: string;
}

/** Why a host was admitted. */
export type HostAdmission = 'loopback-address' | 'allowed-address' | 'localhost-name' | 'allowed-name';

/** A URL the policy admitted, before resolution (`precheckHostUrl`). */
export interface PrecheckedUrl {
  url: URL;
  /** Normalized host: lower case, no brackets, no trailing dot. */
  host: string;
  admission: HostAdmission;
}

/** A URL the policy admitted, with the only addresses a connection to it may use. */
export interface CheckedUrl extends PrecheckedUrl {
  /** Non-empty; for a literal IP just that address. */
  addresses: readonly string[];
}

export const systemResolver: HostResolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** True for 127.0.0.0/8, ::1 and IPv4-mapped ::ffff:127.x addresses (any spelling); false for names. */
export function isLoopbackAddress(address: string): boolean {
  const bare = normalizeHost(address.split('%')[0]!);
  const family = isIP(bare);
  return family !== 0 && LOOPBACK.check(bare, family === 6 ? 'ipv6' : 'ipv4');
}

function forbidden(parameter: string, host: string, list: AllowList, reason: string, addresses?: readonly string[]): ToolError {
  const fix = `TUNECHAT_ALLOWED_HOSTS=${[...list.entries, host].join(',')}`;
  const allowed = ['loopback (127.0.0.0/8, ::1, localhost)', ...list.entries].join(', ');
  return new ToolError('forbidden', `${parameter}: requests can only be sent to loopback or to hosts the user allowed; ${reason}. Allowed: ${allowed}. The user can add it with ${fix}.`, {
    details: { parameter, host, ...(addresses ? { addresses } : {}), allowed_hosts: list.entries, fix },
  });
}

/**
 * Rules 1, 2 and the name part of 3–5, without DNS: throws `invalid_argument` or `forbidden`, else says how the
 * host is admitted. Used where a target is built synchronously (a study's `http` target) to refuse early.
 */
export function precheckHostUrl(rawUrl: string, options: HostPolicyOptions): PrecheckedUrl {
  const parameter = options.parameter ?? 'url';
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch (error) {
    throw new ToolError('invalid_argument', `${parameter} must be an absolute http:// or https:// URL like http://127.0.0.1:8080/, got ${JSON.stringify(rawUrl)}`, { details: { parameter, value: rawUrl }, cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ToolError('invalid_argument', `${parameter} must use http:// or https://, got "${url.protocol}" in ${JSON.stringify(rawUrl)}`, { details: { parameter, value: rawUrl } });
  }
  const list = parseAllowedHosts(options.allowedHosts);
  const host = normalizeHost(url.hostname);
  if (isIP(host)) {
    if (isLoopbackAddress(host)) return { url, host, admission: 'loopback-address' };
    if (allowsAddress(list, host)) return { url, host, admission: 'allowed-address' };
    throw forbidden(parameter, host, list, `"${host}" is an address outside loopback and outside TUNECHAT_ALLOWED_HOSTS`);
  }
  if (allowsName(list, host)) return { url, host, admission: 'allowed-name' };
  if (host === 'localhost' || host.endsWith('.localhost')) return { url, host, admission: 'localhost-name' };
  const lookalike = /^(\d{1,3}(?:\.\d{1,3}){3})\./.exec(host)?.[1];
  const hint = lookalike ? ` (it is a DNS name that anyone can point anywhere, not the address ${lookalike})` : '';
  throw forbidden(parameter, host, list, `"${host}" is a host name that is not in TUNECHAT_ALLOWED_HOSTS${hint}, so it was not resolved`);
}

/** The whole policy (see the file header): the admitted URL and the addresses to connect to. */
export async function checkHostUrl(rawUrl: string, options: HostPolicyOptions): Promise<CheckedUrl> {
  const checked = precheckHostUrl(rawUrl, options);
  if (checked.admission === 'loopback-address' || checked.admission === 'allowed-address') return { ...checked, addresses: [checked.host] };
  const parameter = options.parameter ?? 'url';
  let addresses: readonly string[];
  try {
    addresses = await (options.resolve ?? systemResolver)(checked.host);
  } catch (error) {
    throw new ToolError('unavailable', `${parameter}: cannot resolve "${checked.host}": ${(error as Error).message}`, { details: { parameter, host: checked.host }, cause: error });
  }
  if (addresses.length === 0 || addresses.some((a) => isIP(a) === 0)) {
    throw new ToolError('unavailable', `${parameter}: resolving "${checked.host}" gave no usable addresses (${JSON.stringify(addresses)})`, { details: { parameter, host: checked.host, addresses } });
  }
  if (checked.admission === 'localhost-name' && !addresses.every(isLoopbackAddress)) {
    const list = parseAllowedHosts(options.allowedHosts);
    throw forbidden(parameter, checked.host, list, `"${checked.host}" resolved to ${addresses.join(', ')}, and a localhost name must resolve to loopback addresses only`, addresses);
  }
  return { ...checked, addresses };
}
