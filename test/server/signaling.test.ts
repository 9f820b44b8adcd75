import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io as connect } from 'socket.io-client';
import { collect, nextEvent, request, startTestServer, type TestServer } from '../support/server.ts';

let n = 0;
/** Usernames are unique per server; each test gets fresh people. */
const fresh = (name: string) => `${name}-${++n}`;

type Json = Record<string, any>;

describe('signaling', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ roomMaxMembers: 3 });
  });
  after(() => server.stop());

  describe('handshake', () => {
    const refusal = (opts: Parameters<typeof connect>[1]) =>
      new Promise<Error & { data?: Json }>((resolve) => {
        const socket = connect(server.url, { transports: ['websocket'], reconnection: false, forceNew: true, ...opts });
        socket.once('connect_error', (err) => {
          socket.disconnect();
          resolve(err);
        });
      });

    it('refuses a socket that is not logged in, with a code', async () => {
      const err = await refusal({ auth: { protocol: 1 }, extraHeaders: { Origin: server.url } });
      assert.equal(err.data?.code, 'UNAUTHENTICATED');
    });

    it('refuses a socket from a foreign Origin even with a valid session', async () => {
      const cookie = await server.register('origin-test');
      const err = await refusal({
        auth: { protocol: 1 },
        extraHeaders: { Origin: 'https://evil.example', Cookie: cookie },
      });
      assert.equal(err.data?.code, 'FORBIDDEN');
    });

    it('refuses a revoked session cookie', async () => {
      const cookie = await server.register('revoked-test');
      assert.equal((await server.api('/api/auth/logout', { method: 'POST', cookie })).status, 204);
      const err = await refusal({ auth: { protocol: 1 }, extraHeaders: { Origin: server.url, Cookie: cookie } });
      assert.equal(err.data?.code, 'UNAUTHENTICATED');
    });

    it('refuses a page speaking another protocol version', async () => {
      const cookie = await server.register('old-page');
      const err = await refusal({ auth: { protocol: 0 }, extraHeaders: { Origin: server.url, Cookie: cookie } });
      assert.equal(err.data?.code, 'PROTOCOL_MISMATCH');
    });
  });

  describe('room:join', () => {
    it('gives the newcomer its peer id and the members already there, and tells them', async () => {
      const ann = await server.person(fresh('ann'));
      const bob = await server.person(fresh('bob'));
      const annJoin = await request<Json>(ann, 'room:join', { roomId: 'lobby-1' });
      assert.equal(annJoin.ok, true);
      assert.deepEqual(annJoin.members, []);
      assert.deepEqual(annJoin.iceServers, []);
      assert.match(annJoin.self.user.username, /^ann-/);

      const joined = nextEvent<Json>(ann, 'room:member-joined');
      const bobJoin = await request<Json>(bob, 'room:join', { roomId: 'lobby-1' });
      assert.equal(bobJoin.ok, true);
      assert.deepEqual(
        bobJoin.members.map((m: Json) => m.user.username),
        [annJoin.self.user.username],
      );
      const event = await joined;
      assert.equal(event.roomId, 'lobby-1');
      assert.equal(event.member.user.username, bobJoin.self.user.username);
      assert.equal(event.member.peerId, bobJoin.self.peerId);
    });

    it('answers INVALID for a malformed room id and keeps serving', async () => {
      const ann = await server.person(fresh('ann'));
      for (const bad of [undefined, 42, { roomId: '' }, { roomId: 'Has Spaces' }, { roomId: 'x'.repeat(65) }, 'room']) {
        const result = await request<Json>(ann, 'room:join', bad);
        assert.equal(result.ok, false);
        assert.equal(result.code, 'INVALID');
        assert.equal(typeof result.message, 'string');
      }
      ann.emit('no-such-event', { anything: true });
      ann.emit('room:join'); // no ack at all
      const ok = await request<Json>(ann, 'room:join', { roomId: 'still-alive' });
      assert.equal(ok.ok, true);
    });

    it('refuses a newcomer when the room is full', async () => {
      const people = await Promise.all(['a', 'b', 'c', 'd'].map((name) => server.person(fresh(name))));
      const results: Json[] = [];
      for (const socket of people) results.push(await request<Json>(socket, 'room:join', { roomId: 'small' }));
      assert.deepEqual(
        results.map((r) => r.ok),
        [true, true, true, false],
      );
      assert.equal(results[3]?.code, 'ROOM_FULL');
    });
  });

  describe('signal', () => {
    it('relays between members of the same room, stamped with the sender', async () => {
      const ann = await server.person(fresh('ann'));
      const bob = await server.person(fresh('bob'));
      const a = await request<Json>(ann, 'room:join', { roomId: 'relay' });
      const b = await request<Json>(bob, 'room:join', { roomId: 'relay' });
      const received = nextEvent<Json>(ann, 'signal');
      const ack = await request<Json>(bob, 'signal', {
        roomId: 'relay',
        to: a.self.peerId,
        data: { type: 'offer', sdp: 'v=0' },
      });
      assert.deepEqual(ack, { ok: true });
      const relayed = await received;
      assert.equal(relayed.from, b.self.peerId);
      assert.deepEqual(relayed.fromUser, b.self.user);
      assert.deepEqual(relayed.data, { type: 'offer', sdp: 'v=0' });
    });

    it('refuses a signal to someone outside the room, and from someone outside it', async () => {
      const ann = await server.person(fresh('ann'));
      const eve = await server.person(fresh('eve'));
      const a = await request<Json>(ann, 'room:join', { roomId: 'private-1' });
      const e = await request<Json>(eve, 'room:join', { roomId: 'elsewhere' });
      const annSignals = collect(ann, 'signal');
      const eveSignals = collect(eve, 'signal');

      const fromOutsider = await request<Json>(eve, 'signal', {
        roomId: 'private-1',
        to: a.self.peerId,
        data: { x: 1 },
      });
      assert.equal(fromOutsider.code, 'FORBIDDEN');
      const toOutsider = await request<Json>(ann, 'signal', { roomId: 'private-1', to: e.self.peerId, data: { x: 1 } });
      assert.equal(toOutsider.code, 'FORBIDDEN');
      const crossRoom = await request<Json>(eve, 'signal', { roomId: 'elsewhere', to: a.self.peerId, data: { x: 1 } });
      assert.equal(crossRoom.code, 'FORBIDDEN');
      // A round trip later, nothing has arrived at either side.
      await request(ann, 'room:join', { roomId: 'private-1' });
      await request(eve, 'room:join', { roomId: 'elsewhere' });
      assert.deepEqual(annSignals, []);
      assert.deepEqual(eveSignals, []);
    });

    it('refuses an oversized signal with INVALID', async () => {
      const ann = await server.person(fresh('ann'));
      const bob = await server.person(fresh('bob'));
      const a = await request<Json>(ann, 'room:join', { roomId: 'big' });
      await request<Json>(bob, 'room:join', { roomId: 'big' });
      const result = await request<Json>(bob, 'signal', {
        roomId: 'big',
        to: a.self.peerId,
        data: { sdp: 'x'.repeat(70_000) },
      });
      assert.equal(result.code, 'INVALID');
    });
  });

  describe('leaving', () => {
    it('announces room:leave and disconnects to the others, and stops relaying to the leaver', async () => {
      const ann = await server.person(fresh('ann'));
      const bob = await server.person(fresh('bob'));
      const cat = await server.person(fresh('cat'));
      await request(ann, 'room:join', { roomId: 'exit' });
      const b = await request<Json>(bob, 'room:join', { roomId: 'exit' });
      const c = await request<Json>(cat, 'room:join', { roomId: 'exit' });

      const bobLeft = nextEvent<Json>(ann, 'room:member-left');
      assert.deepEqual(await request(bob, 'room:leave', { roomId: 'exit' }), { ok: true });
      assert.equal((await bobLeft).member.peerId, b.self.peerId);
      const toLeaver = await request<Json>(ann, 'signal', { roomId: 'exit', to: b.self.peerId, data: { x: 1 } });
      assert.equal(toLeaver.code, 'FORBIDDEN');

      const catGone = nextEvent<Json>(ann, 'room:member-left');
      cat.disconnect();
      assert.equal((await catGone).member.peerId, c.self.peerId);
    });

    it('answers NOT_MEMBER when leaving a room one is not in', async () => {
      const ann = await server.person(fresh('ann'));
      const result = await request<Json>(ann, 'room:leave', { roomId: 'never-joined' });
      assert.equal(result.code, 'NOT_MEMBER');
    });
  });
});
