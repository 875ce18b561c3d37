import type { SessionSource } from '../../db/chat-store.ts';
import type { Requester } from '../../tools/common/requester.ts';
import type { Config } from '../config.ts';

/**
 * The requester of a turn whose caller named only its source: Slack members may run commands only when the
 * operator allowed it (SLACK_ALLOW_TYPED_COMMANDS=1); the web UI and the CLI are the operator's.
 */
export function defaultRequester(source: SessionSource, config: Pick<Config, 'slack'>): Requester {
  switch (source) {
    case 'slack':
      return { source: 'slack', client: 'slack:unknown', commands: config.slack?.allowTypedCommands === true };
    case 'cli':
      return { source: 'cli', client: `cli:${process.pid}`, commands: true };
    case 'web':
    case 'import':
      return { source: 'web', client: 'ws:unknown', commands: true };
  }
}
