import assert from 'node:assert/strict';
import type { Socket as TcpSocket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Socket } from 'socket.io-client';
import { type AppProcess, startAppProcess } from '../support/app-process.ts';
import { startCouch, type TestCouch } from '../support/couch-server.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';
import { collect, cookieOf, nextEvent, PASSWORD, request, socketAt } from '../support/server.ts';

type Json = Record<string, any>;
/** An empty room's grace: long enough to tell "during" from "after" on a busy machine. */
const ROOM_GRACE_MS = 4000;
/** A lost connection's grace: long enough for Redis to restart and both processes to write back what they hold. */
const PRESENCE_GRACE_MS = 6000;

/** One person's session and a socket on one of the processes. */
interface Seat {
  username: string;
  cookie: string;
  socket: Socket;
}

/**
 * Two signal-server processes sharing one Redis (socket.io rooms, presence, grace periods, rate limits) and one
 * CouchDB-protocol server (accounts, sessions, rooms): people on either process see one deployment.
 */
describe('scale-out: two processes, one Redis, one CouchDB', () => {
  let redis: TestRedis;
  let couch: TestCouch;
  let a: AppProcess;
  let b: AppProcess;
  const sockets: Socket[] = [];

  const api = (app: AppProcess, path: string, init: { method?: string; body?: unknown; cookie?: string } = {}) =>
    fetch(`${app.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        Origin: app.url,
        ...(init.cookie && { Cookie: init.cookie }),
        ...(init.body !== undefined && { 'Content-Type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const client = async (app: AppProcess, cookie: string) => {
    const socket = await socketAt(app.url, cookie);
    sockets.push(socket);
    return socket;
  };
  const register = async (app: AppProcess, username: string) =>
    api(app, '/api/auth/register', { body: { username, password: PASSWORD } });
  /** Registers on `registerOn` and connects a socket to `connectTo`. */
  const seat = async (registerOn: AppProcess, connectTo: AppProcess, username: string): Promise<Seat> => {
    const res = await register(registerOn, username);
    assert.equal(res.status, 201, `register ${username}`);
    const cookie = cookieOf(res);
    return { username, cookie, socket: await client(connectTo, cookie) };
  };

  let ann: Seat;
  let bob: Seat;
  let cat: Seat;

  before(async () => {
    [redis, couch] = await Promise.all([startRedis(), startCouch()]);
    const env = {
      REDIS_URL: redis.url,
      COUCHDB_URL: couch.url,
      ROOM_GRACE_MS: String(ROOM_GRACE_MS),
      PRESENCE_GRACE_MS: String(PRESENCE_GRACE_MS),
      // Ann creates a room in most tests, more than the default 5 a minute.
      ROOM_CREATES_PER_MINUTE: '100',
    };
    // One after the other: the first creates the database on the CouchDB server.
    a = await startAppProcess(env, undefined, 'signal-server/main.ts');
    b = await startAppProcess(env, undefined, 'signal-server/main.ts');
    // Bob and Cat registered on one process and are connected to the other: a session is valid on every process.
    [ann, bob, cat] = await Promise.all([seat(a, a, 'ann'), seat(a, b, 'bob'), seat(b, a, 'cat')]);
  });
  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all([redis?.stop(), couch?.stop()]);
    // The one error expected: each process says that Redis went away (the outage and restart tests).
    const unexpected = [...(a?.errors ?? []), ...(b?.errors ?? [])].filter((e) => !e.includes('"redis unreachable"'));
    assert.deepEqual(unexpected, [], 'no process logged another error');
  });

  /** Who is in room `roomId`, as `app` lists them. */
  const members = async (app: AppProcess, roomId: string): Promise<string[]> => {
    const room = (await (await api(app, `/api/rooms/${roomId}`, { cookie: ann.cookie })).json()) as Json;
    return room.room.members.map((m: Json) => m.username).sort();
  };

  /** A new room owned by Ann (created on A) with Ann and Cat in it on A, Bob on B; answers its id and peer ids. */
  async function sharedRoom(name: string): Promise<{ roomId: string; peer: Record<string, string> }> {
    const res = await api(a, '/api/rooms', { cookie: ann.cookie, body: { name } });
    assert.equal(res.status, 201);
    const roomId = ((await res.json()) as Json).room.id as string;
    const peer: Record<string, string> = {};
    for (const p of [ann, bob, cat]) {
      const joined = await request<Json>(p.socket, 'room:join', { roomId });
      assert.equal(joined.ok, true, `${p.username} joins`);
      peer[p.username] = joined.self.peerId;
    }
    return { roomId, peer };
  }

  it('lets three people over both processes join one room and relay signals to each other', async () => {
    const bobJoinedAnn = nextEvent<Json>(ann.socket, 'room:member-joined');
    const res = await api(b, '/api/rooms', { cookie: bob.cookie, body: { name: 'Spread' } });
    const roomId = ((await res.json()) as Json).room.id as string;
    const annJoin = await request<Json>(ann.socket, 'room:join', { roomId });
    const bobJoin = await request<Json>(bob.socket, 'room:join', { roomId });
    assert.equal((await bobJoinedAnn).user.username, 'bob', 'Ann on A hears Bob join on B');
    const catJoin = await request<Json>(cat.socket, 'room:join', { roomId });
    assert.deepEqual(
      catJoin.peers.map((p: Json) => p.user.username),
      ['ann', 'bob'],
      'Cat sees who came before her on both processes',
    );

    const relay = async (from: Seat, fromPeer: string, to: Seat, toPeer: string) => {
      const got = nextEvent<Json>(to.socket, 'signal');
      const sent = await request<Json>(from.socket, 'signal', {
        roomId,
        to: toPeer,
        data: { type: 'offer', sdp: 'x' },
      });
      assert.equal(sent.ok, true, `${from.username} → ${to.username}`);
      const signal = await got;
      assert.deepEqual([signal.from, signal.fromUser.username], [fromPeer, from.username]);
    };
    const [annPeer, bobPeer, catPeer] = [annJoin.self.peerId, bobJoin.self.peerId, catJoin.self.peerId];
    await relay(bob, bobPeer, ann, annPeer); // B → A
    await relay(ann, annPeer, bob, bobPeer); // A → B
    await relay(cat, catPeer, bob, bobPeer); // A → B
    await relay(bob, bobPeer, cat, catPeer); // B → A

    // Presence and the lobby read the same on both processes.
    const listings = await Promise.all(
      [a, b].map(async (app) => (await api(app, `/api/rooms/${roomId}`, { cookie: cat.cookie })).json()),
    );
    assert.deepEqual(listings[0], listings[1]);
    assert.deepEqual((listings[0] as Json).room.members.map((m: Json) => m.username).sort(), ['ann', 'bob', 'cat']);
    const lobbies = await Promise.all([ann.socket, bob.socket].map((s) => request<Json>(s, 'lobby:watch')));
    assert.deepEqual(lobbies[0], lobbies[1], 'the lobby watched on A and on B');
    assert.equal(lobbies[0]?.rooms.find((r: Json) => r.id === roomId)?.memberCount, 3);
    for (const p of [ann, bob, cat]) await request(p.socket, 'room:leave', { roomId });
  });

  it('shows a rename made on one process to the room and the signals of the other', async () => {
    const { roomId, peer } = await sharedRoom('Renames');
    const annHears = nextEvent<Json>(ann.socket, 'room:user-updated');
    // Bob renames himself through A; his socket is on B.
    const res = await api(a, '/api/profile', { method: 'PATCH', cookie: bob.cookie, body: { displayName: 'Bob B.' } });
    assert.equal(res.status, 200);
    assert.equal((await annHears).user.displayName, 'Bob B.');
    const got = nextEvent<Json>(ann.socket, 'signal');
    await request(bob.socket, 'signal', { roomId, to: peer.ann, data: { type: 'offer', sdp: 'y' } });
    assert.equal((await got).fromUser.displayName, 'Bob B.', "B's socket carries Bob's new name");
    for (const p of [ann, bob, cat]) await request(p.socket, 'room:leave', { roomId });
  });

  it('keeps an empty room for its whole grace after the last person left anywhere, then removes it once', async () => {
    const watchA = await client(a, cat.cookie);
    const watchB = await client(b, cat.cookie);
    await Promise.all([watchA, watchB].map((s) => request(s, 'lobby:watch')));
    const { roomId } = await sharedRoom('Vanishing');
    const removals = [watchA, watchB].map((s) => collect<Json>(s, 'lobby:changed'));
    await request(bob.socket, 'room:leave', { roomId });
    await request(ann.socket, 'room:leave', { roomId });
    await request(cat.socket, 'room:leave', { roomId });
    // A started the grace as Cat, the last one there, left; Bob coming back and leaving on B half a grace later
    // starts it again, there: A's earlier timer must not remove the room at the end of the first grace.
    await sleep(ROOM_GRACE_MS / 2);
    assert.equal((await request<Json>(bob.socket, 'room:join', { roomId })).ok, true);
    await request(bob.socket, 'room:leave', { roomId });
    const bobLeft = Date.now();
    await sleep(ROOM_GRACE_MS / 2 + 500);
    for (const app of [a, b]) {
      const status = (await api(app, `/api/rooms/${roomId}`, { cookie: cat.cookie })).status;
      assert.equal(status, 200, `still there ${Date.now() - bobLeft} ms after the last person left`);
    }
    const gone = await Promise.all([watchA, watchB].map((s) => nextRemoval(s, roomId, ROOM_GRACE_MS * 2)));
    console.log(`room removed ${gone.map((t) => t - bobLeft).join(' and ')} ms after the last person left`);
    await sleep(1000); // a second removal would come now
    for (const seen of removals) {
      assert.equal(seen.filter((e) => e.removed.includes(roomId)).length, 1, 'one removal, seen on each process');
    }
    for (const app of [a, b])
      assert.equal((await api(app, `/api/rooms/${roomId}`, { cookie: cat.cookie })).status, 404);
  });

  it('gives one name registered on both processes at once to one account', async () => {
    const statuses = await Promise.all([register(a, 'dora'), register(b, 'dora')]).then((r) => r.map((x) => x.status));
    assert.deepEqual(statuses.sort(), [201, 409]);
  });

  it('cuts the sockets of a session on both processes when it logs out on one', async () => {
    const login = await api(b, '/api/auth/login', { body: { username: 'cat', password: PASSWORD } });
    assert.equal(login.status, 200);
    const cookie = cookieOf(login);
    const onA = await client(a, cookie);
    const onB = await client(b, cookie);
    const cut = [onA, onB].map((s) => new Promise((resolve) => s.once('disconnect', resolve)));
    assert.equal((await api(a, '/api/auth/logout', { method: 'POST', cookie })).status, 204);
    await Promise.all(cut);
    await assert.rejects(client(b, cookie), /log in/i, 'the session is gone on B too');
  });

  it('counts failed logins over both processes: the limit is per deployment, not per process', async () => {
    const attempt = (app: AppProcess) =>
      api(app, '/api/auth/login', { body: { username: 'eve', password: 'not the password' } }).then((r) => r.status);
    // Ten failures for one username from one address are allowed (rate-limits.ts), five on each process.
    for (let i = 0; i < 10; i++) assert.equal(await attempt(i % 2 ? b : a), 401, `failure ${i + 1}`);
    assert.deepEqual([await attempt(a), await attempt(b)], [429, 429]);
  });

  it("tells a member on B that the room's owner deleted it on A, and lets the room go on both", async () => {
    const { roomId } = await sharedRoom('Deleted');
    const told = nextEvent<Json>(bob.socket, 'room:deleted');
    assert.equal((await api(a, `/api/rooms/${roomId}`, { method: 'DELETE', cookie: ann.cookie })).status, 204);
    const deleted = await told;
    assert.deepEqual([deleted.roomId, deleted.by.username], [roomId, 'ann']);
    for (const app of [a, b])
      assert.equal((await api(app, `/api/rooms/${roomId}`, { cookie: bob.cookie })).status, 404);
    const again = await request<Json>(bob.socket, 'room:join', { roomId });
    assert.equal(again.code, 'NOT_FOUND');
  });

  it('carries an invitation sent on A to the invitee on B', async () => {
    const res = await api(a, '/api/rooms', { cookie: ann.cookie, body: { name: 'Invitation' } });
    const roomId = ((await res.json()) as Json).room.id as string;
    assert.equal((await request<Json>(ann.socket, 'room:join', { roomId })).ok, true);
    const invited = nextEvent<Json>(bob.socket, 'invite');
    assert.equal((await request<Json>(ann.socket, 'invite', { roomId, username: 'bob' })).ok, true);
    const invitation = await invited;
    assert.deepEqual([invitation.from.username, invitation.room.id], ['ann', roomId]);
    // Deleted rather than left: no grace is still running when the next tests take Redis away.
    assert.equal((await api(a, `/api/rooms/${roomId}`, { method: 'DELETE', cookie: ann.cookie })).status, 204);
  });

  it("counts a person's sockets on both processes against one cap (10)", async () => {
    const res = await register(b, 'fay');
    assert.equal(res.status, 201);
    const cookie = cookieOf(res);
    const open: Socket[] = [];
    for (let i = 0; i < 10; i++) open.push(await client(i % 2 ? b : a, cookie));
    const refused = (err: Json) => err.data?.code === 'TOO_MANY_CONNECTIONS';
    await assert.rejects(client(a, cookie), refused, 'the 11th on A');
    await assert.rejects(client(b, cookie), refused, 'the 11th on B');
    open[0]?.disconnect(); // one on A: its slot is free on B too
    const eleventh = await eventually(() => client(b, cookie));
    await assert.rejects(client(a, cookie), refused, 'the cap is full again');
    for (const socket of [...open, eleventh]) socket.disconnect();
    await eventually(async () => {
      for (const app of [a, b]) {
        const fay = (await (await api(app, '/api/users/fay', { cookie: ann.cookie })).json()) as Json;
        assert.equal(fay.user.online, false, 'offline once her last socket closed');
      }
    });
  });

  it('survives Redis being gone for 10 s on both processes and recovers without a restart', async () => {
    await redis.kill();
    const downSince = Date.now();
    while (Date.now() - downSince < 10_000) {
      for (const app of [a, b]) assert.equal((await api(app, '/healthz')).status, 200);
      await sleep(1000);
    }
    await redis.restart();
    assert.deepEqual([a.child.exitCode, b.child.exitCode], [null, null], 'both processes still run');
    for (const app of [a, b]) assert.equal(app.errors.filter((e) => e.includes('"redis unreachable"')).length, 1);
    // Redis came back empty (each process put back what it holds, next test): joins and signals work again.
    const { roomId, peer } = await eventually(() => sharedRoom('After the outage'));
    const got = nextEvent<Json>(ann.socket, 'signal');
    assert.equal(
      (await request<Json>(bob.socket, 'signal', { roomId, to: peer.ann, data: { type: 'offer', sdp: 'z' } })).ok,
      true,
    );
    assert.equal((await got).fromUser.username, 'bob');
    await eventually(async () => {
      const eve = await client(b, ann.cookie); // the socket cap counts in Redis again
      eve.disconnect();
    });
    for (const app of [a, b]) assert.ok(app.output.some((line) => line.includes('redis reachable again')));
  });

  it('puts presence and grace periods back when Redis restarts empty, with nobody reconnecting', async () => {
    const res = await api(b, '/api/rooms', { cookie: bob.cookie, body: { name: 'Held' } });
    const roomId = ((await res.json()) as Json).room.id as string;
    for (const p of [ann, bob, cat]) assert.equal((await request<Json>(p.socket, 'room:join', { roomId })).ok, true);
    // A room nobody entered: its grace runs on A, and it must still go once the grace is over.
    const empty = await api(a, '/api/rooms', { cookie: cat.cookie, body: { name: 'Never entered' } });
    const emptyId = ((await empty.json()) as Json).room.id as string;
    const created = Date.now();
    await Promise.all([ann.socket, bob.socket].map((s) => request(s, 'lobby:watch')));
    const removals = Promise.all([ann.socket, bob.socket].map((s) => nextRemoval(s, emptyId, ROOM_GRACE_MS * 3)));
    removals.catch(() => undefined); // awaited below, after presence: a failure there is the one to report

    await redis.kill();
    await redis.restart();
    const restarted = Date.now();
    const presenceOn = async (app: AppProcess) => {
      const room = (await (await api(app, `/api/rooms/${roomId}`, { cookie: ann.cookie })).json()) as Json;
      const people = (await (await api(app, '/api/users', { cookie: ann.cookie })).json()) as Json;
      return {
        members: room.room.members.map((m: Json) => m.username).sort(),
        online: people.users
          .filter((u: Json) => u.online)
          .map((u: Json) => u.username)
          .sort(),
      };
    };
    const expected = { members: ['ann', 'bob', 'cat'], online: ['ann', 'bob', 'cat'] };
    await eventually(async () => {
      for (const app of [a, b]) assert.deepEqual(await presenceOn(app), expected);
    });
    console.log(`presence right on both processes ${Date.now() - restarted} ms after Redis restarted empty`);
    const lobbies = await Promise.all([ann.socket, bob.socket].map((s) => request<Json>(s, 'lobby:watch')));
    for (const lobby of lobbies) assert.equal(lobby.rooms.find((r: Json) => r.id === roomId)?.memberCount, 3);

    const gone = await removals;
    console.log(`the room nobody entered went ${gone.map((t) => t - created).join(' and ')} ms after it was created`);
    const signal = nextEvent<Json>(cat.socket, 'signal');
    const peers = (await request<Json>(bob.socket, 'room:join', { roomId })).peers as Json[];
    const catPeer = peers.find((p) => p.user.username === 'cat')?.peerId;
    assert.equal(
      (await request<Json>(bob.socket, 'signal', { roomId, to: catPeer, data: { type: 'offer', sdp: 'r' } })).ok,
      true,
    );
    assert.equal((await signal).fromUser.username, 'bob', 'B relays to a peer A put back');
    for (const p of [ann, bob, cat]) await request(p.socket, 'room:leave', { roomId });
  });

  /**
   * A new room (created on A by Ann) with Ann on A, Bob on B and `third` in it, once nothing is on its way to Redis
   * (a command lost to a killed Redis is logged as an error). Each step waits for the lobby push it causes (a push
   * reads the room from Redis; one still under way at the kill fails), so no push overlaps another. Answers the
   * room's id and `third`'s peer id.
   */
  async function roomOfThree(third: Seat, name: string): Promise<{ roomId: string; thirdPeer: string }> {
    await request(ann.socket, 'lobby:watch');
    const lobby = collect<Json>(ann.socket, 'lobby:changed');
    const res = await api(a, '/api/rooms', { cookie: ann.cookie, body: { name } });
    const roomId = ((await res.json()) as Json).room.id as string;
    const pushes = () => lobby.filter((e) => [...e.added, ...e.updated].some((r: Json) => r.id === roomId)).length;
    // assert.ok with a message: without one, Node 20 parses this TypeScript source to word a failure, and spins.
    await eventually(async () => assert.ok(pushes() >= 1, 'the lobby heard of the room'));
    const joins: Json[] = [];
    for (const [i, p] of [ann, bob, third].entries()) {
      joins.push(await request<Json>(p.socket, 'room:join', { roomId }));
      await eventually(async () => assert.ok(pushes() >= i + 2, `the lobby heard of ${p.username}`));
    }
    assert.deepEqual(
      joins.map((j) => j.ok),
      [true, true, true],
    );
    return { roomId, thirdPeer: joins[2]?.self.peerId };
  }

  /**
   * Breaks `lost`'s connection (his one socket, on A) once Ann and Bob listen for his leaving; resolves once A has let
   * go of his socket (Ann hears him go offline), nothing on its way to Redis. Answers when his connection broke, and
   * what Ann and Bob hear within `timeoutMs`: his tab leaving, then him.
   */
  async function loseAndListen(lost: Seat, timeoutMs: number): Promise<{ lostAt: number; told: Promise<Json[][]> }> {
    const offline = nextEvent<Json>(ann.socket, 'presence:changed');
    const told = Promise.all(
      [ann.socket, bob.socket].map((s) =>
        Promise.all(['room:peer-left', 'room:member-left'].map((e) => nextEvent<Json>(s, e, timeoutMs))),
      ),
    );
    told.catch(() => undefined); // awaited by the caller, after what it checks first
    loseConnection(lost.socket);
    const lostAt = Date.now();
    assert.deepEqual(await offline, { username: lost.username, online: false });
    return { lostAt, told };
  }

  /** Asserts that Ann and Bob both heard `username`'s tab `peerId` leave, then him. */
  async function assertToldLeft(told: Promise<Json[][]>, username: string, peerId: string): Promise<void> {
    for (const [peerLeft, memberLeft] of await told) {
      assert.equal(peerLeft?.peerId, peerId, 'his tab leaves the mesh once his grace is over');
      assert.equal(memberLeft?.user.username, username, 'and he is announced as gone');
    }
  }

  /** Deletes a room rather than leaving it, and awaits its removal pushed: nothing is under way for the next test. */
  async function deleteRoom(roomId: string): Promise<void> {
    const removed = nextRemoval(ann.socket, roomId, 5000);
    assert.equal((await api(a, `/api/rooms/${roomId}`, { method: 'DELETE', cookie: ann.cookie })).status, 204);
    await removed;
  }

  it('keeps a person whose connection was lost in his room when Redis restarts empty, then tells both he left', async () => {
    const gus = await seat(a, a, 'gus');
    const { roomId, thirdPeer } = await roomOfThree(gus, 'Lost');
    const { lostAt, told } = await loseAndListen(gus, PRESENCE_GRACE_MS * 4);
    await redis.kill();
    await redis.restart();
    await eventually(async () => {
      for (const app of [a, b])
        assert.deepEqual(await members(app, roomId), ['ann', 'bob', 'gus'], 'Gus keeps his place');
    });
    console.log(`Gus listed again on both processes ${Date.now() - lostAt} ms after his connection was lost`);
    await assertToldLeft(told, 'gus', thirdPeer);
    console.log(`Gus announced as gone on both processes ${Date.now() - lostAt} ms after his connection was lost`);
    for (const app of [a, b]) assert.deepEqual(await members(app, roomId), ['ann', 'bob']);
    await deleteRoom(roomId);
  });

  it('tells both processes that a person whose connection was lost left, when his grace ended while Redis was away', async () => {
    const hal = await seat(a, a, 'hal');
    const { roomId, thirdPeer } = await roomOfThree(hal, 'Outlasted');
    const { lostAt, told } = await loseAndListen(hal, 60_000);
    await redis.kill();
    // His grace ends on A while Redis is away: leaving his rooms fails (the Redis client gives up on a command after
    // a few seconds) until Redis is back.
    await sleep(lostAt + PRESENCE_GRACE_MS + 6000 - Date.now());
    await redis.restart();
    const restarted = Date.now();
    await assertToldLeft(told, 'hal', thirdPeer);
    console.log(`Hal announced as gone on both processes ${Date.now() - restarted} ms after Redis came back`);
    for (const app of [a, b]) assert.deepEqual(await members(app, roomId), ['ann', 'bob']);
    await deleteRoom(roomId);
  });

  it('removes an empty room whose grace ended while Redis was away, once, soon after Redis returns', async () => {
    const res = await api(a, '/api/rooms', { cookie: cat.cookie, body: { name: 'Outlived' } });
    const roomId = ((await res.json()) as Json).room.id as string;
    const watchers = [await client(a, cat.cookie), await client(b, cat.cookie)];
    await Promise.all(watchers.map((s) => request(s, 'lobby:watch')));
    const removals = watchers.map((s) => collect<Json>(s, 'lobby:changed'));
    const logBefore = a.output.length;
    await redis.kill();
    // The grace ends on A, which cannot reach Redis to claim it; the Redis client gives up on the claim at its
    // 8th reconnection attempt, about 11 s into the outage (ioredis backs off to 5 s), and A retries.
    await sleep(ROOM_GRACE_MS + 11_000);
    await redis.restart();
    const restarted = Date.now();
    const gone = await Promise.all(watchers.map((s) => nextRemoval(s, roomId, ROOM_GRACE_MS * 3)));
    console.log(`room removed ${gone.map((t) => t - restarted).join(' and ')} ms after Redis came back`);
    await sleep(1000); // a second removal would come now
    for (const seen of removals) {
      assert.equal(seen.filter((e) => e.removed.includes(roomId)).length, 1, 'one removal, seen on each process');
    }
    for (const app of [a, b])
      assert.equal((await api(app, `/api/rooms/${roomId}`, { cookie: cat.cookie })).status, 404);
    const warnings = a.output.slice(logBefore).filter((line) => line.includes('"grace period end failed, retrying"'));
    assert.equal(warnings.length, 1, 'A warns once, not at every retry');
    for (const socket of watchers) socket.disconnect();
  });

  it('lets the people of a process that died leave their rooms, announced once its heartbeat is gone', async () => {
    const { roomId, peer } = await sharedRoom('Crash');
    const peerLeft = nextEvent<Json>(ann.socket, 'room:peer-left', 60_000);
    const memberLeft = nextEvent<Json>(ann.socket, 'room:member-left', 60_000);
    const killed = Date.now();
    await b.stop({ signal: 'SIGKILL' }); // Bob's process, holding his socket
    assert.equal((await peerLeft).peerId, peer.bob);
    assert.equal((await memberLeft).user.username, 'bob');
    console.log(`Bob announced as gone ${Date.now() - killed} ms after his process died`);
    const listing = (await (await api(a, `/api/rooms/${roomId}`, { cookie: ann.cookie })).json()) as Json;
    assert.deepEqual(listing.room.members.map((m: Json) => m.username).sort(), ['ann', 'cat']);
  });
});

/** When `socket` hears `roomId` removed from the lobby (ms since the epoch). */
function nextRemoval(socket: Socket, roomId: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no removal of ${roomId} within ${timeoutMs} ms`)), timeoutMs);
    const listener = (event: Json) => {
      if (!event.removed.includes(roomId)) return;
      clearTimeout(timer);
      socket.off('lobby:changed', listener);
      resolve(Date.now());
    };
    socket.on('lobby:changed', listener);
  });
}

/**
 * Breaks `socket`'s connection the way a failing network does: the server sees a transport error, not a goodbye, and
 * keeps the tab's place for the presence grace. A TCP connection merely closed reads as "transport close" (a page
 * closed: it leaves at once), so this sends an unmasked frame, which a client must never send.
 */
function loseConnection(socket: Socket): void {
  const tcp = (socket.io.engine.transport as unknown as { ws: { _socket: TcpSocket } }).ws._socket;
  tcp.write(new Uint8Array([0x81, 0x00])); // a text frame, empty and unmasked: the server cuts the connection
}

/** Retries `attempt` for up to 15 s (Redis reconnecting): its first success, or its last failure. */
async function eventually<T>(attempt: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() - started > 15_000) throw err;
      await sleep(500);
    }
  }
}
