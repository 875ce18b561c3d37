import type { ContextValue } from './types.ts';

/**
 * Secrets never reach the audit log: a context key that names a secret (token, password, authorization, API key,
 * cookie, credential) or a value that looks like one (a tunechat token, a bearer header, common provider key
 * formats, a JWT) becomes "***"; URLs lose their userinfo (`https://user:pass@host` → `https://host`) and secret
 * query parameters. Values are also bounded, so one call cannot write a huge row.
 */

export const MASK = '***';
const MAX_KEYS = 100;
const MAX_KEY_LENGTH = 200;
const MAX_STRING = 1024;
const MAX_LIST = 100;

/** "token" but not "tokens" / "tokenizer" (bench:MaxTokens is a count, not a secret). */
const SECRET_KEY = /token(?!s|iz)|passw(or)?d|\bpwd\b|secret|authori[sz]ation|api[-_]?key|cookie|credential|private[-_]?key/i;
const SECRET_VALUE = [
  /^tct_/,
  /^(bearer|basic|token)\s+\S/i,
  /^sk-[A-Za-z0-9_-]{16,}/,
  /^xox[abposr]-/,
  /^xapp-/,
  /^gh[pousr]_[A-Za-z0-9]{20,}/,
  /^AKIA[0-9A-Z]{16}$/,
  /^eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./,
];
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi;
const SECRET_QUERY = /([?&](?:[a-z0-9_-]*(?:token|key|secret|password|passwd|signature|sig|auth)[a-z0-9_-]*)=)[^&#\s]*/gi;

export function maskString(value: string): string {
  if (SECRET_VALUE.some((pattern) => pattern.test(value))) return MASK;
  let masked = value.includes('://') ? value.replace(URL_USERINFO, '$1').replace(SECRET_QUERY, `$1${MASK}`) : value;
  if (masked.length > MAX_STRING) masked = `${masked.slice(0, MAX_STRING)}…`;
  return masked;
}

function maskValue(value: ContextValue): ContextValue {
  if (typeof value === 'string') return maskString(value);
  if (Array.isArray(value)) {
    const items = (value as readonly (string | number | boolean)[]).slice(0, MAX_LIST).map((item) => (typeof item === 'string' ? maskString(item) : item));
    if (value.length > MAX_LIST) items.push(`… ${value.length - MAX_LIST} more`);
    return items;
  }
  return value as ContextValue;
}

/** A copy of the context fit for the audit log. */
export function maskContext(context: Readonly<Record<string, ContextValue>>): Record<string, ContextValue> {
  const masked: Record<string, ContextValue> = {};
  let count = 0;
  for (const [key, value] of Object.entries(context)) {
    if (++count > MAX_KEYS) {
      masked['…'] = `${Object.keys(context).length - MAX_KEYS} more keys`;
      break;
    }
    const name = key.length > MAX_KEY_LENGTH ? `${key.slice(0, MAX_KEY_LENGTH)}…` : key;
    masked[name] = SECRET_KEY.test(key) ? MASK : maskValue(value);
  }
  return masked;
}
