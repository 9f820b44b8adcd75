import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { collect, nextEvent, request, startTestServer, type TestServer } from '../support/server.ts';

type Json = Record<string, any>;
let n = 0;
const fresh = (name: string) => `${name}-${++n}`;

describe('rooms', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ roomGraceMs: 400, presenceGraceMs: 100 });
  });
  after(() => server.stop());

  const json = async (res: Response) => (await res.json()) as Json;

  describe('POST /api/rooms', () => {
    it('creates a room owned by its creator', async () => {
      const cookie = await server.register(fresh('owner'));
      const res = await server.api('/api/rooms', { cookie, body: { name: '  Book club  ', topic: 'Dune, part one' } });
      assert.equal(res.status, 201);
      const { room } = await json(res);
      assert.match(room.id, /^[a-z0-9]{12}$/);
      assert.deepEqual([room.name, room.topic, room.memberCount], ['Book club', 'Dune, part one', 0]);
      assert.equal((await json(await server.api(`/api/rooms/${room.id}`, { cookie }))).room.name, 'Book club');
    });

    it('validates name and topic, and needs a session', async () => {
      const cookie = await server.register(fresh('owner'));
      const bad = await server.api('/api/rooms', { cookie, body: { name: ' ', topic: 'x'.repeat(201) } });
      assert.equal(bad.status, 400);
      const error = await json(bad);
      assert.ok(error.fields.name && error.fields.topic);
      assert.equal((await server.api('/api/rooms', { body: { name: 'x' } })).status, 401);
    });
  });

  describe('editing and deleting', () => {
    it('lets the owner rename; members see room:updated at once; others get 403, unknown 404', async () => {
      const owner = await server.person(fresh('owner'));
      const member = await server.person(fresh('member'));
      const roomId = await server.createRoom(owner.cookie, 'Old name');
      await request(owner.socket, 'room:join', { roomId });
      await request(member.socket, 'room:join', { roomId });

      const forbidden = await server.api(`/api/rooms/${roomId}`, {
        method: 'PATCH',
        cookie: member.cookie,
        body: { name: 'Mine now' },
      });
      assert.equal(forbidden.status, 403);
      assert.equal((await json(forbidden)).code, 'FORBIDDEN');
      const missing = await server.api('/api/rooms/nonexistent1', {
        method: 'PATCH',
        cookie: owner.cookie,
        body: { name: 'x' },
      });
      assert.equal(missing.status, 404);

      const updated = nextEvent<Json>(member.socket, 'room:updated');
      const res = await server.api(`/api/rooms/${roomId}`, {
        method: 'PATCH',
        cookie: owner.cookie,
        body: { name: 'New name', topic: 'Fresh' },
      });
      assert.equal(res.status, 200);
      const event = await updated;
      assert.deepEqual([event.room.name, event.room.topic], ['New name', 'Fresh']);
    });

    it('lets an administrator edit and delete any room', async () => {
      const owner = await server.register(fresh('owner'));
      const adminName = fresh('admin');
      const admin = await server.register(adminName);
      await server.makeAdmin(adminName);
      const roomId = await server.createRoom(owner, 'Someone else’s');
      const edit = await server.api(`/api/rooms/${roomId}`, {
        method: 'PATCH',
        cookie: admin,
        body: { topic: 'moderated' },
      });
      assert.equal(edit.status, 200);
      assert.equal((await server.api(`/api/rooms/${roomId}`, { method: 'DELETE', cookie: admin })).status, 204);
      assert.equal((await server.api(`/api/rooms/${roomId}`, { cookie: owner })).status, 404);
    });

    it('delete by a non-owner is refused; by the owner every member is told and released', async () => {
      const owner = await server.person(fresh('owner'));
      const member = await server.person(fresh('member'));
      const roomId = await server.createRoom(owner.cookie);
      await request(owner.socket, 'room:join', { roomId });
      const join = await request<Json>(member.socket, 'room:join', { roomId });
      assert.equal(join.ok, true);

      assert.equal((await server.api(`/api/rooms/${roomId}`, { method: 'DELETE', cookie: member.cookie })).status, 403);
      const deleted = nextEvent<Json>(member.socket, 'room:deleted');
      assert.equal((await server.api(`/api/rooms/${roomId}`, { method: 'DELETE', cookie: owner.cookie })).status, 204);
      const event = await deleted;
      assert.equal(event.roomId, roomId);
      assert.equal(event.by.username, owner.username);
      assert.equal((await request<Json>(member.socket, 'room:join', { roomId })).code, 'NOT_FOUND');
      const signal = await request<Json>(owner.socket, 'signal', { roomId, to: join.self.peerId, data: { x: 1 } });
      assert.equal(signal.code, 'FORBIDDEN');
    });
  });

  describe('profile changes', () => {
    it('shows a new display name to the rooms the person is in at once, and to newcomers', async () => {
      const ann = await server.person(fresh('ann'));
      const bob = await server.person(fresh('bob'));
      const cat = await server.person(fresh('cat'));
      const roomId = await server.createRoom(ann.cookie);
      await request(ann.socket, 'room:join', { roomId });
      await request(bob.socket, 'room:join', { roomId });
      const updated = nextEvent<Json>(bob.socket, 'room:user-updated');
      const res = await server.api('/api/profile', {
        method: 'PATCH',
        cookie: ann.cookie,
        body: { displayName: 'Ann Lee' },
      });
      assert.equal(res.status, 200);
      const event = await updated;
      assert.deepEqual([event.roomId, event.user.username, event.user.displayName], [roomId, ann.username, 'Ann Lee']);
      const catJoin = await request<Json>(cat.socket, 'room:join', { roomId });
      const annPeer = catJoin.peers.find((p: Json) => p.user.username === ann.username);
      assert.equal(annPeer.user.displayName, 'Ann Lee');
      assert.ok(catJoin.room.members.some((m: Json) => m.displayName === 'Ann Lee'));
    });
  });

  describe('vanishing when empty', () => {
    it('keeps an empty room joinable during the grace, then it is gone', async () => {
      const owner = await server.person(fresh('owner'));
      const roomId = await server.createRoom(owner.cookie);
      await request(owner.socket, 'room:join', { roomId });
      await request(owner.socket, 'room:leave', { roomId });
      assert.equal(
        (await server.api(`/api/rooms/${roomId}`, { cookie: owner.cookie })).status,
        200,
        'not before the grace',
      );
      await new Promise((resolve) => setTimeout(resolve, 700));
      assert.equal((await server.api(`/api/rooms/${roomId}`, { cookie: owner.cookie })).status, 404);
      assert.equal((await request<Json>(owner.socket, 'room:join', { roomId })).code, 'NOT_FOUND');
      const list = await json(await server.api('/api/rooms', { cookie: owner.cookie }));
      assert.equal(
        list.rooms.some((r: Json) => r.id === roomId),
        false,
      );
    });

    it('a room created but never entered goes the same way', async () => {
      const cookie = await server.register(fresh('owner'));
      const roomId = await server.createRoom(cookie);
      await new Promise((resolve) => setTimeout(resolve, 700));
      assert.equal((await server.api(`/api/rooms/${roomId}`, { cookie })).status, 404);
    });

    it('someone joining during the grace keeps the room', async () => {
      const owner = await server.person(fresh('owner'));
      const roomId = await server.createRoom(owner.cookie);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await request(owner.socket, 'room:join', { roomId });
      await new Promise((resolve) => setTimeout(resolve, 600));
      assert.equal((await server.api(`/api/rooms/${roomId}`, { cookie: owner.cookie })).status, 200);
    });
  });

  describe('the lobby', () => {
    it('lists open rooms with owner, topic, member count and members, and pushes each change live', async () => {
      const watcher = await server.person(fresh('watcher'));
      const owner = await server.person(fresh('owner'));
      const first = await request<Json>(watcher.socket, 'lobby:watch', {});
      assert.equal(first.ok, true);
      assert.ok(Array.isArray(first.rooms));
      assert.equal(first.total, first.rooms.length);

      // Rooms of earlier tests may expire meanwhile: each step waits for the push that mentions this room.
      const pushes = collect<Json>(watcher.socket, 'lobby:changed');
      let roomId = '';
      const listed = (e: Json) => [...e.added, ...e.updated].some((r: Json) => r.id === roomId);
      const pushAbout = async (from: number): Promise<Json> => {
        for (;;) {
          const push = pushes.slice(from).find((e) => listed(e) || e.removed.includes(roomId));
          if (push) return push;
          await nextEvent(watcher.socket, 'lobby:changed');
        }
      };

      let mark = pushes.length;
      roomId = await server.createRoom(owner.cookie, 'Live room', 'watch me');
      const added = (await pushAbout(mark)).added.find((r: Json) => r.id === roomId);
      assert.deepEqual(
        [added.name, added.topic, added.owner.username, added.memberCount],
        ['Live room', 'watch me', owner.username, 0],
      );

      mark = pushes.length;
      await request(owner.socket, 'room:join', { roomId });
      const updated = (await pushAbout(mark)).updated.find((r: Json) => r.id === roomId);
      assert.deepEqual([updated.memberCount, updated.members[0].username], [1, owner.username]);

      mark = pushes.length;
      await server.api(`/api/rooms/${roomId}`, { method: 'DELETE', cookie: owner.cookie });
      const removal = await pushAbout(mark);
      assert.ok(removal.removed.includes(roomId));
      assert.equal(listed(removal), false, 'gone, not also added or updated');
    });
  });
});
