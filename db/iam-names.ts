import { ToolError } from '../tools/common/errors.ts';
import type { AttachmentTarget } from '../tools/iam/types.ts';

/**
 * Input checks of the IAM store (db/iam-store.ts): names, versions, tags, Slack ids and attachment targets. Each
 * failure is a ToolError naming the field, the rule and the value given.
 */

const NAME_PATTERN = /^[A-Za-z0-9_.@+-]{1,64}$/;
const VERSION_PATTERN = /^v([1-9][0-9]{0,8})$/;
const SLACK_ID_PATTERN = /^[A-Za-z0-9]{1,32}$/;
export const MAX_TAGS = 50;
const MAX_TAG_KEY = 128;
const MAX_TAG_VALUE = 256;
export const MAX_DESCRIPTION = 1000;

function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** User, group and policy names: 1–64 characters of letters, digits and `_ . @ + -`. */
export function checkName(field: string, value: unknown): string {
  if (typeof value !== 'string' || !NAME_PATTERN.test(value)) {
    throw new ToolError('invalid_argument', `${field} must be 1–64 characters of letters, digits and _ . @ + -, got ${shown(value)}`, {
      details: { field, actual: value, pattern: NAME_PATTERN.source },
    });
  }
  return value;
}

/** "vN" → N. */
export function checkVersion(field: string, value: unknown): number {
  const match = typeof value === 'string' ? VERSION_PATTERN.exec(value) : null;
  if (!match) throw new ToolError('invalid_argument', `${field} must look like "v1", "v2", …, got ${shown(value)}`, { details: { field, actual: value } });
  return Number(match[1]);
}

export function checkSlackId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !SLACK_ID_PATTERN.test(value)) {
    throw new ToolError('invalid_argument', `${field} must be a Slack user id (1–32 letters and digits, like U024BE7LH), got ${shown(value)}`, { details: { field, actual: value } });
  }
  return value;
}

/** Tags as IAM limits them: ≤ 50, keys 1–128 characters, values ≤ 256. Keys become `tunechat:PrincipalTag/<key>`. */
export function checkTags(field: string, value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ToolError('invalid_argument', `${field} must be an object of string values, got ${shown(value)}`, { details: { field, actual: value } });
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_TAGS) throw new ToolError('invalid_argument', `${field} holds at most ${MAX_TAGS} tags, got ${entries.length}`, { details: { field, actual: entries.length, max: MAX_TAGS } });
  for (const [key, tag] of entries) {
    if (!/^[A-Za-z0-9_.:/=+@-]{1,128}$/.test(key)) {
      throw new ToolError('invalid_argument', `${field} key must be 1–${MAX_TAG_KEY} characters of letters, digits and _ . : / = + @ -, got ${shown(key)}`, { details: { field, actual: key } });
    }
    if (typeof tag !== 'string' || tag.length > MAX_TAG_VALUE) {
      throw new ToolError('invalid_argument', `${field}.${key} must be a string of at most ${MAX_TAG_VALUE} characters, got ${shown(tag)}`, { details: { field: `${field}.${key}`, actual: tag } });
    }
  }
  return { ...(value as Record<string, string>) };
}

export function checkDescription(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_DESCRIPTION) {
    throw new ToolError('invalid_argument', `description must be a string of at most ${MAX_DESCRIPTION} characters, got ${shown(value)}`, { details: { field: 'description', actual: typeof value === 'string' ? value.length : value } });
  }
  return value;
}

export type TargetKind = 'user' | 'group' | 'operator' | 'everyone';

/** An attachment target as stored: kind and name ('' for operator and everyone). */
export function targetOf(to: AttachmentTarget): { kind: TargetKind; name: string } {
  if (to && typeof to === 'object') {
    if ('user' in to) return { kind: 'user', name: checkName('user', to.user) };
    if ('group' in to) return { kind: 'group', name: checkName('group', to.group) };
    if ('operator' in to && to.operator === true) return { kind: 'operator', name: '' };
    if ('everyone' in to && to.everyone === true) return { kind: 'everyone', name: '' };
  }
  throw new ToolError('invalid_argument', `attachment target must be {user}, {group}, {operator: true} or {everyone: true}, got ${shown(to)}`, { details: { field: 'to', actual: to } });
}

/** "user:alice", "group:tuners", "operator", "everyone" (ManagedPolicyRecord.attached_to). */
export function targetLabel(kind: string, name: string): string {
  return kind === 'user' || kind === 'group' ? `${kind}:${name}` : kind;
}
