import type { LanguageModel } from 'ai';
import { openDatabase } from '../../db/open.ts';
import { loadConfig } from '../../server/config.ts';
import { createServices, type Services } from '../../server/services.ts';
import { systemClock } from '../../tools/common/clock.ts';

/** Services over a private in-memory database and the given model (default config otherwise). */
export function createTestServices(model: LanguageModel, env: Record<string, string> = {}): Services {
  const config = loadConfig({ TUNECHAT_DB: ':memory:', PORT: '0', ...env });
  return createServices({ db: openDatabase(':memory:'), clock: systemClock, config, model });
}

