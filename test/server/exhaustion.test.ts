import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import type { Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { collect, nextEvent, type Person, request, startTestServer, type TestServer } from '../support/server.ts';

type Json = Record<string, any>;
let n = 0;
/** Usernames are unique per server; each test gets fresh people. */
const fresh = (name: string) => `${name}-${++n}`;

/** Resolves once the server has let go of `client`'s socket (and whatever it held). */
function serverLetGo(server: TestServer, client: Socket): Promise<void> {
  const socket = server.app.io.sockets.sockets.get(client.id as string);
  if (!socket) return Promise.resolve();
  return new Promise((resolve) => socket.once('disconnect', () => resolve()));
}

describe('lockout and exhaustion', () => {
  let server: TestServer;
  before(async () => {
    // The creation rate is lifted here so that the open-room count is what a burst meets; `quota` below has defaults.
    server = await startTestServer({
      roomMaxMembers: 3,
      roomGraceMs: 600_000,
      roomQuota: { roomCreatesPerMinute: 1000 },
    });
  });
  after(() => server.stop());

  describe('room:join', () => {
    it("counts people, not tabs: one person's tabs cannot fill a room, another person still gets in", async () => {
      const hog = await server.person(fresh('hog'));
      const tabs = [hog.socket, ...(await Promise.all(Array.from({ length: 5 }, () => server.client(hog.cookie))))];
      const roomId = await server.createRoom(hog.cookie);
      const joins: Json[] = [];
      for (const tab of tabs) joins.push(await request<Json>(tab, 'room:join', { roomId }));
      assert.deepEqual(
        joins.map((j) => j.ok || j.code),
        [true, true, true, 'TOO_MANY_CONNECTIONS', 'TOO_MANY_CONNECTIONS', 'TOO_MANY_CONNECTIONS'],
      );

      const [bob, cat, dan] = await Promise.all(['bob', 'cat', 'dan'].map((name) => server.person(fresh(name))));
      const bobJoin = await request<Json>((bob as Person).socket, 'room:join', { roomId });
      assert.equal(bobJoin.ok, true, 'another person gets in although the room holds three of the hog’s tabs');
      assert.equal(bobJoin.room.memberCount, 2);
      assert.equal((await request<Json>((cat as Person).socket, 'room:join', { roomId })).ok, true);
      const danJoin = await request<Json>((dan as Person).socket, 'room:join', { roomId });
      assert.equal(danJoin.code, 'ROOM_FULL', 'three people is full, however many tabs they have');
    });
  });

  describe('handshake', () => {
    it('refuses the 11th socket of one person with TOO_MANY_CONNECTIONS, even all at once; others are unaffected', async () => {
      const hog = await server.person(fresh('hog'));
      const attempts = await Promise.allSettled(Array.from({ length: 14 }, () => server.client(hog.cookie)));
      const accepted = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
      const refused = attempts.flatMap((a) => (a.status === 'rejected' ? [a.reason as Error & { data?: Json }] : []));
      console.log(`# one account, 15 sockets asked for: ${accepted.length + 1} accepted, ${refused.length} refused`);
      assert.equal(accepted.length + 1, 10, 'ten sockets in all, the first included');
      assert.deepEqual(
        refused.map((err) => err.data?.code),
        Array(5).fill('TOO_MANY_CONNECTIONS'),
      );

      const bob = await server.person(fresh('bob'));
      assert.equal((await request<Json>(bob.socket, 'lobby:watch', {})).ok, true, "another person's socket works");
      for (const socket of [hog.socket, ...accepted]) {
        assert.equal((await request<Json>(socket, 'lobby:watch', {})).ok, true, "the hog's own ten keep working");
      }

      const gone = serverLetGo(server, hog.socket);
      hog.socket.disconnect();
      await gone;
      const again = await server.client(hog.cookie);
      assert.equal(again.connected, true, 'a closed socket frees its place');
      await assert.rejects(server.client(hog.cookie), (err: Error & { data?: Json }) => {
        assert.equal(err.data?.code, 'TOO_MANY_CONNECTIONS');
        return true;
      });
    });

    it('gives the place back when a connection closes before its socket came up', async () => {
      const quitter = await server.person(fresh('quitter'));
      // Each page closes its connection right after asking to join: mid-handshake, while its place is being counted.
      const aborted = Array.from({ length: 15 }, async () => {
        const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
          headers: { Cookie: quitter.cookie, Origin: server.url },
        });
        await once(ws, 'message'); // engine.io's open packet
        ws.send(`40${JSON.stringify({ protocol: PROTOCOL_VERSION })}`);
        ws.terminate();
        await once(ws, 'close');
      });
      await Promise.all(aborted);
      const tabs = await Promise.all(Array.from({ length: 9 }, () => server.client(quitter.cookie)));
      assert.equal(tabs.filter((t) => t.connected).length, 9, 'all ten places are free again, the first socket held');
    });
  });

  describe('invite', () => {
    it('limits invitations per person across their tabs; another person can still invite', async () => {
      const spammer = await server.person(fresh('spammer'));
      const tabs = [spammer.socket, ...(await Promise.all([1, 2].map(() => server.client(spammer.cookie))))];
      const [bob, victim] = await Promise.all([server.person(fresh('bob')), server.person(fresh('victim'))]);
      const roomId = await server.createRoom(spammer.cookie);
      for (const tab of [...tabs, bob.socket])
        assert.equal((await request<Json>(tab, 'room:join', { roomId })).ok, true);
      const received = collect<Json>(victim.socket, 'invite');

      // Ten from each tab, all at once (counted per tab, as before, all 30 went through).
      const invite = { roomId, username: victim.username };
      const results = await Promise.all(
        tabs.flatMap((tab) => Array.from({ length: 10 }, () => request<Json>(tab, 'invite', invite))),
      );
      const accepted = results.filter((r) => r.ok).length;
      console.log(`# one person, 3 tabs, 30 invitations at once: ${accepted} accepted, ${30 - accepted} refused`);
      assert.equal(accepted, 10, 'the default: 10 per person per 10 s');
      assert.deepEqual(
        results.filter((r) => !r.ok).map((r) => r.code),
        Array(20).fill('RATE_LIMITED'),
      );
      // Another tab in another room brings no fresh allowance either.
      const [another, otherRoom] = await Promise.all([
        server.client(spammer.cookie),
        server.createRoom(spammer.cookie),
      ]);
      assert.equal((await request<Json>(another, 'room:join', { roomId: otherRoom })).ok, true);
      const refused = await request<Json>(another, 'invite', { roomId: otherRoom, username: victim.username });
      assert.equal(refused.code, 'RATE_LIMITED');

      assert.deepEqual(await request(bob.socket, 'invite', invite), { ok: true }, 'another person is not limited');
      while (!received.some((r) => r.from.username === bob.username)) await nextEvent(victim.socket, 'invite');
      // One connection delivers in order: the invitations the spammer got through, then Bob's.
      assert.deepEqual(
        received.map((r) => r.from.username),
        [...Array(10).fill(spammer.username), bob.username],
      );
    });
  });

  describe('POST /api/rooms', () => {
    let quota: TestServer;
    before(async () => {
      quota = await startTestServer({ roomGraceMs: 600_000 });
    });
    after(() => quota.stop());

    const create = (on: TestServer, cookie: string, name = 'Room') => on.api('/api/rooms', { cookie, body: { name } });
    /** 201, or the status and code of the refusal (reads the bodies of refusals only). */
    const codes = async (responses: Response[]) =>
      Promise.all(
        responses.map(async (res) => (res.status === 201 ? 201 : `${res.status} ${((await res.json()) as Json).code}`)),
      );

    it('refuses a sixth open room with 409 TOO_MANY_ROOMS, even when all are asked at once', async () => {
      const cookie = await server.register(fresh('flood'));
      const responses = await Promise.all(Array.from({ length: 8 }, () => create(server, cookie)));
      const opened = responses.filter((res) => res.status === 201);
      assert.deepEqual((await codes(responses)).sort(), [
        201,
        201,
        201,
        201,
        201,
        '409 TOO_MANY_ROOMS',
        '409 TOO_MANY_ROOMS',
        '409 TOO_MANY_ROOMS',
      ]);

      const other = await server.register(fresh('other'));
      assert.equal((await create(server, other)).status, 201, 'another person still opens rooms');

      const { room } = (await (opened[0] as Response).json()) as Json;
      assert.equal((await server.api(`/api/rooms/${room.id}`, { method: 'DELETE', cookie })).status, 204);
      assert.equal((await create(server, cookie)).status, 201, 'a deleted room frees its place');
      assert.equal((await create(server, cookie)).status, 409);
    });

    it('refuses rooms created faster than the rate with 429 RATE_LIMITED and Retry-After', async () => {
      const cookie = await quota.register(fresh('churn'));
      for (let i = 0; i < 5; i++) {
        const res = await create(quota, cookie);
        assert.equal(res.status, 201);
        const { room } = (await res.json()) as Json;
        assert.equal((await quota.api(`/api/rooms/${room.id}`, { method: 'DELETE', cookie })).status, 204);
      }
      const sixth = await create(quota, cookie);
      assert.equal(sixth.status, 429);
      assert.equal(((await sixth.json()) as Json).code, 'RATE_LIMITED', 'no room is open: it is the rate');
      assert.ok(Number(sixth.headers.get('Retry-After')) > 0);
      assert.equal((await create(quota, await quota.register(fresh('calm')))).status, 201, 'per person, not global');
    });

    it('exempts an administrator from the open-room count, not from the rate', async () => {
      const name = fresh('admin');
      const cookie = await quota.register(name);
      await quota.makeAdmin(name);
      const six = await codes([...(await Promise.all(Array.from({ length: 6 }, () => create(quota, cookie))))]);
      assert.deepEqual(six.sort(), [201, 201, 201, 201, 201, '429 RATE_LIMITED']);
      assert.equal((await create(quota, cookie)).status, 429);
    });
  });

  describe('the lobby', () => {
    let admin: Person;
    let watcher: Person;
    let joiner: Person;
    let frames: string[];
    const roomIds: string[] = [];
    /** Opens rooms (as an administrator: no count cap) until `count` are open; equal-length names. */
    const openRooms = async (count: number) => {
      while (roomIds.length < count)
        roomIds.push(await server.createRoom(admin.cookie, `Room ${String(roomIds.length).padStart(3, '0')}`));
    };
    /** The push that mentions `roomId`, as the bytes of the frame the watcher received, once it has arrived. */
    const pushFrame = async (roomId: string): Promise<string> => {
      for (;;) {
        const frame = frames.find((f) => f.includes('"lobby:changed"') && f.includes(roomId));
        if (frame) return frame;
        await nextEvent(watcher.socket, 'lobby:changed');
      }
    };

    before(async () => {
      admin = await server.person(fresh('admin'));
      await server.makeAdmin(admin.username);
      [watcher, joiner] = await Promise.all([server.person(fresh('watcher')), server.person(fresh('joiner'))]);
      assert.equal((await request<Json>(watcher.socket, 'lobby:watch', {})).ok, true);
      frames = [];
      watcher.socket.io.engine.on('packet', (packet: { type: string; data?: unknown }) => {
        if (packet.type === 'message' && typeof packet.data === 'string') frames.push(packet.data);
      });
    });

    /** Bytes the watcher receives when one person enters one room, with `open` rooms open. */
    async function bytesForOneChange(open: number): Promise<number> {
      await openRooms(open);
      await pushFrame(roomIds[roomIds.length - 1] as string); // the creations have all been pushed: a quiet lobby
      frames.length = 0;
      const roomId = roomIds[roomIds.length - 1] as string;
      assert.equal((await request<Json>(joiner.socket, 'room:join', { roomId })).ok, true);
      const bytes = Buffer.byteLength(await pushFrame(roomId));
      assert.equal((await request<Json>(joiner.socket, 'room:leave', { roomId })).ok, true);
      return bytes;
    }

    it('pushes one change in bytes that do not grow with the number of open rooms', async () => {
      const few = await bytesForOneChange(10);
      const many = await bytesForOneChange(200);
      const snapshot = Buffer.byteLength(JSON.stringify(await request<Json>(watcher.socket, 'lobby:watch', {})));
      console.log(
        `# lobby push for one person entering one room: ${few} B with 10 rooms open, ${many} B with 200 ` +
          `(the capped first list is ${snapshot} B)`,
      );
      assert.ok(many <= few * 1.1, `${many} B with 200 rooms vs ${few} B with 10`);
    });

    it('serves at most the capped number of rooms, the busiest first, with how many are open', async () => {
      await openRooms(200);
      const busy = roomIds[50] as string;
      assert.equal((await request<Json>(joiner.socket, 'room:join', { roomId: busy })).ok, true);
      const first = await request<Json>(watcher.socket, 'lobby:watch', {});
      console.log(`# lobby first list: ${first.rooms.length} rooms of ${first.total} open`);
      assert.equal(first.rooms.length, 100, 'LIMITS.lobbyRooms');
      assert.ok(first.total >= 200);
      const counts = first.rooms.map((r: Json) => r.memberCount);
      assert.deepEqual(
        counts,
        [...counts].sort((a, b) => b - a),
        'fullest first',
      );
      assert.ok(
        first.rooms.some((r: Json) => r.id === busy),
        'an older room with someone inside is listed',
      );
      assert.ok(!first.rooms.some((r: Json) => r.id === roomIds[0]), 'the oldest empty room is not');
      const http = (await (await server.api('/api/rooms', { cookie: watcher.cookie })).json()) as Json;
      assert.deepEqual([http.rooms.length, http.total], [100, first.total]);
    });
  });
});
