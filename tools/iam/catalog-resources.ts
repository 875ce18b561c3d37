/**
 * Resource names and context values from a call's raw arguments. The arguments may be anything (a decision is made
 * before, and whatever, the tool's own validation says): every reader here takes `unknown`, never throws, and
 * returns null for what it cannot read. Each name part is bounded (a policy never sees a megabyte resource).
 */
import { isIP } from 'node:net';
import { normalizeHost } from '../common/allowed-hosts.ts';
import { programName, runsShell, WRAPPERS } from '../common/command-line.ts';
import type { ContextValue } from './types.ts';

/** Longest name part put into a resource or a string context value (longer ones are cut; names are far shorter). */
export const MAX_NAME_PART = 512;

const bounded = (text: string): string => (text.length > MAX_NAME_PART ? text.slice(0, MAX_NAME_PART) : text);

/** The arguments as a record (anything else reads as empty). */
export function argsOf(args: unknown): Record<string, unknown> {
  return args !== null && typeof args === 'object' && !Array.isArray(args) ? (args as Record<string, unknown>) : {};
}

export function stringArg(args: Record<string, unknown>, name: string): string | null {
  const value = args[name];
  return typeof value === 'string' && value.length > 0 ? bounded(value) : null;
}

export function numberArg(args: Record<string, unknown>, name: string): number | null {
  const value = args[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function booleanArg(args: Record<string, unknown>, name: string): boolean | null {
  const value = args[name];
  return typeof value === 'boolean' ? value : null;
}

/**
 * A resource `tunechat:<type>/<name>`. An unreadable name reads `(invalid)`, never `*`: a policy written for real
 * names does not match it, and the tool's own validation then reports the argument.
 */
export function named(type: string, name: string | null): string {
  return `tunechat:${type}/${name === null ? '(invalid)' : bounded(name)}`;
}

/** What the catalog reads from a load URL. */
export interface LoadTarget {
  /** `tunechat:host/<host>:<port>` (IPv6 in brackets: `tunechat:host/[::1]:8080`). */
  resource: string;
  /** Normalized host: lower case, no brackets, no trailing dot (tools/common/allowed-hosts.ts). */
  host: string;
  port: number;
  /** An IP literal (IPv4-mapped IPv6 as IPv4), 127.0.0.1 for localhost names; null for other names. */
  ip: string | null;
  /** Whether the scheme is one the host policy accepts (http, https): only then is the allow-list asked. */
  http: boolean;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443, 'ws:': 80, 'wss:': 443, 'ftp:': 21 };

/** Reads a URL's host and port; null when it does not parse as an absolute URL with a host. */
export function loadTarget(raw: unknown): LoadTarget | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 8192) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.hostname === '') return null;
  const host = bounded(normalizeHost(url.hostname));
  const port = url.port !== '' ? Number(url.port) : (DEFAULT_PORTS[url.protocol] ?? 0);
  const family = isIP(host);
  const ip = family === 4 ? host : family === 6 ? unmapIpv4(host) : host === 'localhost' || host.endsWith('.localhost') ? '127.0.0.1' : null;
  return { resource: `tunechat:host/${family === 6 ? `[${host}]` : host}:${port}`, host, port, ip, http: url.protocol === 'http:' || url.protocol === 'https:' };
}

/** `::ffff:7f00:1` → `127.0.0.1` (the address a connection uses); other IPv6 addresses as they are. */
function unmapIpv4(address: string): string {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return address;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** The host keys of a load target, `bench:HostAllowed` from the operator's allow-list (http and https only). */
export function hostContext(target: LoadTarget | null, hostAllowed: (host: string) => boolean): Record<string, ContextValue> {
  if (!target) return {};
  // Assignments, not object spread: spreading is about 20 µs per object on Node 20 here, assignment well under 1 µs.
  const context: Record<string, ContextValue> = { 'bench:TargetHost': target.host, 'bench:TargetPort': target.port };
  if (target.ip !== null) context['bench:TargetIp'] = target.ip;
  if (target.http) context['bench:HostAllowed'] = safeHostAllowed(hostAllowed, target.host);
  return context;
}

/** The allow-list check must not turn a bad host into an exception: anything it cannot admit is not allowed. */
function safeHostAllowed(hostAllowed: (host: string) => boolean, host: string): boolean {
  try {
    return hostAllowed(host) === true;
  } catch {
    return false;
  }
}

/** An argv as the tools take it (a non-empty array of strings, any length: a long one must not escape its decision), or null. */
export function argvOf(value: unknown): string[] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  return value.every((a) => typeof a === 'string') ? (value as string[]) : null;
}

/** Longest `bench:CommandLine` (a condition on the end of a longer line cannot see past it: the key says so by ending in "…"). */
export const MAX_COMMAND_LINE = 16_384;

/**
 * The keys of one command of a call: its origin, the program as written, the command line, whether a shell runs it,
 * and whether a wrapper (env, nice, timeout, sudo, …) runs another program, with a best guess at which.
 */
export function commandContext(argv: readonly string[], registered: boolean): Record<string, ContextValue> {
  const line = argv.join(' ');
  const context: Record<string, ContextValue> = {
    'bench:CommandOrigin': registered ? 'registered' : 'typed',
    'bench:CommandPath': bounded(argv[0]!),
    'bench:CommandLine': line.length > MAX_COMMAND_LINE ? `${line.slice(0, MAX_COMMAND_LINE)}…` : line,
    'bench:Shell': runsShell(argv),
    'bench:Wrapped': WRAPPERS.has(programName(argv[0]!)),
  };
  const wrapped = wrappedProgram(argv);
  if (wrapped !== null) context['bench:WrappedProgram'] = bounded(wrapped);
  return context;
}

/**
 * The program a wrapper runs (`nice -n 19 python3 x` → python3, `env A=1 timeout 5 rm f` → rm), skipping options,
 * VAR=value assignments and numbers; null when argv[0] is no wrapper or nothing is left. A guess: a wrapper option
 * that takes a word (`sudo -u bob rm`) reads as the program, so a policy that must stop a program behind wrappers
 * denies `bench:Wrapped` too.
 */
export function wrappedProgram(argv: readonly string[]): string | null {
  if (!WRAPPERS.has(programName(argv[0]!))) return null;
  for (let i = 1; i < argv.length && i < 64; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(arg) || /^\d+(\.\d+)?[smhd]?$/.test(arg)) continue;
    const program = programName(arg);
    if (WRAPPERS.has(program)) continue;
    return program === '' ? null : program;
  }
  return null;
}

/**
 * `tunechat:command/<program basename>` (`/usr/bin/python3` → `tunechat:command/python3`), from the argv's first entry
 * whenever it is a string (even if a later entry is not: the tool refuses that argv, but the resource still names
 * the program); `(invalid)` otherwise.
 */
export function commandResource(argv: unknown): string {
  const program = Array.isArray(argv) && typeof argv[0] === 'string' ? programName(argv[0]) : '';
  return named('command', program === '' ? null : program);
}

/** The principal a query or a simulation names, as a resource: `alice` → `tunechat:user/alice`; none → `*` (everyone's). */
export function principalResource(name: string | null): string {
  if (name === null) return '*';
  if (name.startsWith('tunechat:')) return bounded(name);
  if (name === 'operator') return 'tunechat:operator';
  if (name.startsWith('slack-guest/')) return `tunechat:${bounded(name)}`;
  return named('user', name);
}
