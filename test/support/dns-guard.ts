import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
import { isIP } from 'node:net';

/**
 * Makes every system name lookup in this process fail (ENOTFOUND) and records the names, so a test proves a code
 * path resolves names only through its injected resolver and never sends a DNS query off the machine, even when
 * the code under test is broken. Literal IPs pass through (`listen('127.0.0.2')` looks them up). Patches
 * `dns.lookup` (used by net, tls, http and fetch) and `dns.promises.lookup`; `restore()` undoes both.
 */
export function installDnsGuard(): { names: string[]; restore(): void } {
  const names: string[] = [];
  const original = dns.lookup;
  const originalPromise = dns.promises.lookup;
  const refuse = (hostname: string) => {
    names.push(hostname);
    return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname} (system DNS is blocked in this test)`), { code: 'ENOTFOUND', hostname });
  };
  dns.lookup = ((hostname: string, options: unknown, callback?: unknown) => {
    const cb = (typeof options === 'function' ? options : callback) as (error: Error) => void;
    if (isIP(hostname)) return (original as (...args: unknown[]) => void)(hostname, options, callback);
    process.nextTick(() => cb(refuse(hostname)));
  }) as typeof dns.lookup;
  dns.promises.lookup = (async (hostname: string, options?: unknown) => {
    if (isIP(hostname)) return originalPromise(hostname, options as dns.LookupOptions);
    throw refuse(hostname);
  }) as typeof dns.promises.lookup;
  syncBuiltinESMExports();
  return {
    names,
    restore() {
      dns.lookup = original;
      dns.promises.lookup = originalPromise;
      syncBuiltinESMExports();
    },
  };
}
