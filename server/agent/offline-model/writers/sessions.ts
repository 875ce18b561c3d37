import { isRecord } from '../plan.ts';
import { readSessions } from '../intents/sessions.ts';

export function writeSessionList(output: unknown): string {
  const rows = readSessions(output);
  if (rows.length === 0) return 'There are no saved sessions yet.';
  const lines = rows.slice(0, 20).map((r) => `- \`${r.id}\` ${r.title || '(untitled)'}${r.at ? ` (${new Date(r.at).toISOString().slice(0, 16).replace('T', ' ')} UTC)` : ''}`);
  return `You have ${rows.length} session${rows.length === 1 ? '' : 's'} (newest first):\n\n${lines.join('\n')}\n\nSay "replay session <id>" to see one again, or run \`tunechat replay <id>\`.`;
}

export function writeReplay(output: unknown): string {
  if (!isRecord(output)) return 'The session was replayed.';
  const title = typeof output.title === 'string' ? ` "${output.title}"` : '';
  const id = String(output.session_id ?? output.id ?? '');
  const transcript = Array.isArray(output.messages)
    ? output.messages.filter(isRecord).map((m) => `**${String(m.role)}:** ${String(m.text ?? '').slice(0, 600)}`).join('\n\n')
    : '';
  const link = typeof output.url === 'string' ? `\n\nWatch it with its original timing: ${output.url}` : '';
  return `Replay of session \`${id}\`${title}:\n\n${transcript || '(no messages)'}${link}`;
}
