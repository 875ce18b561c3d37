/**
 * Markdown → Slack mrkdwn for plain `text` messages (the chat.update fallback; the streaming API takes
 * markdown itself). Code spans and fenced blocks are left alone; `**bold**` → `*bold*`, `[t](url)` → `<url|t>`,
 * `# Heading` → `*Heading*`, `~~x~~` → `~x~`. Slack's control characters `&`, `<`, `>` are escaped in prose.
 */
export function toMrkdwn(markdown: string): string {
  return markdown
    .split(/(```[\s\S]*?(?:```|$))/)
    .map((segment, index) => (index % 2 === 1 ? segment : convertProse(segment)))
    .join('');
}

function convertProse(text: string): string {
  return text
    .split(/(`[^`\n]*`)/)
    .map((piece, index) => (index % 2 === 1 ? piece : convertInline(piece)))
    .join('');
}

function convertInline(text: string): string {
  const links: string[] = [];
  const withoutLinks = text.replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, (_m, label: string, url: string) => {
    links.push(`<${url}|${escape(label)}>`);
    return `\u0000${links.length - 1}\u0000`;
  });
  return escape(withoutLinks)
    .replace(/^#{1,6}\s+(.+)$/gm, '*$1*')
    .replace(/\*\*([^*\n]+)\*\*/g, '*$1*')
    .replace(/__([^_\n]+)__/g, '*$1*')
    .replace(/~~([^~\n]+)~~/g, '~$1~')
    .replace(/\u0000(\d+)\u0000/g, (_m, i: string) => links[Number(i)] as string);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
