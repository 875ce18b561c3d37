import { HTTP_METHODS } from '../lexicon.ts';
import { isUrlToken } from '../nlp.ts';
import type { Scanner } from './scanner.ts';

/**
 * What a benchmark names: `commands` (value: the command line between the backticks), URLs and host:port (value:
 * the URL with http:// when written without a scheme, as intents/bench.ts does) and HTTP methods. A method is
 * upper case ("POST"), or lower case right before "request(s)"/"method"/"calls" ("post requests"), so the verb
 * "delete the rule" stays a verb.
 */
const METHOD_CUES = new Set(['request', 'requests', 'method', 'calls', 'call', 'endpoint', 'traffic', 'only', 'body']);

export function recognizeWeb(s: Scanner): void {
  for (let i = 0; i < s.length; i++) {
    if (s.claimed[i]) continue;
    const text = s.tokens[i]!.text;
    if (text.length >= 2 && text.startsWith('`') && text.endsWith('`')) {
      s.claim({ kind: 'command', from: i, to: i + 1, value: text.slice(1, -1).trim() });
    } else if (isUrlToken(text)) {
      // "http://localhost:8080/v1: 200 requests", "(see localhost:3000/api)": trailing punctuation is not the URL's.
      const url = text.replace(/[.:,;!?)]+$/, '');
      s.claim({ kind: 'url', from: i, to: i + 1, value: /^https?:\/\//i.test(url) ? url : `http://${url}` });
    } else if (HTTP_METHODS.includes(text.toLowerCase())) {
      const upper = text === text.toUpperCase() && text.length > 2;
      if (upper || METHOD_CUES.has(s.norm(i + 1))) s.claim({ kind: 'method', from: i, to: i + 1, value: text.toUpperCase() });
    } else if (/^(GET|POST|PUT|PATCH|DELETE|HEAD)s$/.test(text)) {
      // "with GETs", "a few POSTs".
      s.claim({ kind: 'method', from: i, to: i + 1, value: text.slice(0, -1) });
    }
  }
}
