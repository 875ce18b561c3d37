/**
 * Trains the teacher for the current cache key and writes it to `teacher/` (the checked-in copy), replacing older
 * keys there. Run after changing the data generator, the teacher's layers or its recipe:
 *   node --import tsx examples/distill/train-teacher.ts
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadTf } from '../../tools/common/tf.ts';
import { CACHE_DIR, CHECKED_IN_DIR, loadOrTrainTeacher, teacherKey, writeTeacher } from './teacher.ts';

const { tf } = await loadTf();
const key = teacherKey();
const teacher = await loadOrTrainTeacher(tf, (line) => console.error(line));
for (const name of readdirSync(CHECKED_IN_DIR, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name)) {
  if (name.startsWith('teacher-')) rmSync(join(CHECKED_IN_DIR, name));
}
const { weights_file: _, ...scores } = teacher.manifest;
const manifest = writeTeacher(teacher.weights, CHECKED_IN_DIR, scores);
console.log(JSON.stringify({ source: teacher.source, cache: CACHE_DIR, ...manifest }));
