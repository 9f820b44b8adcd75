import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cookieOf, PASSWORD, startTestServer, type TestServer } from '../support/server.ts';

type Json = Record<string, any>;
let n = 0;
const fresh = (name: string) => `${name}-${++n}`;

describe('accounts', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      authRateLimits: { registrationsPerIp: 1000, failuresPerUserAndIp: 3, failuresPerIp: 1000 },
    });
  });
  after(() => server.stop());

  describe('POST /api/auth/register', () => {
    it('creates the account, logs in with an HttpOnly SameSite=Lax cookie and answers the user', async () => {
      const res = await server.api('/api/auth/register', {
        body: { username: 'Ann_Smith', password: PASSWORD, email: 'ann@example.org' },
      });
      assert.equal(res.status, 201);
      const { user } = (await res.json()) as Json;
      assert.equal(user.username, 'ann_smith');
      assert.equal(user.displayName, 'ann_smith');
      assert.equal(user.email, 'ann@example.org');
      assert.equal(user.isAdmin, false);
      assert.equal(user.passwordHash, undefined);
      const setCookie = res.headers.getSetCookie().join('; ');
      assert.match(setCookie, /dialog_session=[\w-]{43}/);
      assert.match(setCookie, /httponly/i);
      assert.match(setCookie, /samesite=lax/i);
      assert.match(setCookie, /path=\//i);
      const me = await server.api('/api/auth/me', { cookie: cookieOf(res) });
      assert.equal(((await me.json()) as Json).user.username, 'ann_smith');
    });

    it('refuses a username taken in any letter case with 409 USERNAME_TAKEN', async () => {
      await server.register('taken-name');
      const res = await server.api('/api/auth/register', { body: { username: 'TAKEN-Name', password: PASSWORD } });
      assert.equal(res.status, 409);
      assert.equal(((await res.json()) as Json).code, 'USERNAME_TAKEN');
    });

    it('explains bad fields, including a password too long in bytes', async () => {
      const cases: [Json, string, RegExp][] = [
        [{ username: 'ab', password: PASSWORD }, 'username', /at least 3/],
        [{ username: 'has space', password: PASSWORD }, 'username', /letters, digits/],
        [{ username: fresh('short'), password: 'short' }, 'password', /at least 8/],
        [{ username: fresh('long'), password: 'é'.repeat(40) }, 'password', /72 bytes/],
        [{ username: fresh('mail'), password: PASSWORD, email: 'not-an-email' }, 'email', /valid email/],
      ];
      for (const [body, field, message] of cases) {
        const res = await server.api('/api/auth/register', { body });
        assert.equal(res.status, 400, JSON.stringify(body));
        const error = (await res.json()) as Json;
        assert.equal(error.code, 'INVALID');
        assert.match(error.fields[field], message);
      }
    });

    it('refuses a cross-site form post and a foreign Origin, storing nothing', async () => {
      const username = fresh('csrf');
      const form = await fetch(`${server.url}/api/auth/register`, {
        method: 'POST',
        headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `username=${username}&password=${encodeURIComponent(PASSWORD)}`,
      });
      assert.equal(form.status, 415);
      const foreign = await server.api('/api/auth/register', {
        body: { username, password: PASSWORD },
        headers: { Origin: 'https://evil.example' },
      });
      assert.equal(foreign.status, 403);
      assert.equal(await server.users.get(username), undefined);
    });
  });

  describe('POST /api/auth/login', () => {
    it('logs in with a new session each time', async () => {
      const username = fresh('login');
      const first = await server.register(username);
      const res = await server.api('/api/auth/login', {
        body: { username: username.toUpperCase(), password: PASSWORD },
      });
      assert.equal(res.status, 200);
      assert.notEqual(cookieOf(res), first);
      assert.equal(((await res.json()) as Json).user.username, username);
    });

    it('answers the same 401 for a wrong password and an unknown user', async () => {
      const username = fresh('victim');
      await server.register(username);
      const wrong = await server.api('/api/auth/login', { body: { username, password: 'wrong password!' } });
      const unknown = await server.api('/api/auth/login', {
        body: { username: fresh('nobody'), password: 'wrong password!' },
      });
      assert.equal(wrong.status, 401);
      assert.equal(unknown.status, 401);
      assert.deepEqual(await wrong.json(), await unknown.json());
    });

    it('rate-limits repeated failures for one account from one address, with Retry-After', async () => {
      const username = fresh('target');
      await server.register(username);
      for (let i = 0; i < 3; i++) {
        const res = await server.api('/api/auth/login', { body: { username, password: 'guessing-wrong' } });
        assert.equal(res.status, 401);
      }
      const limited = await server.api('/api/auth/login', { body: { username, password: PASSWORD } });
      assert.equal(limited.status, 429);
      assert.equal(((await limited.json()) as Json).code, 'RATE_LIMITED');
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
    });

    it('refuses a disabled account with 403 ACCOUNT_DISABLED', async () => {
      const username = fresh('disabled');
      await server.register(username);
      await server.users.update(username, { disabled: true });
      const res = await server.api('/api/auth/login', { body: { username, password: PASSWORD } });
      assert.equal(res.status, 403);
      assert.equal(((await res.json()) as Json).code, 'ACCOUNT_DISABLED');
    });
  });

  describe('logout and password change', () => {
    it('logout revokes the session server-side and cuts its sockets', async () => {
      const cookie = await server.register(fresh('leaver'));
      const socket = await server.client(cookie);
      const cut = new Promise((resolve) => socket.once('disconnect', resolve));
      assert.equal((await server.api('/api/auth/logout', { method: 'POST', cookie })).status, 204);
      await cut;
      assert.equal((await server.api('/api/auth/me', { cookie })).status, 401);
    });

    it('GET /api/auth/me is 401 without a session', async () => {
      const res = await server.api('/api/auth/me');
      assert.equal(res.status, 401);
      assert.equal(((await res.json()) as Json).code, 'UNAUTHENTICATED');
    });

    it('a password change ends every other session and keeps this one', async () => {
      const username = fresh('changer');
      const here = await server.register(username);
      const elsewhere = cookieOf(await server.api('/api/auth/login', { body: { username, password: PASSWORD } }));
      const wrong = await server.api('/api/auth/password', {
        cookie: here,
        body: { currentPassword: 'nope-nope', newPassword: 'a new password' },
      });
      assert.equal(wrong.status, 400);
      assert.ok(((await wrong.json()) as Json).fields.currentPassword);
      const res = await server.api('/api/auth/password', {
        cookie: here,
        body: { currentPassword: PASSWORD, newPassword: 'a new password' },
      });
      assert.equal(res.status, 204);
      assert.equal((await server.api('/api/auth/me', { cookie: here })).status, 200);
      assert.equal((await server.api('/api/auth/me', { cookie: elsewhere })).status, 401);
      const login = await server.api('/api/auth/login', { body: { username, password: 'a new password' } });
      assert.equal(login.status, 200);
    });
  });

  describe('profiles and the people directory', () => {
    it('PATCH /api/profile trims, validates and saves; "" display name falls back to the username', async () => {
      const username = fresh('profile');
      const cookie = await server.register(username);
      const ok = await server.api('/api/profile', {
        method: 'PATCH',
        cookie,
        body: { displayName: '  Ann S.  ', about: ' hi ', email: 'a@b.co' },
      });
      assert.equal(ok.status, 200);
      const { user } = (await ok.json()) as Json;
      assert.deepEqual([user.displayName, user.about, user.email], ['Ann S.', 'hi', 'a@b.co']);
      const bad = await server.api('/api/profile', {
        method: 'PATCH',
        cookie,
        body: { displayName: 'x'.repeat(51), about: 'y'.repeat(501) },
      });
      assert.equal(bad.status, 400);
      const error = (await bad.json()) as Json;
      assert.ok(error.fields.displayName && error.fields.about);
      assert.equal((await server.users.get(username))?.displayName, 'Ann S.');
      const reset = await server.api('/api/profile', { method: 'PATCH', cookie, body: { displayName: '' } });
      assert.equal(((await reset.json()) as Json).user.displayName, username);
    });

    it('lists and finds people for logged-in people only, with online state', async () => {
      const username = fresh('findme');
      const cookie = await server.register(username);
      await server.api('/api/profile', { method: 'PATCH', cookie, body: { displayName: 'Zelda Unique' } });
      assert.equal((await server.api('/api/users')).status, 401);
      const socket = await server.client(cookie);
      const found = (await (await server.api('/api/users?q=zelda', { cookie })).json()) as Json;
      assert.deepEqual(
        found.users.map((u: Json) => [u.username, u.displayName, u.online]),
        [[username, 'Zelda Unique', true]],
      );
      socket.disconnect();
      const one = await server.api(`/api/users/${username}`, { cookie });
      assert.equal(((await one.json()) as Json).user.about, '');
      assert.equal((await server.api('/api/users/no-such-person', { cookie })).status, 404);
    });
  });

  describe('administration', () => {
    it('is refused to non-administrators', async () => {
      const cookie = await server.register(fresh('plain'));
      const res = await server.api('/api/admin/users', { cookie });
      assert.equal(res.status, 403);
      const disable = await server.api('/api/admin/users/anyone/disable', { method: 'POST', cookie });
      assert.equal(disable.status, 403);
    });

    it('lets an administrator list, disable (ending sessions and sockets) and enable people', async () => {
      const adminName = fresh('admin');
      const admin = await server.register(adminName);
      await server.makeAdmin(adminName);
      const username = fresh('troll');
      const cookie = await server.register(username);
      const socket = await server.client(cookie);
      const cut = new Promise((resolve) => socket.once('disconnect', resolve));

      const list = (await (await server.api('/api/admin/users', { cookie: admin })).json()) as Json;
      assert.ok(list.users.some((u: Json) => u.username === username && u.disabled === false));
      const res = await server.api(`/api/admin/users/${username}/disable`, { method: 'POST', cookie: admin });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as Json).user.disabled, true);
      await cut;
      assert.equal((await server.api('/api/auth/me', { cookie })).status, 401);
      assert.equal(
        (await server.api('/api/admin/users/no-one-here/disable', { method: 'POST', cookie: admin })).status,
        404,
      );

      await server.api(`/api/admin/users/${username}/enable`, { method: 'POST', cookie: admin });
      const login = await server.api('/api/auth/login', { body: { username, password: PASSWORD } });
      assert.equal(login.status, 200);
    });
  });
});
