import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { describeError } from '../../signal-server/log.ts';

/** Runs a module snippet in a fresh Node (with tsx, from the repo root); answers its exit code and stdout. */
function runNode(source: string): { status: number | null; stdout: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], {
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout };
}

// A promise nobody catches, rejected with attacker-shaped data; the process prints "alive" if it is still there.
const rejectDeep = `
  const deep = JSON.parse('['.repeat(100000) + ']'.repeat(100000));
  Promise.reject(deep);
  setImmediate(() => setImmediate(() => console.log('alive')));
`;

describe('keepServingOnRejection', () => {
  it('logs an unhandled rejection and keeps the process running', () => {
    const { status, stdout } = runNode(`
      import { keepServingOnRejection } from './signal-server/process-guard.ts';
      keepServingOnRejection(process, { info() {}, warn() {}, error: (m, f) => console.log(m, f.error) });
      ${rejectDeep}
    `);
    assert.equal(status, 0);
    assert.match(stdout, /^unhandled rejection; still serving \[object Array\]$/m);
    assert.match(stdout, /^alive$/m);
  });

  it('is what stands between such a rejection and an exit (without it Node ends the process)', () => {
    const { status, stdout } = runNode(rejectDeep);
    assert.equal(status, 1);
    assert.doesNotMatch(stdout, /alive/);
  });
});

describe('describeError', () => {
  it('names an attacker-shaped value by its type without walking it', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    assert.throws(() => String(deep), RangeError);
    assert.equal(describeError(deep), '[object Array]');
    assert.match(describeError(new TypeError('bad')), /^TypeError: bad\n {4}at /);
  });
});
