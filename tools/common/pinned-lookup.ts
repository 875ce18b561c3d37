import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { normalizeHost } from './allowed-hosts.ts';

/**
 * A `lookup` for `net.connect`, `tls.connect` and `http(s).request` that answers `hostname` with the addresses the
 * host policy checked (host-policy.ts) instead of asking DNS again, so the connection goes where the check looked
 * while the URL's name still fills the Host header and TLS SNI. This closes the DNS-rebinding window between check
 * and connect. Node calls it with `all: true` when it races address families (autoSelectFamily, the Node 20
 * default) and without it otherwise; both are answered. Any other name is an error (`ENOTFOUND`), never a lookup.
 * Literal-IP hosts never reach a lookup, so the checked address is used as is.
 */
export function pinnedLookup(hostname: string, addresses: readonly string[]): LookupFunction {
  const expected = normalizeHost(hostname);
  const entries: LookupAddress[] = addresses.map((address) => ({ address, family: isIP(address) }));
  return (name: string, options: LookupOptions, callback: Parameters<LookupFunction>[2]) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0);
    const wanted = family === 0 ? entries : entries.filter((e) => e.family === family);
    if (normalizeHost(name) !== expected || wanted.length === 0) {
      const error: NodeJS.ErrnoException = new Error(`${name} has no checked IPv${family || '4/6'} address (checked: ${expected} → ${addresses.join(', ')})`);
      error.code = 'ENOTFOUND';
      return process.nextTick(() => callback(error, options.all ? [] : '', 0));
    }
    process.nextTick(() => (options.all ? callback(null, wanted) : callback(null, wanted[0]!.address, wanted[0]!.family)));
  };
}
