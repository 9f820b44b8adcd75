import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AppProcess, startAppProcess } from '../support/app-process.ts';
import { registerAt } from '../support/calm-pair.ts';
import { freePort } from '../support/redis.ts';
import { cookieOf, PASSWORD } from '../support/server.ts';

const WRONG_PASSWORD = 'not the password at all';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Logs in at `url` as the web app does. */
function login(url: string, username: string, password: string): Promise<Response> {
  return fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { Origin: url, 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

/** The `request` line of the request `requestId`, parsed (waiting for it if it has not been read yet). */
async function requestLine(app: AppProcess, requestId: string): Promise<Record<string, unknown>> {
  const line = await app.line((l) => l.includes(`"requestId":"${requestId}"`) && l.includes('"message":"request"'));
  return JSON.parse(line) as Record<string, unknown>;
}

describe('the server log', () => {
  it('is JSON lines naming each request, and never holds a password or a session cookie', async () => {
    const app = await startAppProcess();
    try {
      const registered = await registerAt(app.url, 'logger');
      assert.equal((await login(app.url, 'logger', WRONG_PASSWORD)).status, 401);
      const loggedIn = await login(app.url, 'logger', PASSWORD);
      assert.equal(loggedIn.status, 200);
      const cookie = cookieOf(loggedIn);

      const me = await fetch(`${app.url}/api/auth/me?from=test`, {
        headers: { Cookie: cookie, 'X-Request-Id': 'probe-42' },
      });
      assert.equal(me.status, 200);
      assert.equal(me.headers.get('X-Request-Id'), 'probe-42', 'a sane incoming id is kept');
      const line = await requestLine(app, 'probe-42');
      assert.deepEqual(
        { level: line.level, method: line.method, path: line.path, status: line.status },
        { level: 'info', method: 'GET', path: '/api/auth/me', status: 200 },
      );
      assert.equal(typeof line.ms, 'number');

      // Too long to be an id a proxy made: replaced by one of the server's own.
      const odd = await fetch(`${app.url}/healthz`, { headers: { 'X-Request-Id': 'x'.repeat(65) } });
      const id = odd.headers.get('X-Request-Id') ?? '';
      assert.match(id, UUID);
      await requestLine(app, id); // every line before it has been read too

      assert.ok(app.stdout.length > 0);
      for (const text of app.stdout) assert.doesNotThrow(() => JSON.parse(text), `not JSON: ${text}`);
      const secrets = [PASSWORD, WRONG_PASSWORD, registered.split('=')[1], cookie.split('=')[1]];
      for (const secret of secrets) {
        assert.ok(secret && secret.length > 8);
        assert.deepEqual(
          app.output.filter((text) => text.includes(secret)),
          [],
        );
      }
    } finally {
      await app.stop();
    }
  });

  it('writes nothing below LOG_LEVEL', async () => {
    const port = String(await freePort());
    const app = await startAppProcess({ LOG_LEVEL: 'warn', PORT: port });
    try {
      await registerAt(app.url, 'quiet');
      assert.equal((await login(app.url, 'quiet', WRONG_PASSWORD)).status, 401);
    } finally {
      await app.stop();
    }
    const info = app.output.filter((text) => text.includes('"level":"info"'));
    assert.deepEqual(info, [], 'no "Dialog is listening", request or "shutting down" line at LOG_LEVEL=warn');
  });
});
