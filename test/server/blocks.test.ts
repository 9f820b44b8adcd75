import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { collect, nextEvent, type Person, request, startTestServer, type TestServer } from '../support/server.ts';

type Json = Record<string, any>;
let n = 0;
const fresh = (name: string) => `${name}-${++n}`;

describe('blocking', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  const people = (...names: string[]) =>
    Promise.all(names.map((name) => server.person(fresh(name)))) as Promise<[Person, Person, Person]>;

  async function call(cookie: string, method: string, path: string, body?: unknown) {
    const res = await server.api(path, { method, cookie, body: body ?? (method === 'GET' ? undefined : {}) });
    return { status: res.status, body: (await res.json()) as Json };
  }
  const block = (p: Person, who: string) => call(p.cookie, 'PUT', `/api/blocks/${who}`);
  const unblock = (p: Person, who: string) => call(p.cookie, 'DELETE', `/api/blocks/${who}`);
  const open = (p: Person, who: string) => call(p.cookie, 'POST', '/api/conversations', { username: who });

  it('keeps a person’s block list: block, list, unblock', async () => {
    const [ann, bob, cat] = await people('ann', 'bob', 'cat');
    assert.deepEqual((await block(bob, ann.username)).body, { blocked: [ann.username] });
    assert.deepEqual((await block(bob, ann.username)).body, { blocked: [ann.username] }, 'blocking twice is once');
    await block(bob, cat.username);
    assert.deepEqual((await call(bob.cookie, 'GET', '/api/blocks')).body.blocked.sort(), [ann.username, cat.username]);
    assert.deepEqual((await call(ann.cookie, 'GET', '/api/blocks')).body, { blocked: [] }, 'Ann blocked nobody');
    assert.deepEqual((await unblock(bob, cat.username)).body, { blocked: [ann.username] });
  });

  it('refuses yourself, nobody, a malformed name and a visitor who is not logged in', async () => {
    const ann = await server.person(fresh('ann'));
    const self = await block(ann, ann.username);
    assert.deepEqual([self.status, self.body.code], [400, 'INVALID']);
    const nobody = await block(ann, fresh('nobody'));
    assert.deepEqual([nobody.status, nobody.body.code], [404, 'NOT_FOUND']);
    const bad = await block(ann, 'a:b');
    assert.deepEqual([bad.status, bad.body.code], [400, 'INVALID']);
    const res = await server.api('/api/blocks/someone', { method: 'PUT', body: {} });
    assert.equal(res.status, 401);
  });

  it('refuses a conversation between a blocked pair, either way, with a clear message; unblocking lifts it', async () => {
    const [ann, bob] = await people('ann', 'bob');
    await block(bob, ann.username);
    const byAnn = await open(ann, bob.username);
    assert.deepEqual([byAnn.status, byAnn.body.code], [403, 'FORBIDDEN']);
    assert.equal(byAnn.body.message, `${bob.username} does not accept conversations or invitations from you.`);
    const byBob = await open(bob, ann.username);
    assert.deepEqual([byBob.status, byBob.body.code], [403, 'FORBIDDEN']);
    assert.match(byBob.body.message, /^You blocked/);
    await unblock(bob, ann.username);
    assert.equal((await open(ann, bob.username)).status, 201);
  });

  it('relays no signal and no invitation between them in the conversation they had before the block', async () => {
    const [ann, bob] = await people('ann', 'bob');
    const { body } = await open(ann, bob.username);
    const roomId = body.room.id;
    const annJoin = await request<Json>(ann.socket, 'room:join', { roomId });
    const bobJoin = await request<Json>(bob.socket, 'room:join', { roomId });
    assert.equal(bobJoin.ok, true);
    const annSignals = collect<Json>(ann.socket, 'signal');
    const bobSignals = collect<Json>(bob.socket, 'signal');
    const bobInvites = collect<Json>(bob.socket, 'invite');
    await block(bob, ann.username);

    const toBob = { roomId, to: bobJoin.self.peerId, data: { sdp: 'x' } };
    const fromAnn = await request<Json>(ann.socket, 'signal', toBob);
    assert.deepEqual([fromAnn.ok, fromAnn.code], [false, 'FORBIDDEN']);
    assert.match(fromAnn.message, /does not accept/);
    const toAnn = { roomId, to: annJoin.self.peerId, data: { sdp: 'y' } };
    const fromBob = await request<Json>(bob.socket, 'signal', toAnn);
    assert.deepEqual([fromBob.ok, fromBob.code], [false, 'FORBIDDEN']);
    await request(bob.socket, 'room:leave', { roomId });
    const invite = await request<Json>(ann.socket, 'invite', { roomId, username: bob.username });
    assert.deepEqual([invite.ok, invite.code], [false, 'FORBIDDEN']);

    // An invitation into a shared room is refused too; the signals there still pass (the mesh stays whole).
    const shared = await server.createRoom(ann.cookie, 'Shared');
    await request(ann.socket, 'room:join', { roomId: shared });
    const sharedInvite = await request<Json>(ann.socket, 'invite', { roomId: shared, username: bob.username });
    assert.equal(sharedInvite.code, 'FORBIDDEN');
    const bobIn = await request<Json>(bob.socket, 'room:join', { roomId: shared });
    const relayed = nextEvent<Json>(bob.socket, 'signal');
    const inShared = { roomId: shared, to: bobIn.self.peerId, data: { sdp: 'z' } };
    assert.deepEqual(await request(ann.socket, 'signal', inShared), { ok: true });
    assert.equal((await relayed).roomId, shared);

    assert.equal(annSignals.length, 0, 'no conversation signal reached Ann');
    assert.deepEqual(
      bobSignals.map((s) => s.roomId),
      [shared],
      'only the shared room’s signal reached Bob',
    );
    assert.equal(bobInvites.length, 0, 'Bob was never invited');
  });
});
