import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * `parseArgs` with the CLI's convention for bad flags: prints `tunechat <command>: <what is wrong>` and the usage
 * to stderr and returns null (the command then exits 2).
 */
export function parseCommandArgs<T extends ParseArgsConfig>(command: string, usage: string, config: T): ReturnType<typeof parseArgs<T>> | null {
  try {
    return parseArgs(config);
  } catch (error) {
    console.error(`tunechat ${command}: ${(error as Error).message}\n${usage}`);
    return null;
  }
}
