import { hostname as machineName, networkInterfaces } from 'node:os';
import { normalizeHost as bare } from '../../tools/common/allowed-hosts.ts';

/** Listen addresses meaning "every interface". */
const WILDCARD = new Set(['0.0.0.0', '::', '']);

export interface RequestOriginsInput {
  /** The address the server listens on (`HOST`). */
  listenHost: string;
  /** `TUNECHAT_PUBLIC_URL`: its origin and host name are allowed. */
  publicUrl: string;
  /** `TUNECHAT_ALLOWED_ORIGINS`: further origins (`https://tunechat.example.com`) allowed as Origin, their names as Host. */
  allowedOrigins: readonly string[];
  /** This machine's interface addresses (for a wildcard listen address); default from `os.networkInterfaces()`. */
  localAddresses?: () => string[];
}

/**
 * Which Host and Origin headers name this server. By default: the listen address, `localhost` and the loopback
 * addresses (or, listening on every interface, every local address and the machine's name), the public URL's
 * name and origin, and the allowed origins. Ports are not compared: another site differs by name, not port.
 */
export class RequestOrigins {
  private readonly hosts = new Set<string>(['localhost', '127.0.0.1', '::1']);
  private readonly origins = new Set<string>();
  private readonly extraOrigins: string[];

  constructor(input: RequestOriginsInput) {
    const listen = bare(input.listenHost);
    if (WILDCARD.has(listen)) {
      for (const address of input.localAddresses?.() ?? interfaceAddresses()) this.hosts.add(bare(address));
      this.hosts.add(machineName().toLowerCase());
    } else {
      this.hosts.add(listen);
    }
    this.extraOrigins = [input.publicUrl, ...input.allowedOrigins].map((raw) => parseOrigin(raw)).filter((o): o is URL => o !== null).map((url) => {
      this.hosts.add(bare(url.hostname));
      this.origins.add(url.origin);
      return url.origin;
    });
  }

  /** Whether a Host header (`name[:port]`) names this server. */
  isAllowedHost(hostHeader: string): boolean {
    const name = hostName(hostHeader);
    return name !== null && this.hosts.has(name);
  }

  /** Whether an Origin header may talk to this server: its own origin (same host, allowed name) or a configured one. */
  isAllowedOrigin(origin: string, hostHeader: string): boolean {
    const url = parseOrigin(origin);
    if (!url) return false; // includes the opaque "null" origin (sandboxed frames, file: pages)
    if (this.origins.has(url.origin)) return true;
    return url.host.toLowerCase() === hostHeader.toLowerCase() && this.hosts.has(bare(url.hostname));
  }

  describeHosts(): string {
    return [...this.hosts].join(', ');
  }

  describeExtraOrigins(): string {
    return this.extraOrigins.length ? `, ${[...new Set(this.extraOrigins)].join(', ')}` : '';
  }
}

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
}

/** The name part of a Host header, or null when it is not a valid `name[:port]`. */
function hostName(hostHeader: string): string | null {
  try {
    const url = new URL(`http://${hostHeader}`);
    if (url.host.toLowerCase() !== hostHeader.toLowerCase() && url.host.toLowerCase() !== hostHeader.toLowerCase().replace(/:80$/, '')) return null;
    return bare(url.hostname);
  } catch {
    return null;
  }
}

function parseOrigin(raw: string): URL | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}
