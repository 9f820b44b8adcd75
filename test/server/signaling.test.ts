import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { io as connect } from 'socket.io-client';
import { collect, nextEvent, type Person, request, startTestServer, type TestServer } from '../support/server.ts';

type Json = Record<string, any>;
let n = 0;
/** Usernames are unique per server; each test gets fresh people. */
const fresh = (name: string) => `${name}-${++n}`;

describe('signaling', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ roomMaxMembers: 3, presenceGraceMs: 300, roomGraceMs: 60_000 });
  });
  after(() => server.stop());

  /** Fresh people, all in one new room owned by the first. */
  async function roomWith(...names: string[]): Promise<{ roomId: string; people: Person[]; joins: Json[] }> {
    const people = await Promise.all(names.map((name) => server.person(fresh(name))));
    const roomId = await server.createRoom((people[0] as Person).cookie);
    const joins: Json[] = [];
    for (const p of people) joins.push(await request<Json>(p.socket, 'room:join', { roomId }));
    return { roomId, people, joins };
  }

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
      const cookie = await server.register(fresh('origin'));
      const err = await refusal({
        auth: { protocol: 1 },
        extraHeaders: { Origin: 'https://evil.example', Cookie: cookie },
      });
      assert.equal(err.data?.code, 'FORBIDDEN');
    });

    it('refuses a revoked session cookie', async () => {
      const cookie = await server.register(fresh('revoked'));
      assert.equal((await server.api('/api/auth/logout', { method: 'POST', cookie })).status, 204);
      const err = await refusal({ auth: { protocol: 1 }, extraHeaders: { Origin: server.url, Cookie: cookie } });
      assert.equal(err.data?.code, 'UNAUTHENTICATED');
    });

    it('refuses a page speaking another protocol version', async () => {
      const cookie = await server.register(fresh('old-page'));
      const err = await refusal({ auth: { protocol: 0 }, extraHeaders: { Origin: server.url, Cookie: cookie } });
      assert.equal(err.data?.code, 'PROTOCOL_MISMATCH');
    });

    it('serves a socket that starts on long-polling and upgrades, and logout still cuts it', async () => {
      // The server lets go of the handshake request once a socket is accepted; the polling path keeps working.
      const cookie = await server.register(fresh('poller'));
      const socket = connect(server.url, {
        auth: { protocol: 1 },
        extraHeaders: { Origin: server.url, Cookie: cookie },
        reconnection: false,
        forceNew: true,
      });
      await new Promise<void>((resolve) => socket.io.engine.once('upgrade', () => resolve()));
      const roomId = await server.createRoom(cookie);
      assert.equal((await request<Json>(socket, 'room:join', { roomId })).ok, true);
      const cut = new Promise((resolve) => socket.once('disconnect', resolve));
      assert.equal((await server.api('/api/auth/logout', { method: 'POST', cookie })).status, 204);
      await cut;
    });
  });

  describe('room:join', () => {
    it('gives the newcomer its peer id, the room and the peers already there, and tells them', async () => {
      const ann = await server.person(fresh('ann'));
      const bob = await server.person(fresh('bob'));
      const roomId = await server.createRoom(ann.cookie, 'Book club', 'Dune');
      const annJoin = await request<Json>(ann.socket, 'room:join', { roomId });
      assert.equal(annJoin.ok, true);
      assert.deepEqual(annJoin.peers, []);
      assert.deepEqual(annJoin.iceServers, []);
      assert.equal(annJoin.self.user.username, ann.username);
      assert.deepEqual(
        [annJoin.room.name, annJoin.room.topic, annJoin.room.owner.username],
        ['Book club', 'Dune', ann.username],
      );

      const person = nextEvent<Json>(ann.socket, 'room:member-joined');
      const peer = nextEvent<Json>(ann.socket, 'room:peer-joined');
      const bobJoin = await request<Json>(bob.socket, 'room:join', { roomId });
      assert.deepEqual(
        bobJoin.peers.map((m: Json) => m.peerId),
        [annJoin.self.peerId],
      );
      assert.deepEqual(bobJoin.room.members.map((u: Json) => u.username).sort(), [ann.username, bob.username].sort());
      assert.equal((await person).user.username, bob.username);
      assert.equal((await peer).peer.peerId, bobJoin.self.peerId);
    });

    it('answers NOT_FOUND for a room that does not exist', async () => {
      const ann = await server.person(fresh('ann'));
      const result = await request<Json>(ann.socket, 'room:join', { roomId: 'no-such-room' });
      assert.equal(result.code, 'NOT_FOUND');
    });

    it('answers INVALID for malformed payloads and keeps serving', async () => {
      const ann = await server.person(fresh('ann'));
      for (const bad of [undefined, 42, { roomId: '' }, { roomId: 'Has Spaces' }, { roomId: 'x'.repeat(65) }, 'room']) {
        const result = await request<Json>(ann.socket, 'room:join', bad);
        assert.equal(result.ok, false);
        assert.equal(result.code, 'INVALID');
        assert.equal(typeof result.message, 'string');
      }
      ann.socket.emit('no-such-event', { anything: true });
      ann.socket.emit('room:join'); // no ack at all
      const roomId = await server.createRoom(ann.cookie);
      assert.equal((await request<Json>(ann.socket, 'room:join', { roomId })).ok, true);
    });

    it('refuses a newcomer when the room is full', async () => {
      const { joins } = await roomWith('a', 'b', 'c', 'd');
      assert.deepEqual(
        joins.map((r) => r.ok),
        [true, true, true, false],
      );
      assert.equal(joins[3]?.code, 'ROOM_FULL');
    });

    it('counts a person with two tabs once, and announces them once', async () => {
      const { roomId, people } = await roomWith('ann');
      const [ann] = people as [Person];
      const bob = await server.person(fresh('bob'));
      const secondTab = await server.client(bob.cookie);
      const arrivals = collect<Json>(ann.socket, 'room:member-joined');
      const peers = collect<Json>(ann.socket, 'room:peer-joined');
      await request(bob.socket, 'room:join', { roomId });
      const second = await request<Json>(secondTab, 'room:join', { roomId });
      assert.equal(second.room.memberCount, 2);
      await request(ann.socket, 'lobby:watch', {}); // a round trip: events sent before it have arrived
      assert.equal(arrivals.length, 1);
      assert.equal(peers.length, 2);
    });
  });

  describe('signal', () => {
    it('relays between members of the same room, stamped with the sender', async () => {
      const { roomId, people, joins } = await roomWith('ann', 'bob');
      const [ann, bob] = people as [Person, Person];
      const received = nextEvent<Json>(ann.socket, 'signal');
      const ack = await request<Json>(bob.socket, 'signal', {
        roomId,
        to: joins[0]?.self.peerId,
        data: { type: 'offer', sdp: 'v=0' },
      });
      assert.deepEqual(ack, { ok: true });
      const relayed = await received;
      assert.equal(relayed.from, joins[1]?.self.peerId);
      assert.deepEqual(relayed.fromUser, joins[1]?.self.user);
      assert.deepEqual(relayed.data, { type: 'offer', sdp: 'v=0' });
      assert.equal(bob.username, relayed.fromUser.username);
    });

    it('refuses a signal to someone outside the room, and from someone outside it', async () => {
      const a = await roomWith('ann');
      const e = await roomWith('eve');
      const [ann] = a.people as [Person];
      const [eve] = e.people as [Person];
      const annPeer = a.joins[0]?.self.peerId;
      const evePeer = e.joins[0]?.self.peerId;
      const annSignals = collect(ann.socket, 'signal');
      const eveSignals = collect(eve.socket, 'signal');

      const fromOutsider = await request<Json>(eve.socket, 'signal', { roomId: a.roomId, to: annPeer, data: { x: 1 } });
      assert.equal(fromOutsider.code, 'FORBIDDEN');
      const toOutsider = await request<Json>(ann.socket, 'signal', { roomId: a.roomId, to: evePeer, data: { x: 1 } });
      assert.equal(toOutsider.code, 'FORBIDDEN');
      const crossRoom = await request<Json>(eve.socket, 'signal', { roomId: e.roomId, to: annPeer, data: { x: 1 } });
      assert.equal(crossRoom.code, 'FORBIDDEN');
      // A round trip later, nothing has arrived at either side.
      await request(ann.socket, 'lobby:watch', {});
      await request(eve.socket, 'lobby:watch', {});
      assert.deepEqual(annSignals, []);
      assert.deepEqual(eveSignals, []);
    });

    it('refuses an oversized signal with INVALID', async () => {
      const { roomId, people, joins } = await roomWith('ann', 'bob');
      const result = await request<Json>((people[1] as Person).socket, 'signal', {
        roomId,
        to: joins[0]?.self.peerId,
        data: { sdp: 'x'.repeat(70_000) },
      });
      assert.equal(result.code, 'INVALID');
    });

    it("rate-limits a flooding socket while another socket's signals still flow", async () => {
      const { roomId, people, joins } = await roomWith('flood', 'calm', 'target');
      const [flood, calm] = people as [Person, Person, Person];
      const target = joins[2]?.self.peerId;
      const results = await Promise.all(
        Array.from({ length: 600 }, (_, i) =>
          request<Json>(flood.socket, 'signal', { roomId, to: target, data: { i } }),
        ),
      );
      const limited = results.filter((r) => r.code === 'RATE_LIMITED').length;
      assert.ok(limited > 0, 'the flood was limited');
      assert.ok(
        results.some((r) => r.ok),
        'some of the flood went through first',
      );
      const calmAck = await request<Json>(calm.socket, 'signal', { roomId, to: target, data: { hello: true } });
      assert.deepEqual(calmAck, { ok: true });
    });
  });

  describe('invite', () => {
    it('asks an online person into a room the sender is in', async () => {
      const { roomId, people } = await roomWith('ann');
      const [ann] = people as [Person];
      const bob = await server.person(fresh('bob'));
      const invited = nextEvent<Json>(bob.socket, 'invite');
      assert.deepEqual(await request(ann.socket, 'invite', { roomId, username: bob.username }), { ok: true });
      const invite = await invited;
      assert.equal(invite.from.username, ann.username);
      assert.equal(invite.room.id, roomId);
    });

    it('refuses an invite from outside the room, and to someone offline', async () => {
      const { roomId, people } = await roomWith('ann');
      const [ann] = people as [Person];
      const eve = await server.person(fresh('eve'));
      const outsider = await request<Json>(eve.socket, 'invite', { roomId, username: ann.username });
      assert.equal(outsider.code, 'FORBIDDEN');
      const offlineName = fresh('offline');
      await server.register(offlineName);
      const offline = await request<Json>(ann.socket, 'invite', { roomId, username: offlineName });
      assert.equal(offline.code, 'NOT_FOUND');
    });
  });

  describe('leaving', () => {
    it('room:leave announces the person at once and stops relaying to them', async () => {
      const { roomId, people, joins } = await roomWith('ann', 'bob');
      const [ann, bob] = people as [Person, Person];
      const peerLeft = nextEvent<Json>(ann.socket, 'room:peer-left');
      const personLeft = nextEvent<Json>(ann.socket, 'room:member-left', 200);
      assert.deepEqual(await request(bob.socket, 'room:leave', { roomId }), { ok: true });
      assert.equal((await peerLeft).peerId, joins[1]?.self.peerId);
      assert.equal((await personLeft).user.username, bob.username);
      const toLeaver = await request<Json>(ann.socket, 'signal', { roomId, to: joins[1]?.self.peerId, data: { x: 1 } });
      assert.equal(toLeaver.code, 'FORBIDDEN');
    });

    it('a dropped connection counts as leaving only after the presence grace', async () => {
      const { roomId, people, joins } = await roomWith('ann', 'cat');
      const [ann, cat] = people as [Person, Person];
      const peerLeft = nextEvent<Json>(ann.socket, 'room:peer-left');
      const started = Date.now();
      const personLeft = nextEvent<Json>(ann.socket, 'room:member-left');
      cat.socket.disconnect();
      assert.equal((await peerLeft).peerId, joins[1]?.self.peerId);
      assert.equal((await personLeft).user.username, cat.username);
      assert.ok(Date.now() - started >= 250, 'announced after the grace, not before');
      assert.equal((await server.api(`/api/rooms/${roomId}`, { cookie: ann.cookie })).status, 200);
    });

    it('a reload within the grace makes no left/joined noise', async () => {
      const { roomId, people } = await roomWith('ann', 'dan');
      const [ann, dan] = people as [Person, Person];
      const left = collect<Json>(ann.socket, 'room:member-left');
      const joined = collect<Json>(ann.socket, 'room:member-joined');
      const peerJoined = nextEvent<Json>(ann.socket, 'room:peer-joined');
      dan.socket.disconnect();
      const reloaded = await server.client(dan.cookie);
      assert.equal((await request<Json>(reloaded, 'room:join', { roomId })).ok, true);
      await peerJoined;
      await new Promise((resolve) => setTimeout(resolve, 500)); // past the 300 ms grace
      assert.deepEqual([...left, ...joined], []);
    });

    it('answers NOT_MEMBER when leaving a room one is not in', async () => {
      const ann = await server.person(fresh('ann'));
      const result = await request<Json>(ann.socket, 'room:leave', { roomId: 'never-joined' });
      assert.equal(result.code, 'NOT_MEMBER');
    });
  });
});
