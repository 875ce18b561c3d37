import type { SessionSource } from '../../db/chat-store.ts';
import type { Requester } from '../../tools/common/requester.ts';
import { slackGuestPrincipal } from '../../tools/iam/principals.ts';
import type { IamStoreApi } from '../../tools/iam/types.ts';
import type { Config } from '../config.ts';

/**
 * The requester of a turn whose caller named only its source: Slack members may run commands only when the
 * operator allowed it (SLACK_ALLOW_TYPED_COMMANDS=1); the web UI and the CLI are the operator's (no principal = the
 * operator). The real callers name their requester (the websocket its authenticated user, the Slack bridge the
 * member's principal); this is the fallback, and it fails closed: a Slack turn of unknown origin on a server that has
 * users acts as `slack-guest`, never as the operator (pass `iam` to know whether users exist).
 */
export function defaultRequester(source: SessionSource, config: Pick<Config, 'slack'>, iam?: Pick<IamStoreApi, 'hasUsers'>): Requester {
  switch (source) {
    case 'slack': {
      const requester: Requester = { source: 'slack', client: 'slack:unknown', commands: config.slack?.allowTypedCommands === true };
      return iam?.hasUsers() ? { ...requester, principal: slackGuestPrincipal('unknown') } : requester;
    }
    case 'cli':
      return { source: 'cli', client: `cli:${process.pid}`, commands: true };
    case 'web':
    case 'import':
      return { source: 'web', client: 'ws:unknown', commands: true };
  }
}
