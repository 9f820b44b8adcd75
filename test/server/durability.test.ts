import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AppProcess, startAppProcess } from '../support/app-process.ts';
import { cookieOf, PASSWORD } from '../support/server.ts';

const post = (app: AppProcess, path: string, body: unknown, cookie?: string, method = 'POST') =>
  fetch(`${app.url}${path}`, {
    method,
    headers: { Origin: app.url, 'Content-Type': 'application/json', ...(cookie && { Cookie: cookie }) },
    body: JSON.stringify(body),
  });

describe('durability', () => {
  it('keeps an acknowledged registration and profile change through kill -9 and a restart', async () => {
    let app = await startAppProcess({}, undefined, 'signal-server/main.ts');
    const dataDir = app.dataDir;
    try {
      const reg = await post(app, '/api/auth/register', { username: 'durable', password: PASSWORD });
      assert.equal(reg.status, 201);
      const patch = await post(app, '/api/profile', { displayName: 'Still Here' }, cookieOf(reg), 'PATCH');
      assert.equal(patch.status, 200);
      await app.stop({ keepData: true, signal: 'SIGKILL' });

      app = await startAppProcess({}, dataDir, 'signal-server/main.ts');
      const login = await post(app, '/api/auth/login', { username: 'durable', password: PASSWORD });
      assert.equal(login.status, 200);
      assert.equal(((await login.json()) as { user: { displayName: string } }).user.displayName, 'Still Here');
    } finally {
      await app.stop();
    }
  });
});
