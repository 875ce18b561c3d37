import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { systemClock } from '../../../tools/common/clock.ts';
import { ToolError } from '../../../tools/common/errors.ts';
import { createActuator } from '../../../tools/control/actuators/index.ts';

const node = process.execPath;
const failedWith = (pattern: RegExp) => (e: unknown) => ToolError.isInstance(e) && (e.code as string) === 'actuator_failed' && pattern.test(e.message);

describe('command actuator', () => {
  test('runs the argv template with {value}, without a shell; read() is null', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tunechat-actuator-'));
    const out = join(dir, 'value.txt');
    // A shell would expand $HOME and `;`: the argument must arrive verbatim.
    const actuator = createActuator('workers', { type: 'command', command: [node, '-e', 'require("fs").writeFileSync(process.argv[1], process.argv.slice(2).join(" "))', out, '--workers={value}', '$HOME;echo'] }, { clock: systemClock });
    assert.equal(actuator.kind, 'command');
    assert.equal(await actuator.read(), null);
    await actuator.apply(12);
    assert.equal(readFileSync(out, 'utf8'), '--workers=12 $HOME;echo');
  });

  test('a non-zero exit is actuator_failed with the tail of stderr; a hung command is killed at the timeout', async () => {
    const failing = createActuator('workers', { type: 'command', command: [node, '-e', 'console.error("x".repeat(5000) + " no such pool: " + process.argv[1]); process.exit(3)', '{value}'] }, { clock: systemClock });
    await assert.rejects(failing.apply(7), failedWith(/ended with exit code 3; stderr: x+ no such pool: 7$/));
    const hung = createActuator('workers', { type: 'command', command: [node, '-e', 'setTimeout(() => {}, 60000)', '{value}'] }, { clock: systemClock, timeout_ms: 200 });
    const started = performance.now();
    await assert.rejects(hung.apply(1), failedWith(/timed out after 200 ms/));
    console.log(`hung command stopped after ${Math.round(performance.now() - started)} ms`);
    const missing = createActuator('workers', { type: 'command', command: ['/nonexistent/scale', '{value}'] }, { clock: systemClock });
    await assert.rejects(missing.apply(1), failedWith(/could not start: .*ENOENT/));
  });
});
