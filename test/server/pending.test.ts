import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { nextEvent, type Person, request, startTestServer, type TestServer } from '../support/server.ts';

type Json = Record<string, any>;
let n = 0;
const fresh = (name: string) => `${name}-${++n}`;

describe('conversation:pending', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  /** `cookie`'s owner opens the conversation with `username`; answers its id. */
  async function open(cookie: string, username: string): Promise<string> {
    const res = await server.api('/api/conversations', { cookie, body: { username } });
    return ((await res.json()) as Json).room.id;
  }

  it('knocks for the other person when they come online: who and where, never what or how much', async () => {
    const ann = await server.person(fresh('ann'));
    const bob = { username: fresh('bob'), cookie: '' };
    bob.cookie = await server.register(bob.username); // registered, not connected: offline
    const roomId = await open(ann.cookie, bob.username);
    assert.deepEqual(await request(ann.socket, 'conversation:pending', { roomId, pending: true }), { ok: true });

    const socket = await server.client(bob.cookie);
    const knock = await nextEvent<Json>(socket, 'conversation:knock');
    assert.deepEqual(Object.keys(knock).sort(), ['from', 'roomId']);
    assert.equal(knock.roomId, roomId);
    assert.equal(knock.from.username, ann.username);

    // While Bob is online, a new flag knocks at once.
    const again = nextEvent<Json>(socket, 'conversation:knock');
    await request(ann.socket, 'conversation:pending', { roomId, pending: true });
    assert.equal((await again).roomId, roomId);
  });

  it('forgets a flag its sender cleared', async () => {
    const ann = await server.person(`a-${fresh('ann')}`);
    const cat = await server.person(`c-${fresh('cat')}`);
    const bob = { username: fresh('bob'), cookie: '' };
    bob.cookie = await server.register(bob.username);
    const fromAnn = await open(ann.cookie, bob.username);
    const fromCat = await open(cat.cookie, bob.username);
    await request(ann.socket, 'conversation:pending', { roomId: fromAnn, pending: true });
    await request(ann.socket, 'conversation:pending', { roomId: fromAnn, pending: false });
    await request(cat.socket, 'conversation:pending', { roomId: fromCat, pending: true });
    // Flags are read in sender order ("a-…" before "c-…"): Ann's would come first if it were still there.
    const socket = await server.client(bob.cookie);
    const knock = await nextEvent<Json>(socket, 'conversation:knock');
    assert.equal(knock.from.username, cat.username);
  });

  it('refuses a third person, a public room and a blocked pair', async () => {
    const people = ['ann', 'bob', 'cat'].map((p) => server.person(fresh(p)));
    const [ann, bob, cat] = (await Promise.all(people)) as [Person, Person, Person];
    const roomId = await open(ann.cookie, bob.username);
    const third = await request<Json>(cat.socket, 'conversation:pending', { roomId, pending: true });
    assert.equal(third.code, 'FORBIDDEN');
    const publicRoom = await server.createRoom(ann.cookie, 'Public');
    const inRoom = await request<Json>(ann.socket, 'conversation:pending', { roomId: publicRoom, pending: true });
    assert.equal(inRoom.code, 'NOT_FOUND');
    await server.api(`/api/blocks/${ann.username}`, { method: 'PUT', cookie: bob.cookie, body: {} });
    const blocked = await request<Json>(ann.socket, 'conversation:pending', { roomId, pending: true });
    assert.deepEqual(
      [blocked.code, blocked.message],
      ['FORBIDDEN', `${bob.username} does not accept conversations or invitations from you.`],
    );
  });
});
