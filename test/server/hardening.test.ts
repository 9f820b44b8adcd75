import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { solidPng } from '../support/png.ts';
import { cookieOf, nextEvent, PASSWORD, startTestServer, type TestServer } from '../support/server.ts';

type Json = Record<string, any>;

describe('HTTP guards', () => {
  let server: TestServer;
  let ann: string;
  before(async () => {
    server = await startTestServer({ authRateLimits: { registrationsPerIp: 1000, passwordFailuresPerUser: 3 } });
    ann = await server.register('ann');
  });
  after(() => server.stop());

  it('applies the Origin guard to /API/... in any letter case', async () => {
    const evil = { Origin: 'https://evil.example' };
    const register = await server.api('/API/auth/register', {
      body: { username: 'sneaky', password: PASSWORD },
      headers: evil,
    });
    assert.equal(register.status, 403);
    assert.equal(await server.users.get('sneaky'), undefined);
    const patch = await server.api('/Api/Profile', {
      method: 'PATCH',
      cookie: ann,
      body: { about: 'changed by another site' },
      headers: evil,
    });
    assert.equal(patch.status, 403);
    assert.equal((await server.users.get('ann'))?.about, '');
  });

  it('throttles wrong current passwords on password change, then refuses even the right one', async () => {
    const cookie = await server.register('guessed');
    const change = (currentPassword: string) =>
      server.api('/api/auth/password', { cookie, body: { currentPassword, newPassword: 'a brand new password' } });
    for (let i = 0; i < 3; i++) assert.equal((await change(`wrong guess ${i}`)).status, 400);
    const limited = await change(PASSWORD);
    assert.equal(limited.status, 429);
    assert.equal(((await limited.json()) as Json).code, 'RATE_LIMITED');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
  });

  it("stops serving a disabled person's avatar", async () => {
    const cookie = await server.register('pictured');
    const form = new FormData();
    form.append('avatar', new Blob([Uint8Array.from(solidPng(32, 32, [200, 30, 30]))], { type: 'image/png' }), 'a.png');
    const upload = await fetch(`${server.url}/api/profile/avatar`, {
      method: 'PUT',
      headers: { Origin: server.url, Cookie: cookie },
      body: form,
    });
    assert.equal(upload.status, 200);
    const url = `${server.url}/api/users/pictured/avatar`;
    assert.equal((await fetch(url, { headers: { Cookie: ann } })).status, 200);
    await server.users.update('pictured', { disabled: true });
    assert.equal((await fetch(url, { headers: { Cookie: ann } })).status, 404);
  });

  it('refuses display names with direction overrides, control characters or nothing visible; stores NFC', async () => {
    const patch = (displayName: string) =>
      server.api('/api/profile', { method: 'PATCH', cookie: ann, body: { displayName } });
    for (const name of ['\u202Enimda', 'a\u2066b', 'bell\u0007', '\u200B', '\u200B\u200D\u2060', '\u3164']) {
      const res = await patch(name);
      assert.equal(res.status, 400, JSON.stringify(name));
      const error = (await res.json()) as Json;
      assert.equal(error.code, 'INVALID');
      assert.ok(error.fields.displayName);
    }
    assert.equal((await server.users.get('ann'))?.displayName, 'ann');
    const res = await patch('Zoe\u0308 👩‍💻'); // e + combining diaeresis; a ZWJ emoji sequence is fine
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as Json).user.displayName, 'Zoë 👩‍💻');
  });

  it('answers 30 simultaneous profile edits with 200 each (no 409 INTERNAL)', async () => {
    const cookie = await server.register('busy');
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        server.api('/api/profile', { method: 'PATCH', cookie, body: { about: `edit ${i}` } }).then((r) => r.status),
      ),
    );
    assert.deepEqual(statuses, Array(30).fill(200));
  });

  it('sends the security headers on socket.io long-polling answers too', async () => {
    const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { Origin: server.url } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
  });
});

describe('source maps', () => {
  const withMap = (server: TestServer) => {
    mkdirSync(join(server.dataDir, 'web', 'assets'), { recursive: true });
    writeFileSync(join(server.dataDir, 'web', 'assets', 'app.js'), 'console.log(1);\n//# sourceMappingURL=app.js.map');
    writeFileSync(join(server.dataDir, 'web', 'assets', 'app.js.map'), '{"version":3,"sources":["secret.ts"]}');
  };

  it('are not served unless enabled', async () => {
    const server = await startTestServer();
    try {
      withMap(server);
      assert.equal((await fetch(`${server.url}/assets/app.js`)).status, 200);
      assert.equal((await fetch(`${server.url}/assets/app.js.map`)).status, 404);
      assert.equal((await fetch(`${server.url}/assets/app.js%2emap`)).status, 404);
      assert.equal((await fetch(`${server.url}/assets/app.js.MAP`)).status, 404);
    } finally {
      await server.stop();
    }
  });

  it('are served with sourceMaps: true', async () => {
    const server = await startTestServer({ sourceMaps: true });
    try {
      withMap(server);
      assert.equal((await fetch(`${server.url}/assets/app.js.map`)).status, 200);
    } finally {
      await server.stop();
    }
  });
});

describe('COOKIE_SECURE over plain HTTP', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ secureCookies: true });
  });
  after(() => server.stop());

  it('refuses registration with a clear message before creating the account', async () => {
    const res = await server.api('/api/auth/register', { body: { username: 'plain', password: PASSWORD } });
    assert.equal(res.status, 403);
    const error = (await res.json()) as Json;
    assert.equal(error.code, 'FORBIDDEN');
    assert.match(error.message, /HTTPS/);
    assert.equal(await server.users.get('plain'), undefined);
  });

  it('refuses login the same way', async () => {
    const res = await server.api('/api/auth/login', { body: { username: 'plain', password: PASSWORD } });
    assert.equal(res.status, 403);
    assert.match(((await res.json()) as Json).message, /HTTPS/);
  });
});

describe('sessions per person', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ sessionPolicy: { absoluteMs: 3600_000, idleMs: 3600_000, maxPerAccount: 2 } });
  });
  after(() => server.stop());

  it('ends the oldest session (and its sockets) when a login passes the cap', async () => {
    const first = await server.register('many');
    const socket = await server.client(first);
    // Two logins (bcrypt at cost 12, at low priority) come first: on a busy machine they take seconds.
    const cut = nextEvent<string>(socket, 'disconnect', 30_000);
    const login = () => server.api('/api/auth/login', { body: { username: 'many', password: PASSWORD } });
    const second = cookieOf(await login());
    const third = cookieOf(await login());
    assert.equal(await cut, 'io server disconnect');
    assert.equal((await server.api('/api/auth/me', { cookie: first })).status, 401);
    assert.equal((await server.api('/api/auth/me', { cookie: second })).status, 200);
    assert.equal((await server.api('/api/auth/me', { cookie: third })).status, 200);
  });
});

describe('a socket and its session', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ sessionPolicy: { absoluteMs: 2000, idleMs: 3600_000 } });
  });
  after(() => server.stop());

  it('is cut when its session expires', { timeout: 15_000 }, async () => {
    const cookie = await server.register('mortal');
    const socket = await server.client(cookie);
    assert.equal(await nextEvent<string>(socket, 'disconnect', 10_000), 'io server disconnect');
    assert.equal((await server.api('/api/auth/me', { cookie })).status, 401);
  });
});
