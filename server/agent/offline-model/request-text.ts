import { quotedCommandsAsCode } from '../../../tools/common/typed-commands.ts';

/**
 * The user's message as the planner reads it: a runbook's list marker dropped ("1) Load-test …", "- stop it", "Test
 * plan item 7: …"), fractions of a second, hyphenated durations and dictated names and ports in figures, and a
 * local address said in words written out ("http localhost 8080 slash ping" → "http://localhost:8080/ping"). Only
 * loopback hosts are rewritten: they are what a dictated benchmark may hit without anything else being guessed.
 * A command line in double quotes ("sleep 0.1") is read as the code span it stands for, as the command gate reads it.
 */
/** "less then 0.85": the common slip for "than" before a number. */
const THEN_FOR_THAN = /\b(less|more|greater|bigger|higher|lower|smaller|fewer|larger|longer|shorter|worse|better)\s+then(?=\s*[-\d.])/gi;
const LIST_MARKER = /^\s*(?:\(?\d{1,2}[.)]|[-*\u2022]|(?:test plan |runbook |checklist )?(?:item|step|task|case|point)\s+#?\d{1,3}\s*[:.)-])\s+(?=\S)/i;
const SPOKEN_URL =
  /\b(?:(https?)\s+(?:colon\s+(?:slash\s+slash\s+)?)?)?(localhost|127\s+dot\s+0\s+dot\s+0\s+dot\s+1)\s+(?:colon\s+|port\s+)?(\d{2,5})((?:\s+slash\s+[a-z0-9_.-]+)*)(?:\s+slash\b)?/gi;

/** "the local service on port 3001, path /login": a port with no host is this machine's. */
const PORT_ONLY = /\b(?:on|at)\s+(?:local\s*)?port\s+(\d{2,5})\b(?:[^.;/]{0,30}?,?\s*(?:(?:at|on|with|and)\s+)?(?:the\s+)?(?:path|route|endpoint)\b[^/.;]{0,25}?(\/[\w./-]*[\w/]))?/i;
/** "verify /v2/classify on 127.0.0.1:8443": a path said before a local host and port is that address's path. */
const PATH_ON_HOST = /(?<![\w/:])(\/[\w.-]+(?:\/[\w.-]+)*)\s+(?:on|at)\s+(?:https?:\/\/)?(localhost|127\.0\.0\.1):(\d{2,5})(?![\w/])/i;
const HAS_HOST = /https?:\/\/|\b(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|dev|local|internal|lan|ai|app|co|cloud|svc|cluster|example|test))\b|\b[a-z0-9-]+:\d{2,5}\b/i;

/** Fractions of a second in words: "a quarter of a second" → 250 ms. */
const SECOND_FRACTIONS: Array<[RegExp, string]> = [
  [/\b(?:three|3)[- ]quarters of a second\b/gi, '750 ms'],
  [/\b(?:a|one|1) quarter of a second\b|\ba quarter second\b/gi, '250 ms'],
  [/\bhalf a second\b|\ba half[- ]second\b/gi, '500 ms'],
  [/\b(?:a|one|1) tenth of a second\b/gi, '100 ms'],
];

/** "a 60-second load test": a duration written as an adjective. */
const HYPHENED_DURATION = /\b(\d+(?:\.\d+)?)-(seconds?|secs?|minutes?|mins?|hours?|hrs?|ms|milliseconds?)\b/gi;

const DIGITS: Record<string, number> = { zero: 0, oh: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9 };
const TENS: Record<string, number> = { ten: 10, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
/** "port eight thousand", "port eighty eighty", "port three zero zero zero": a port said in words. */
const SPOKEN_PORT = /\b(local ?host|127 dot 0 dot 0 dot 1)(\s+(?:on\s+)?port\s+)((?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|thousand|hundred|and)\b\s*)+)/gi;

function spokenNumber(words: string): number | null {
  const list = words.toLowerCase().trim().split(/\s+/).filter((w) => w !== 'and');
  if (list.length > 0 && list.every((w) => w in DIGITS)) return Number(list.map((w) => DIGITS[w]).join(''));
  if (list.length === 2 && list.every((w) => w in TENS)) return TENS[list[0]!]! * 100 + TENS[list[1]!]!;
  let total = 0;
  let current = 0;
  for (const word of list) {
    if (word in DIGITS) current += DIGITS[word]!;
    else if (word in TENS) current += TENS[word]!;
    else if (word === 'hundred') current *= 100;
    else if (word === 'thousand') {
      total += current * 1000;
      current = 0;
    } else return null;
  }
  const value = total + current;
  return value > 0 && value < 65536 ? value : null;
}

export function requestText(raw: string): string {
  const said = SECOND_FRACTIONS.reduce((text, [pattern, ms]) => text.replace(pattern, ms), raw)
    .replace(HYPHENED_DURATION, '$1 $2')
    // Dictated names: "x g boost", "light g b m".
    .replace(/\bx[ .-]g[ .-]?boost\b|\bx g boost\b/gi, 'xgboost')
    .replace(/\blight[ .-]g[ .-]?b[ .-]?m\b/gi, 'lightgbm')
    .replace(/\bt[ .]p[ .]e\b/gi, 'tpe')
    .replace(/\bc[ .]m[ .]a[ .-]?e[ .]s\b/gi, 'cma-es')
    .replace(/\b(\d+)\s+requests?\s+by\s+second\b/gi, '$1 requests per second')
    .replace(SPOKEN_PORT, (whole, host: string, port: string, words: string) => {
      const value = spokenNumber(words);
      return value === null ? whole : `${/^local/i.test(host) ? 'localhost' : host}${port}${value} `;
    });
  const spoken = quotedCommandsAsCode(said).replace(THEN_FOR_THAN, '$1 than').replace(LIST_MARKER, '').replace(SPOKEN_URL, (whole, scheme: string | undefined, host: string, port: string, path: string) => {
    // "localhost 8080" alone stays as written unless the message spoke a scheme or a path.
    if (!scheme && !path) return whole;
    const hostName = /^localhost$/i.test(host) ? 'localhost' : '127.0.0.1';
    const segments = path.split(/\s+slash\s+/i).map((s) => s.trim()).filter(Boolean);
    return `${(scheme ?? 'http').toLowerCase()}://${hostName}:${port}/${segments.join('/')}`;
  });
  return localAddresses(spoken);
}

/** "listening on 127.0.0.1 port 8500 at /recommend", "my service at localhost port 8000". */
const HOST_PORT = /\b(localhost|127\.0\.0\.1)\s+(?:on\s+)?port\s+(\d{2,5})\b(?:\s+(?:at|on|under|path|route)\s+(\/[\w./-]*[\w/]))?/gi;

/**
 * A local address said in words, after the dictated ones: a path before a host and port, a host and its port in
 * words (unless the message also writes that host:port), else a port with no host (this machine's).
 */
function localAddresses(text: string): string {
  if (PATH_ON_HOST.test(text)) return text.replace(PATH_ON_HOST, (_whole, path: string, host: string, port: string) => `http://${host}:${port}${path}`);
  const hosted = text.replace(HOST_PORT, (whole, host: string, port: string, path: string | undefined) => (text.includes(`${host}:${port}`) ? whole : `http://${host.toLowerCase()}:${port}${path ?? '/'}`));
  if (hosted !== text || HAS_HOST.test(text.replace(/`[^`]*`/g, ' '))) return hosted;
  return text.replace(PORT_ONLY, (_whole, port: string, path: string | undefined) => `at http://localhost:${port}${path ?? '/'}`);
}
