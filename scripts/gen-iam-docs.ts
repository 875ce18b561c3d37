/**
 * Writes docs/iam-actions.md from the action catalog (tools/iam/catalog.ts): `npx tsx scripts/gen-iam-docs.ts`.
 * `--check` only compares and exits 1 when the file is out of date (test/tools/iam/catalog.test.ts does the same).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderIamDocs } from '../tools/iam/catalog-docs.ts';

const path = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'iam-actions.md');
const text = renderIamDocs();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = '';
  }
  if (current !== text) {
    console.error(`${path} is out of date: run npx tsx scripts/gen-iam-docs.ts`);
    process.exit(1);
  }
  console.log(`${path} is up to date`);
} else {
  writeFileSync(path, text);
  console.log(`wrote ${path} (${text.length} characters)`);
}
