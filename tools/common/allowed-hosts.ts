import { BlockList, isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { ToolError } from './errors.ts';

/**
 * The user's allow-list (`TUNECHAT_ALLOWED_HOSTS`, comma-separated), compiled. An entry is one of:
 * - a host name, matched exactly (`api.example.com`; case-insensitive, a trailing dot ignored, IDN as punycode);
 * - `*.domain`, matching every subdomain of `domain` but not `domain` itself;
 * - an IP address (`10.0.0.5`, `::1`, `[fd00::1]`) or a CIDR block (`10.0.0.0/8`, `fd00::/8`): these admit
 *   literal addresses in URLs only; they never admit a host name, whatever it resolves to.
 */
export interface AllowList {
  /** The entries as the user wrote them (for messages). */
  readonly entries: readonly string[];
  readonly names: ReadonlySet<string>;
  /** `.domain` for every `*.domain` entry. */
  readonly suffixes: readonly string[];
  readonly addresses: BlockList;
}

/** Lower case, no brackets, no trailing dot, punycode: the form URL host names and entries are compared in. */
export function normalizeHost(host: string): string {
  const bare = host.trim().replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  return isIP(bare) ? bare : domainToASCII(bare) || bare;
}

function invalid(entry: string, rule: string): ToolError {
  return new ToolError('invalid_argument', `TUNECHAT_ALLOWED_HOSTS entry "${entry}" is invalid: ${rule}. Entries are host names (api.example.com), *.domain, IP addresses or CIDR blocks (10.0.0.0/8), comma-separated.`, {
    details: { parameter: 'TUNECHAT_ALLOWED_HOSTS', value: entry },
  });
}

/** Compiled lists by entries array: the config's array is parsed once, not at every request the policy checks. */
const compiled = new WeakMap<readonly string[], AllowList>();

/** Compiles the entries (once per array); throws `invalid_argument` naming the first malformed one. */
export function parseAllowedHosts(entries: readonly string[]): AllowList {
  let list = compiled.get(entries);
  if (!list) compiled.set(entries, (list = compile(entries)));
  return list;
}

function compile(entries: readonly string[]): AllowList {
  const names = new Set<string>();
  const suffixes: string[] = [];
  const addresses = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry) continue;
    const slash = entry.indexOf('/');
    if (slash !== -1) {
      const address = normalizeHost(entry.slice(0, slash));
      const family = isIP(address);
      const prefix = Number(entry.slice(slash + 1));
      const max = family === 6 ? 128 : 32;
      if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > max) throw invalid(entry, `a CIDR block is an IP address and a prefix length from 0 to ${max}`);
      addresses.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
      continue;
    }
    const host = normalizeHost(entry);
    if (isIP(host)) {
      addresses.addAddress(host, isIP(host) === 6 ? 'ipv6' : 'ipv4');
      continue;
    }
    const wildcard = host.startsWith('*.');
    const name = wildcard ? host.slice(2) : host;
    if (!name || !/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(name)) throw invalid(entry, 'a host name has letters, digits, "-" and "_" between dots, with no port, path or "*" other than a leading "*."');
    if (wildcard) suffixes.push(`.${name}`);
    else names.add(name);
  }
  return { entries: entries.map((e) => e.trim()).filter(Boolean), names, suffixes, addresses };
}

/** True when the (normalized) host name is an exact entry or under a `*.domain` entry. */
export function allowsName(list: AllowList, host: string): boolean {
  return list.names.has(host) || list.suffixes.some((suffix) => host.endsWith(suffix));
}

/** True when the address is in an address or CIDR entry (IPv4-mapped IPv6 addresses match IPv4 entries). */
export function allowsAddress(list: AllowList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.addresses.check(address, family === 6 ? 'ipv6' : 'ipv4');
}
