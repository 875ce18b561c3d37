import { jsonSpan } from '../json-span.ts';
import { countAfter, countBefore, NUMBER, parseNumber } from '../normalize.ts';

/**
 * The bench_http and bench_llm arguments a user says in plain words beside the URL, connections and duration:
 * generator threads, pipelining, a body, headers (HTTP); the endpoint, prompt length, goodput SLOs, burstiness and
 * the model (LLM). Each reader returns the values and the spans of text it read, so the caller can keep a number it
 * claimed ("using 4 threads") from being read again as another slot (connections).
 */
export interface SlotReading {
  values: Record<string, unknown>;
  /** The normalized text with what the readers consumed blanked out. */
  rest: string;
}

/** Blanks the first match of each pattern that matched, returning the values read by `read`. */
function take(text: string, pattern: RegExp, read: (m: RegExpExecArray) => unknown): { value: unknown; rest: string } | null {
  const m = pattern.exec(text);
  if (!m) return null;
  const value = read(m);
  if (value === undefined || value === null) return null;
  // A leading noun the reader only leaned on ("200 prompts of 512 tokens": "prompts") stays for the other readers.
  const from = m.index + (m.groups?.keep ? m.groups.keep.length : 0);
  return { value, rest: text.slice(0, from) + ' '.repeat(m.index + m[0].length - from) + text.slice(m.index + m[0].length) };
}

const THREADS = [
  new RegExp(String.raw`\b${NUMBER}\s*(?:generator |worker |client |load )?threads?\b`),
  new RegExp(String.raw`\bthreads?\s*(?:of|=|:|to|at)?\s*${NUMBER}\b`),
  // wrk's own flag: "wrk -t4 -c128 -d30s".
  /(?:^|\s)-t\s?(\d{1,3})\b/,
];
const PIPELINING = [
  new RegExp(String.raw`\bpipelin(?:e|ing|ed)(?: depth| factor)?\s*(?:of|=|:|to|at|up to|by)?\s*${NUMBER}\b(?:\s*(?:requests?|deep))?`),
  new RegExp(String.raw`\b${NUMBER}\s*(?:pipelined(?: requests?)?|requests? pipelined|-deep pipelin\w*|deep pipelin\w*)`),
];

/** bench_http: threads, pipelining, body, headers. */
export function readHttpSlots(text: string, raw: string): SlotReading {
  const values: Record<string, unknown> = {};
  let rest = text;
  for (const [key, patterns] of [['threads', THREADS], ['pipelining', PIPELINING]] as const) {
    for (const pattern of patterns) {
      const got = take(rest, pattern, (m) => parseNumber(m[1] ?? ''));
      if (got && Number.isInteger(got.value) && (got.value as number) >= 1) {
        values[key] = got.value;
        rest = got.rest;
        break;
      }
    }
  }
  const body = readBody(raw);
  if (body !== null) {
    values.body = body;
    // {"v": 1}: the body's numbers are no connection count.
    rest = rest.replace(/\{[^{}]*\}|\[[^[\]]*\]/g, ' ');
  }
  const headers = readHeaders(raw);
  if (headers) values.headers = headers;
  return { values, rest };
}

