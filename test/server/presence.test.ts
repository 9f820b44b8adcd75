import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Socket } from 'socket.io-client';
import { collect, startTestServer, type TestServer } from '../support/server.ts';

type Json = Record<string, any>;
let n = 0;
/** Usernames are unique per server; each test gets fresh people. */
const fresh = (name: string) => `${name}-${++n}`;

/** The next `presence:changed` on `socket` about `username`. */
function presenceOf(socket: Socket, username: string) {
  return new Promise<Json>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no presence:changed about ${username} within 5 s`)), 5000);
    const listener = (event: Json) => {
      if (event.username !== username) return;
      clearTimeout(timer);
      socket.off('presence:changed', listener);
      resolve(event);
    };
    socket.on('presence:changed', listener);
  });
}

describe('presence:changed', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  it('tells others when a person comes online and when their last tab goes, once each', async () => {
    const ann = await server.person(fresh('ann'));
    const bobName = fresh('bob');
    const bobCookie = await server.register(bobName);
    const seen = collect<Json>(ann.socket, 'presence:changed');

    const online = presenceOf(ann.socket, bobName);
    const firstTab = await server.client(bobCookie);
    assert.deepEqual(await online, { username: bobName, online: true });

    // A second tab and its closing change nothing: Bob stays online.
    const secondTab = await server.client(bobCookie);
    secondTab.disconnect();
    const offline = presenceOf(ann.socket, bobName);
    firstTab.disconnect();
    assert.deepEqual(await offline, { username: bobName, online: false });
    assert.deepEqual(
      seen.filter((e) => e.username === bobName).map((e) => e.online),
      [true, false],
      'one event per change, none for the extra tab',
    );
  });

  it('tells others a person went offline when they log out', async () => {
    const ann = await server.person(fresh('ann'));
    const cat = await server.person(fresh('cat'));
    const offline = presenceOf(ann.socket, cat.username);
    assert.equal((await server.api('/api/auth/logout', { method: 'POST', cookie: cat.cookie })).status, 204);
    assert.deepEqual(await offline, { username: cat.username, online: false });
    const directory = (await (await server.api('/api/users', { cookie: ann.cookie })).json()) as Json;
    assert.equal(directory.users.find((u: Json) => u.username === cat.username)?.online, false);
  });
});
