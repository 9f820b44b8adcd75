import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { avatarForm } from '../support/authorization-scene.ts';
import { cookieOf, PASSWORD, startTestServer } from '../support/server.ts';

/** Runs `npm run backup` or `npm run restore`'s script on `dataDir`. */
function run(
  script: 'backup' | 'restore',
  dataDir: string,
  file: string,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, file], {
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('npm run backup / npm run restore', () => {
  const work = mkdtempSync(join(tmpdir(), 'dialog-backups-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  it('backs up a running server and restores into a fresh DATA_DIR: accounts, rooms and pictures come back', async () => {
    const server = await startTestServer({ adminSocketPath: 'admin.sock' });
    const file = join(work, 'dialog.backup');
    try {
      const cookie = await server.register('ann');
      const avatar = await fetch(`${server.url}/api/profile/avatar`, {
        method: 'PUT',
        headers: { Origin: server.url, Cookie: cookie },
        body: avatarForm(),
      });
      assert.equal(avatar.status, 200);
      const roomId = await server.createRoom(cookie, 'Kept room', 'still here');
      const taken = await run('backup', server.dataDir, file);
      assert.equal(taken.code, 0, taken.out);
      assert.match(taken.out, /Backed up \d+ documents/);
      assert.equal(existsSync(`${file}.partial`), false);
      // The server was never interrupted.
      assert.equal((await server.api('/api/auth/me', { cookie })).status, 200);

      const fresh = join(work, 'restored');
      const restored = await run('restore', fresh, file);
      assert.equal(restored.code, 0, restored.out);
      assert.match(restored.out, /Restored \d+ documents/);
      const again = await startTestServer({}, fresh);
      try {
        const login = await again.api('/api/auth/login', { body: { username: 'ann', password: PASSWORD } });
        assert.equal(login.status, 200);
        const session = cookieOf(login);
        const { room } = (await (await again.api(`/api/rooms/${roomId}`, { cookie: session })).json()) as {
          room: { name: string; topic: string };
        };
        assert.deepEqual([room.name, room.topic], ['Kept room', 'still here']);
        const picture = await again.api('/api/users/ann/avatar', { cookie: session });
        assert.equal(picture.status, 200);
        assert.ok((await picture.arrayBuffer()).byteLength > 0);
        // The old session came along too: a restore does not log people out.
        assert.equal((await again.api('/api/auth/me', { cookie })).status, 200);
      } finally {
        await again.stop();
      }
    } finally {
      await server.stop();
    }
  });

  it('refuses to restore into a database that is in use or not empty, saying why', async () => {
    const server = await startTestServer({ adminSocketPath: 'admin.sock' });
    const file = join(work, 'small.backup');
    try {
      await server.register('bob');
      assert.equal((await run('backup', server.dataDir, file)).code, 0);
      const inUse = await run('restore', server.dataDir, file);
      assert.equal(inUse.code, 1);
      assert.match(inUse.out, /running server: stop it first/);
    } finally {
      await server.stop({ keepData: true });
    }
    const stopped = await run('restore', server.dataDir, file);
    assert.equal(stopped.code, 1);
    assert.match(stopped.out, /already holds \d+ documents; restore into an empty one/);
    rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('backs up a stopped server by reading its database directly, and refuses a folder with none', async () => {
    const server = await startTestServer({ adminSocketPath: 'admin.sock' });
    await server.register('cara');
    await server.stop({ keepData: true });
    const file = join(work, 'offline.backup');
    const taken = await run('backup', server.dataDir, file);
    rmSync(server.dataDir, { recursive: true, force: true });
    assert.equal(taken.code, 0, taken.out);
    assert.match(taken.out, /Backed up \d+ documents/);
    const mistyped = await run('backup', join(work, 'no-such-dir'), join(work, 'nothing.backup'));
    assert.equal(mistyped.code, 1);
    assert.match(mistyped.out, /There is no Dialog database in .*no-such-dir/);
    assert.equal(existsSync(join(work, 'no-such-dir')), false, 'nothing created');
  });
});
