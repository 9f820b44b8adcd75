import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io as connect } from 'socket.io-client';
import { collect, nextEvent, request, startTestServer, type TestServer } from '../support/server.ts';

type Json = Record<string, any>;

describe('signaling', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ roomMaxMembers: 3 });
  });
  after(() => server.stop());

  describe('handshake', () => {
    it('refuses a socket without a name, with a code', async () => {
      const socket = connect(server.url, {
        auth: { protocol: 1 },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      const err = await new Promise<Error & { data?: Json }>((resolve) => socket.once('connect_error', resolve));
      socket.disconnect();
      assert.equal(err.data?.code, 'INVALID');
    });

    it('refuses a page speaking another protocol version', async () => {
      const socket = connect(server.url, {
        auth: { name: 'Old', protocol: 0 },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      const err = await new Promise<Error & { data?: Json }>((resolve) => socket.once('connect_error', resolve));
      socket.disconnect();
      assert.equal(err.data?.code, 'PROTOCOL_MISMATCH');
    });
  });

  describe('room:join', () => {
    it('gives the newcomer its peer id and the members already there, and tells them', async () => {
      const ann = await server.client('Ann');
      const bob = await server.client('Bob');
      const annJoin = await request<Json>(ann, 'room:join', { roomId: 'lobby-1' });
      assert.equal(annJoin.ok, true);
      assert.deepEqual(annJoin.members, []);
      assert.deepEqual(annJoin.iceServers, []);
      assert.equal(annJoin.self.user.name, 'Ann');

      const joined = nextEvent<Json>(ann, 'room:member-joined');
      const bobJoin = await request<Json>(bob, 'room:join', { roomId: 'lobby-1' });
      assert.equal(bobJoin.ok, true);
      assert.deepEqual(
        bobJoin.members.map((m: Json) => m.user.name),
        ['Ann'],
      );
      const event = await joined;
      assert.equal(event.roomId, 'lobby-1');
      assert.equal(event.member.user.name, 'Bob');
      assert.equal(event.member.peerId, bobJoin.self.peerId);
    });

    it('answers INVALID for a malformed room id and keeps serving', async () => {
      const ann = await server.client('Ann');
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
      const people = await Promise.all(['A', 'B', 'C', 'D'].map((n) => server.client(n)));
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
      const ann = await server.client('Ann');
      const bob = await server.client('Bob');
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
      assert.equal(relayed.fromUser.name, 'Bob');
      assert.deepEqual(relayed.data, { type: 'offer', sdp: 'v=0' });
    });

    it('refuses a signal to someone outside the room, and from someone outside it', async () => {
      const ann = await server.client('Ann');
      const eve = await server.client('Eve');
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
      const ann = await server.client('Ann');
      const bob = await server.client('Bob');
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
      const ann = await server.client('Ann');
      const bob = await server.client('Bob');
      const cat = await server.client('Cat');
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
      const ann = await server.client('Ann');
      const result = await request<Json>(ann, 'room:leave', { roomId: 'never-joined' });
      assert.equal(result.code, 'NOT_MEMBER');
    });
  });
});
