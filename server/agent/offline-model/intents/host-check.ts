import { ALLOWED_HOSTS_LEAD } from '../../../../tools/bench/agent-tools.ts';
import { precheckHostUrl } from '../../../../tools/common/host-policy.ts';
import { ToolError } from '../../../../tools/common/errors.ts';
import { textPlan, type Plan, type PlanInput } from '../plan.ts';
import { findUrl } from './bench.ts';

/**
 * "load test https://www.amazon.com with 5000 connections": a URL outside the hosts the bench tools name in their
 * descriptions ("Hosts allowed here: loopback, *.internal.") is declined in words, as a careful model would, instead
 * of calling the tool to be refused. Without that sentence (another toolset) nothing is decided here: the tool's own
 * host policy still refuses.
 */
export function matchForbiddenHost(input: PlanInput): Plan | null {
  const url = findUrl(input.raw);
  if (!url) return null;
  const description = input.conversation.tools.get('bench_http')?.description ?? input.conversation.tools.get('bench_llm')?.description ?? '';
  const at = description.indexOf(ALLOWED_HOSTS_LEAD);
  if (at < 0) return null;
  const allowed = description.slice(at + ALLOWED_HOSTS_LEAD.length).replace(/\.\s*$/, '').split(/,\s*/).filter((h) => h && h !== 'loopback');
  try {
    precheckHostUrl(url, { allowedHosts: allowed });
    return null;
  } catch (error) {
    if (!ToolError.isInstance(error) || error.code !== 'forbidden') return null;
    const host = String(error.details.host ?? url);
    return textPlan('out-of-scope', `I will not send requests to ${host}: tunechat sends load only to loopback (127.0.0.1, localhost) and to the hosts the operator allowed${allowed.length ? ` (${allowed.join(', ')})` : ''}. If it is your own server, the operator can allow it with TUNECHAT_ALLOWED_HOSTS=${[...allowed, host].join(',')}.`);
  }
}
