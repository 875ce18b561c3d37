/**
 * The JSON object or array that opens at `at` ('{' or '['), its brackets balanced outside strings, or null when it
 * does not close within `limit` characters. Shared by the readers of pasted specs and request bodies.
 */
export function jsonSpan(text: string, at: number, limit = Number.POSITIVE_INFINITY): string | null {
  const open = text[at];
  if (open !== '{' && open !== '[') return null;
  const close = open === '{' ? '}' : ']';
  let depth = 0;
  let quoted = false;
  for (let i = at; i < text.length && i - at <= limit; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i += 1;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === open) depth += 1;
    else if (c === close && --depth === 0) return text.slice(at, i + 1);
  }
  return null;
}