/** The body after "body"/"payload"/"data": a JSON object or array (balanced), or a quoted string. */
export function readBody(raw: string): string | null {
  // "POST {"text":"hello"} to http://…": the JSON right after the method.
  const cue = /\b(?:body|payload|json data|post data|data)\b(?:\s+(?:of|is|=|:|as))?\s*[:=]?\s*/i.exec(raw) ?? /\b(?:POST|PUT|PATCH)\s+(?=[{[`])/.exec(raw);
  if (!cue) return null;
  let at = cue.index + cue[0].length;
  if (raw[at] === '`') at += 1;
  if (raw[at] === '{' || raw[at] === '[') return jsonSpan(raw, at);
  const quotedText = /^(['"])(.*?)\1/.exec(raw.slice(at));
  return quotedText ? quotedText[2]! : null;
}

/** Header names people say without "header": "set content-type to application/json". */
const KNOWN_HEADERS = 'content-type|accept|authorization|user-agent|cookie|accept-encoding|cache-control|x-[a-z0-9-]+';

/** "with header Authorization: Bearer x", "headers X-A: 1 and X-B: 2", "set content-type to application/json". */
export function readHeaders(raw: string): Record<string, string> | null {
  const headers: Record<string, string> = {};
  const listed = /\bheaders?\s*[:=]?\s+((?:["'`]?[A-Za-z][\w-]*["']?\s*[:=]\s*[^,;\n]+?)(?:\s*(?:,|;|\band\b)\s*["']?[A-Za-z][\w-]*["']?\s*[:=]\s*[^,;\n]+?)*)(?=\s*(?:[,;.]\s|[,;]|\band\s+(?!["']?[A-Za-z][\w-]*["']?\s*:)|\bwith\b|\bfor\b|\busing\b|\bat\b|$))/i.exec(raw);
  if (listed) {
    for (const pair of listed[1]!.split(/\s*(?:,|;|\band\b)\s*/)) {
      const m = /^["'`]?([A-Za-z][\w-]*)["']?\s*[:=]\s*["']?(.+?)["'`]?$/.exec(pair.trim());
      if (m) headers[m[1]!] = m[2]!;
    }
  }
  const set = new RegExp(String.raw`\b(?:set|with|send|use)\s+(?:the\s+|an?\s+)?(${KNOWN_HEADERS})(?:\s+header)?\s+(?:to|=|as|of)\s+["']?([^\s,;"']+)`, 'gi');
  for (const m of raw.matchAll(set)) headers[m[1]!] ??= m[2]!.replace(/[.)]+$/, '');
  const colon = new RegExp(String.raw`(?<![\w-])(${KNOWN_HEADERS})\s*:\s*["']?([^\s,;"']+(?: [^\s,;"':]+)?)`, 'gi');
  for (const m of raw.matchAll(colon)) if (!Object.keys(headers).some((k) => k.toLowerCase() === m[1]!.toLowerCase())) headers[m[1]!] = m[2]!.replace(/[.)]+$/, '');
  return Object.keys(headers).length ? headers : null;
}

/** A number with a time unit → milliseconds. */
function toMs(value: string, unit: string): number {
  return parseNumber(value) * (/^(?:s|sec|secs|seconds?)$/.test(unit) ? 1000 : 1);
}

const LIMIT = String.raw`(?:slo|goal|target|limit|budget|deadline)?\s*(?:(?:must|should|has to|needs? to)\s+(?:be\s+|stay\s+|arrive\s+|come\s+)?|is\s+|of\s+|arrives?\s+|comes?\s+|stays?\s+|=\s*|:\s*)?(?:within|under|below|less than|lower than|at most|no more than|not more than|max(?:imum)?(?: of)?|<=?|of|=|:|is)\s*(?:about\s+|~\s*)?`;
const SLOS: Array<[string, string]> = [
  ['slo_ttft_ms', String.raw`(?:ttft|first token)`],
  ['slo_tpot_ms', String.raw`(?:tpot|time per output token|per-? ?output-? ?token|per token|inter-? ?token latency|itl)`],
  ['slo_e2el_ms', String.raw`(?:e2el|e2e(?: latency)?|end-? ?to-? ?end(?: latency)?|total latency|full response|whole (?:request|response))`],
];

/** bench_llm: endpoint, prompt tokens (not max_tokens), goodput SLOs, burstiness, model. */
export function readLlmSlots(text: string, raw: string): SlotReading {
  const values: Record<string, unknown> = {};
  let rest = text;
  const endpoint = llmEndpoint(text);
  if (endpoint) values.endpoint = endpoint;
  for (const [key, subject] of SLOS) {
    const got = take(rest, new RegExp(String.raw`\b${subject}\b[^\d.,;!?]{0,30}?${LIMIT}${NUMBER}\s*(ms|s|secs?|seconds?)\b`), (m) => toMs(m[1]!, m[2]!));
    if (got && (got.value as number) > 0) {
      values[key] = got.value;
      rest = got.rest;
    }
  }
  // "end-to-end latency of … against an SLO of 2 seconds per request": the SLO of the latency named anywhere.
  const slo = new RegExp(String.raw`\b(?:an?\s+)?slo\s+(?:of\s+|at\s+|=\s*)?${NUMBER}\s*(ms|s|secs?|seconds?)\b`).exec(rest);
  const subject = slo ? SLOS.find(([key, words]) => values[key] === undefined && new RegExp(String.raw`\b${words}\b`).test(text)) : undefined;
  if (slo && subject && SLOS.every(([key]) => values[key] === undefined)) {
    values[subject[0]] = toMs(slo[1]!, slo[2]!);
    rest = rest.replace(slo[0], ' ');
  }
  const prompt = [
    new RegExp(String.raw`\b(?:about |around |roughly |~)?${NUMBER}\s*-?\s*tokens?(?: long)? (?:prompts?|inputs?|contexts?)\b`),
    new RegExp(String.raw`\b(?<keep>prompts?|inputs?)(?: lengths?| sizes?)?\s*(?:of|with|around|about|roughly|approximately|=|:|~|\s)*${NUMBER}\s*(?:-?\s*tokens?(?: long| each)?)\b`),
    new RegExp(String.raw`\b(?:prompt|input)[ _](?:lengths?|sizes?|tokens)\s*(?:of|=|:|around|about|roughly|approximately|~|\s)*${NUMBER}\b(?:\s*tokens?)?`),
  ];
  for (const pattern of prompt) {
    // The count is the last group (the first may be the noun kept for the other readers).
    const got = take(rest, pattern, (m) => parseNumber(m[m.length - 1] ?? ''));
    if (got && Number.isInteger(got.value) && (got.value as number) >= 1) {
      values.prompt_tokens = got.value;
      rest = got.rest;
      break;
    }
  }
  const burst = countAfter(rest, 'burstiness(?: factor)?(?: of)?');
  if (burst !== null && burst > 0) values.burstiness = burst;
  else if (/\bpoisson\b/.test(text)) values.burstiness = 1;
  // "the llama-3-8b model served at …" names it before the word; "model llama3", "--model x" after it.
  // A name with a parameter count ("mistral-7b-instruct", "llama3.1:8b", "qwen2-0.5b") is a model wherever it stands.
  const sized = /(?:^|[\s(])([A-Za-z][\w.]*[-:_]\d+(?:\.\d+)?[bB](?:[-_.][\w.]*[A-Za-z0-9])?)(?=[\s,;?!)]|$)/.exec(raw)?.[1];
  const model = /\b(?:the|a|an|my|our)\s+([A-Za-z][\w.:/-]*\d[\w.:/-]*)\s+model\b/i.exec(raw)?.[1] ?? /\b(?:model(?:[ _-]?(?:name|id))?(?:\s+(?:is|of))?(?:\s+(?:called|named))?|--model)\s*[:=]?\s*[`"']?([A-Za-z0-9][\w.:/-]*[\w])/i.exec(raw)?.[1] ?? sized;
  if (model && !/^(?:server|served|serving|at|on|is|to|the|a|an|with|of|for|and|via|endpoint|running|behind|hosted)$/i.test(model) && !/^https?:/i.test(model)) values.model = model;
  return { values, rest };
}

/** "completions endpoint (not chat)", "/v1/completions", "the chat endpoint". */
function llmEndpoint(text: string): 'chat' | 'completions' | null {
  if (/\bnot (?:the |via |through )?chat\b|\b(?:legacy|plain|text|raw) completions?\b|\/v1\/completions\b|(?<!chat[ /-])\bcompletions? (?:endpoint|api|route)\b|\bendpoint:? completions?\b/.test(text)) return 'completions';
  if (/\bchat[ /-]completions?\b|\bchat (?:endpoint|api|route)\b|\bendpoint:? chat\b|\bnot (?:the )?(?:legacy |plain )?completions?\b/.test(text)) return 'chat';
  return null;
}

/** max_tokens, the output length: "at most 128 tokens each", "generate 256 tokens", "max tokens 64"; never a prompt length. */
export function maxTokensIn(rest: string): number | null {
  const hyphened = /\b(\d+)[- ]tokens? (?:outputs?|responses?|completions?|answers?|generations?)\b/.exec(rest);
  if (hyphened) return Number(hyphened[1]);
  return countBefore(rest, '(?:max |output |new |generated |completion )?tokens(?: each| per (?:request|response|answer|completion))?') ?? countAfter(rest, 'max_tokens|max tokens|max new tokens|output length|outputs? (?:capped|limited|cut off) at|(?:capped|limited) at');
}

/** Slots read by the readers above whose numbers the encoder's roles may have given to another slot. */
const CLAIMING = ['threads', 'pipelining', 'prompt_tokens', 'burstiness', 'slo_ttft_ms', 'slo_tpot_ms', 'slo_e2el_ms'];

/**
 * After the encoder's roles were applied over the reader's values: a role value that is a number one of these readers
 * claimed ("using 4 threads" tagged as connections, "512-token prompts" as max_tokens) goes back to what the keyword
 * reader found for that slot, else to the previous call's value, else away.
 */
export function settleRoles(args: Record<string, unknown>, reader: Record<string, unknown>, before: Record<string, unknown> | null, roleKeys: string[]): void {
  const claimed = new Set<number>();
  for (const key of CLAIMING) {
    const value = reader[key];
    if (typeof value !== 'number') continue;
    claimed.add(value);
    if (key.startsWith('slo_')) claimed.add(value / 1000);
  }
  if (typeof reader.body === 'string') for (const n of reader.body.match(/-?\d+(?:\.\d+)?/g) ?? []) claimed.add(Number(n));
  for (const key of roleKeys) {
    const value = args[key];
    // "c=64 n=500" read as requests 64: a role value the reader gave another slot, where it has this slot's own.
    // "20 users at the same time" read as 20 requests as well: a request count that is only the concurrency goes.
    const other = Object.entries(reader).find(([k, v]) => k !== key && v === value && roleKeys.includes(k))?.[0];
    if (typeof value === 'number' && value !== reader[key] && other && (reader[key] !== undefined || (key === 'requests' && /^(?:concurrency|connections)$/.test(other)))) {
      if (reader[key] !== undefined) args[key] = reader[key];
      else delete args[key];
      continue;
    }
    if (typeof value !== 'number' || value === reader[key] || !claimed.has(value)) continue;
    if (reader[key] !== undefined) args[key] = reader[key];
    else if (before?.[key] !== undefined) args[key] = before[key];
    else delete args[key];
  }
}
