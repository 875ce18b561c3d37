/** marked-terminal ships no types: the one export we use (a marked extension rendering markdown with ANSI styles). */
declare module 'marked-terminal' {
  import type { MarkedExtension } from 'marked';

  export function markedTerminal(options?: Record<string, unknown>, highlightOptions?: Record<string, unknown>): MarkedExtension;
}
