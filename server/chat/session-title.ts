/** Longest session title derived from a message; longer text is cut at a word boundary with an ellipsis. */
export const MAX_TITLE_LENGTH = 60;

/** A session title from the user's first message: whitespace collapsed, at most {@link MAX_TITLE_LENGTH} characters. */
export function sessionTitle(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return 'New chat';
  if (flat.length <= MAX_TITLE_LENGTH) return flat;
  const cut = flat.slice(0, MAX_TITLE_LENGTH - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > MAX_TITLE_LENGTH / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
