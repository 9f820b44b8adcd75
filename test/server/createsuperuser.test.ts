import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cookieOf, startTestServer, type TestServer } from '../support/server.ts';

/** Runs `npm run createsuperuser`'s script with a password on standard input. */
function createsuperuser(
  dataDir: string,
  args: string[],
  stdin: string,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/createsuperuser.ts', ...args], {
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.stdin.end(stdin);
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('npm run createsuperuser', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ adminSocketPath: 'admin.sock' });
  });
  after(() => server.stop());

  it('creates an administrator through the running server (the database is locked to it)', async () => {
    const { code, out } = await createsuperuser(
      server.dataDir,
      ['--username', 'Boss', '--password-stdin'],
      'boss password 1\n',
    );
    assert.equal(code, 0, out);
    assert.match(out, /Administrator "boss" created/);
    const login = await server.api('/api/auth/login', { body: { username: 'boss', password: 'boss password 1' } });
    assert.equal(login.status, 200);
    assert.equal((await server.api('/api/admin/users', { cookie: cookieOf(login) })).status, 200);
  });

  it('refuses a duplicate name and a weak password with a clear message', async () => {
    const dup = await createsuperuser(server.dataDir, ['--username', 'boss', '--password-stdin'], 'another password\n');
    assert.equal(dup.code, 1);
    assert.match(dup.out, /already taken/);
    const weak = await createsuperuser(server.dataDir, ['--username', 'boss2', '--password-stdin'], 'short\n');
    assert.equal(weak.code, 1);
    assert.match(weak.out, /Password: at least 8/);
    assert.doesNotMatch(weak.out + dup.out, /LOCK|at Object|Error:/);
  });

  it('opens the database itself when no server is running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dialog-su-'));
    try {
      const { code, out } = await createsuperuser(dir, ['--username', 'solo', '--password-stdin'], 'solo password\n');
      assert.equal(code, 0, out);
      assert.match(out, /Administrator "solo" created/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
