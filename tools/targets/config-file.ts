import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseTargetInput } from './definition-schema.ts';
import type { TargetDefinition } from './types.ts';

/** The file name looked up in the working directory (and in every `include`d directory). */
export const CONFIG_FILE = 'tunechat.json';

export interface FileTarget {
  definition: TargetDefinition;
  /** Absolute path of the tunechat.json that defines it. */
  origin: string;
}

export interface LoadedFiles {
  targets: FileTarget[];
  /** One readable line per file or target that could not be read (the rest still loads). */
  errors: string[];
}

/**
 * Reads `tunechat.json` files: `{"targets": [TargetInput…], "include": ["examples/xgboost", …]}`.
 * `include` entries are directories (their tunechat.json) or files, relative to the including file.
 * Relative `cwd` of command targets resolve against the file's directory, so a target runs from anywhere.
 * The first definition of a name wins; includes are read after the file's own targets; cycles are ignored.
 */
export function loadTargetFiles(paths: string[]): LoadedFiles {
  const loaded: LoadedFiles = { targets: [], errors: [] };
  const seen = new Set<string>();
  const names = new Set<string>();
  const visit = (path: string) => {
    const file = existsSync(path) && statSync(path).isDirectory() ? join(path, CONFIG_FILE) : path;
    const absolute = resolve(file);
    if (seen.has(absolute) || !existsSync(absolute)) return;
    seen.add(absolute);
    let json: { targets?: unknown; include?: unknown };
    try {
      json = JSON.parse(readFileSync(absolute, 'utf8')) as typeof json;
    } catch (error) {
      loaded.errors.push(`${absolute}: not valid JSON (${(error as Error).message})`);
      return;
    }
    const baseDir = dirname(absolute);
    const targets = Array.isArray(json.targets) ? json.targets : [];
    targets.forEach((entry, index) => {
      try {
        const definition = parseTargetInput(entry, { resolvePath: (p) => resolve(baseDir, p), where: `${absolute} targets[${index}]` });
        if (names.has(definition.name)) return;
        names.add(definition.name);
        loaded.targets.push({ definition, origin: absolute });
      } catch (error) {
        loaded.errors.push((error as Error).message);
      }
    });
    const includes = Array.isArray(json.include) ? json.include : [];
    for (const include of includes) if (typeof include === 'string') visit(resolve(baseDir, include));
  };
  for (const path of paths) visit(path);
  return loaded;
}
