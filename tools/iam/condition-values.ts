/**
 * How condition values of each operator kind are read, from the policy and from the request: numbers (numbers or
 * numeric strings), dates (ISO 8601 or epoch seconds, either side), booleans ("true"/"false" or booleans),
 * base64 (BinaryEquals) and IP addresses / CIDR blocks. A value that cannot be read is null: a request value that
 * cannot be read never satisfies an operator (positive or negated), a policy value that cannot be read matches
 * nothing (the validator reports it as an ERROR).
 */
import { BlockList, isIP } from 'node:net';

export type Scalar = string | number | boolean;

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** A number, or a numeric string ("200", "1.5e3"); null for anything else (booleans, "", "12abc", NaN). */
export function readNumber(value: Scalar): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!NUMERIC.test(text)) return null;
  const number = Number(text);
  return Number.isFinite(number) ? number : null;
}

/** Epoch milliseconds of an ISO 8601 date/time (a time without a zone is UTC) or of epoch seconds; null otherwise. */
export function readDate(value: Scalar): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (NUMERIC.test(text)) {
    const seconds = Number(text);
    return Number.isFinite(seconds) ? seconds * 1000 : null;
  }
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [, day, time, zone] = match;
  let iso = day!;
  if (time !== undefined) {
    const offset = zone === undefined ? 'Z' : zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
    iso = `${day}T${time}${offset}`;
  }
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** true / false, or the strings "true" / "false" (any case); null otherwise. */
export function readBool(value: Scalar): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return null;
  const lower = value.trim().toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : null;
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Canonical base64 of base64 text (so "YQ" and "YQ==" compare equal); null when it is not base64. */
export function readBase64(value: Scalar): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!BASE64.test(text)) return null;
  return Buffer.from(text, 'base64').toString('base64');
}

/** "10.0.0.0/8", "2001:db8::/32" or a single address; null when malformed. */
export function readCidr(value: Scalar): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const version = isIP(address);
  if (version === 0) return null;
  const max = version === 4 ? 32 : 128;
  let prefix = max;
  if (slash >= 0) {
    const bits = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(bits)) return null;
    prefix = Number(bits);
    if (prefix > max) return null;
  }
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** A block list of the valid CIDRs among `values` (IPv4-mapped IPv6 request addresses match IPv4 blocks). */
export function ipBlockList(values: readonly Scalar[]): BlockList {
  const list = new BlockList();
  for (const value of values) {
    const cidr = readCidr(value);
    if (cidr) list.addSubnet(cidr.address, cidr.prefix, cidr.family);
  }
  return list;
}

/** Whether an IP address (request value) lies in the list; null when it is not an IP address. */
export function inBlockList(list: BlockList, value: Scalar): boolean | null {
  if (typeof value !== 'string') return null;
  const version = isIP(value);
  if (version === 0) return null;
  return list.check(value, version === 4 ? 'ipv4' : 'ipv6');
}
