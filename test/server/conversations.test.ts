import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { collect, nextEvent, type Person, request, startTestServer, type TestServer } from '../support/server.ts';

type Json = Record<string, any>;
let n = 0;
/** Usernames are unique per server; each test gets fresh people. */
const fresh = (name: string) => `${name}-${++n}`;

describe('direct conversations', () => {
  let server: TestServer;
  // A short grace: a forgotten room goes quickly, and the tests can watch that a conversation does not.
  before(async () => {
    server = await startTestServer({ roomGraceMs: 200, presenceGraceMs: 100 });
  });
  after(() => server.stop());

  /** Ann opens (or reopens) the conversation with `username`: the HTTP status and the body. */
  async function open(cookie: string, username: string): Promise<{ status: number; body: Json }> {
    const res = await server.api('/api/conversations', { method: 'POST', cookie, body: { username } });
    return { status: res.status, body: (await res.json()) as Json };
  }

  /** Fresh people with sockets, registered in parallel. */
  const people = (...names: string[]) =>
    Promise.all(names.map((name) => server.person(fresh(name)))) as Promise<[Person, Person, Person]>;

  /** Waits for the lobby push that mentions `roomId`; answers every push up to and including it. */
  async function pushesUntil(socket: Person['socket'], pushes: Json[], roomId: string): Promise<Json[]> {
    const mentions = (e: Json) =>
      [...e.added, ...e.updated].some((r: Json) => r.id === roomId) || e.removed.includes(roomId);
    for (;;) {
      const at = pushes.findIndex(mentions);
      if (at >= 0) return pushes.slice(0, at + 1);
      await nextEvent(socket, 'lobby:changed');
    }
  }

  it('keeps a conversation out of the lobby and refuses a third person every way in, with FORBIDDEN', async () => {
    const [ann, bob, cat] = await people('ann', 'bob', 'cat');
    const watched = await request<Json>(cat.socket, 'lobby:watch', {});
    assert.equal(watched.ok, true);
    const pushes = collect<Json>(cat.socket, 'lobby:changed');
    const annSignals = collect<Json>(ann.socket, 'signal');
    const catInvites = collect<Json>(cat.socket, 'invite');

    const opened = await open(ann.cookie, bob.username);
    assert.equal(opened.status, 201);
    const room = opened.body.room;
    assert.equal(room.kind, 'direct');
    assert.deepEqual(room.people.map((p: Json) => p.username).sort(), [ann.username, bob.username].sort());

    const annJoin = await request<Json>(ann.socket, 'room:join', { roomId: room.id });
    assert.equal(annJoin.ok, true, annJoin.message);
    const invited = nextEvent<Json>(bob.socket, 'invite');
    assert.deepEqual(await request(ann.socket, 'invite', { roomId: room.id, username: bob.username }), { ok: true });
    assert.equal((await invited).room.id, room.id);
    assert.equal((await request<Json>(bob.socket, 'room:join', { roomId: room.id })).ok, true);

    // Cat, every way in.
    const catJoin = await request<Json>(cat.socket, 'room:join', { roomId: room.id });
    assert.equal(catJoin.code, 'FORBIDDEN');
    const peerId = annJoin.self.peerId;
    const catSignal = await request<Json>(cat.socket, 'signal', { roomId: room.id, to: peerId, data: { sdp: 'x' } });
    assert.equal(catSignal.code, 'FORBIDDEN');
    const catInvite = await request<Json>(cat.socket, 'invite', { roomId: room.id, username: cat.username });
    assert.equal(catInvite.code, 'FORBIDDEN');
    // Nor may Ann bring her in: the conversation is for exactly two.
    const annInvitesCat = await request<Json>(ann.socket, 'invite', { roomId: room.id, username: cat.username });
    assert.equal(annInvitesCat.code, 'FORBIDDEN');
    const catGet = await server.api(`/api/rooms/${room.id}`, { cookie: cat.cookie });
    assert.equal(catGet.status, 403);
    assert.equal(((await catGet.json()) as Json).code, 'FORBIDDEN');
    const bobGet = await server.api(`/api/rooms/${room.id}`, { cookie: bob.cookie });
    assert.equal(bobGet.status, 200);

    // The lobby: neither in Cat's list nor in any push up to a public room made after all of the above.
    const list = (await (await server.api('/api/rooms', { cookie: cat.cookie })).json()) as Json;
    assert.equal(
      list.rooms.some((r: Json) => r.id === room.id),
      false,
    );
    const rewatched = await request<Json>(cat.socket, 'lobby:watch', {});
    assert.equal(
      rewatched.rooms.some((r: Json) => r.id === room.id),
      false,
    );
    await request(bob.socket, 'room:leave', { roomId: room.id });
    const marker = await server.createRoom(ann.cookie, 'Marker');
    const seen = await pushesUntil(cat.socket, pushes, marker);
    assert.equal(JSON.stringify(seen).includes(room.id), false, 'no lobby push names the conversation');

    assert.equal(annSignals.length, 0, 'no signal of Cat reached Ann');
    assert.equal(catInvites.length, 0, 'Cat was never invited');
  });

  it('answers the same conversation when either of the two opens it again, even both at once', async () => {
    const [ann, bob] = await people('ann', 'bob');
    const [first, second] = await Promise.all([open(ann.cookie, bob.username), open(bob.cookie, ann.username)]);
    assert.deepEqual([first.status, second.status].sort(), [200, 201]);
    assert.equal(first.body.room.id, second.body.room.id);
    const again = await open(ann.cookie, bob.username.toUpperCase());
    assert.deepEqual([again.status, again.body.room.id], [200, first.body.room.id]);
  });

  it('outlives an empty room: still there, the same one, after its grace has passed', async () => {
    const [ann, bob, cat] = await people('ann', 'bob', 'cat');
    const { body } = await open(ann.cookie, bob.username);
    assert.equal((await request<Json>(ann.socket, 'room:join', { roomId: body.room.id })).ok, true);
    await request(ann.socket, 'room:leave', { roomId: body.room.id });
    // A room emptied after the conversation expires after it; once the room is gone, the conversation's grace is over.
    await request(cat.socket, 'lobby:watch', {});
    const pushes = collect<Json>(cat.socket, 'lobby:changed');
    const roomId = await server.createRoom(cat.cookie, 'Brief');
    const untilGone = await pushesUntil(cat.socket, pushes, roomId); // the push adding it
    while (!pushes.slice(untilGone.length - 1).some((e) => e.removed.includes(roomId))) {
      await nextEvent(cat.socket, 'lobby:changed');
    }
    const reopened = await open(bob.cookie, ann.username);
    assert.deepEqual([reopened.status, reopened.body.room.id], [200, body.room.id]);
    assert.equal((await request<Json>(bob.socket, 'room:join', { roomId: body.room.id })).ok, true);
  });

  it('refuses yourself, unknown and disabled people, and renaming a conversation', async () => {
    const ann = await server.person(fresh('ann'));
    const gone = await server.person(fresh('gone'));
    await server.users.update(gone.username, { disabled: true });
    const self = await open(ann.cookie, ann.username);
    assert.deepEqual([self.status, self.body.code], [400, 'INVALID']);
    const nobody = await open(ann.cookie, fresh('nobody'));
    assert.deepEqual([nobody.status, nobody.body.code], [404, 'NOT_FOUND']);
    const disabled = await open(ann.cookie, gone.username);
    assert.deepEqual([disabled.status, disabled.body.code], [404, 'NOT_FOUND']);
    const bad = await open(ann.cookie, 'x');
    assert.deepEqual([bad.status, bad.body.code], [400, 'INVALID']);

    const bob = await server.person(fresh('bob'));
    const { body } = await open(ann.cookie, bob.username);
    const rename = await server.api(`/api/rooms/${body.room.id}`, {
      method: 'PATCH',
      cookie: ann.cookie,
      body: { name: 'Renamed' },
    });
    assert.equal(rename.status, 403);
    const remove = await server.api(`/api/rooms/${body.room.id}`, { method: 'DELETE', cookie: bob.cookie });
    assert.equal(remove.status, 204, 'either of the two may delete it');
  });

  it('lists each person their own conversations: with whom and whether they are online, nothing else', async () => {
    const [ann, bob, cat] = await people('ann', 'bob', 'cat');
    const { body } = await open(ann.cookie, bob.username);
    await server.createRoom(cat.cookie, 'Public');
    const listOf = async (cookie: string) => {
      const res = await server.api('/api/conversations', { cookie });
      assert.equal(res.status, 200);
      return ((await res.json()) as Json).conversations as Json[];
    };
    const annList = await listOf(ann.cookie);
    assert.deepEqual(annList, [
      {
        roomId: body.room.id,
        with: { username: bob.username, displayName: bob.username, avatarUrl: null, online: true },
      },
    ]);
    assert.deepEqual(
      (await listOf(bob.cookie)).map((c) => [c.roomId, c.with.username]),
      [[body.room.id, ann.username]],
    );
    assert.deepEqual(await listOf(cat.cookie), [], 'Cat has no trace of it');
    assert.equal((await server.api('/api/conversations')).status, 401);
  });

  describe('conversation:invite', () => {
    /** Ann opens the conversation with Bob and enters it; answers its id. */
    async function annInside(ann: Person, bob: Person): Promise<string> {
      const { body } = await open(ann.cookie, bob.username);
      const joined = await request<Json>(ann.socket, 'room:join', { roomId: body.room.id });
      assert.equal(joined.ok, true, joined.message);
      return body.room.id;
    }

    it("reaches every page of the other person only: not Ann's other tabs, not Cat", async () => {
      const [ann, bob, cat] = await people('ann', 'bob', 'cat');
      const roomId = await annInside(ann, bob);
      const bobSecondTab = await server.client(bob.cookie);
      const annSecondTab = await server.client(ann.cookie);
      const heard = [ann.socket, annSecondTab, cat.socket].map((s) => collect<Json>(s, 'conversation:invite'));
      const bobHears = [bob.socket, bobSecondTab].map((s) => nextEvent<Json>(s, 'conversation:invite'));

      assert.deepEqual(await request(ann.socket, 'conversation:invite', { roomId }), { ok: true });
      for (const invite of await Promise.all(bobHears)) {
        assert.deepEqual(invite, {
          roomId,
          from: { username: ann.username, displayName: ann.username, avatarUrl: null },
        });
      }
      // A room invite sent after it arrives after it: had the others been told, they would have heard it by now.
      const marker = nextEvent<Json>(cat.socket, 'invite');
      const publicRoom = await server.createRoom(ann.cookie, 'Marker');
      await request(ann.socket, 'room:join', { roomId: publicRoom });
      await request(ann.socket, 'invite', { roomId: publicRoom, username: cat.username });
      await marker;
      assert.deepEqual(heard, [[], [], []]);
      bobSecondTab.disconnect();
      annSecondTab.disconnect();
    });

    it('lets no third person trigger one, nor anyone outside the conversation or for a room', async () => {
      const [ann, bob, cat] = await people('ann', 'bob', 'cat');
      const { body } = await open(ann.cookie, bob.username);
      const roomId = body.room.id;
      const bobHeard = collect<Json>(bob.socket, 'conversation:invite');
      const catInvites = await request<Json>(cat.socket, 'conversation:invite', { roomId });
      assert.equal(catInvites.code, 'FORBIDDEN');
      assert.equal(
        (await request<Json>(ann.socket, 'conversation:invite', { roomId })).code,
        'FORBIDDEN',
        'not inside',
      );
      const publicRoom = await server.createRoom(cat.cookie, 'Public');
      await request(cat.socket, 'room:join', { roomId: publicRoom });
      const forRoom = await request<Json>(cat.socket, 'conversation:invite', { roomId: publicRoom });
      assert.equal(forRoom.code, 'INVALID');
      const unknown = await request<Json>(cat.socket, 'conversation:invite', { roomId: 'nosuchroom' });
      assert.equal(unknown.code, 'NOT_FOUND');
      const bad = await request<Json>(cat.socket, 'conversation:invite', { roomId: '../x', to: bob.username });
      assert.equal(bad.code, 'INVALID');
      // Only now does Ann open it: Bob hears this one and nothing before it.
      await annInside(ann, bob);
      const invited = nextEvent<Json>(bob.socket, 'conversation:invite');
      assert.deepEqual(await request(ann.socket, 'conversation:invite', { roomId }), { ok: true });
      await invited;
      assert.equal(bobHeard.length, 1);
    });

    it('says when the other person is offline, and limits invitations per person as room invitations are', async () => {
      const [ann, bob] = await people('ann', 'bob');
      const roomId = await annInside(ann, bob);
      const secondTab = await server.client(ann.cookie);
      assert.equal((await request<Json>(secondTab, 'room:join', { roomId })).ok, true);
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          request<Json>(i % 2 ? secondTab : ann.socket, 'conversation:invite', { roomId }),
        ),
      );
      assert.deepEqual(
        results.map((r) => r.code ?? 'ok').sort(),
        [...Array(2).fill('RATE_LIMITED'), ...Array(10).fill('ok')],
        'ten per person in 10 s, however many tabs',
      );
      secondTab.disconnect();

      const [cat, dan] = await people('cat', 'dan');
      const catRoom = await annInside(cat, dan);
      dan.socket.disconnect();
      for (;;) {
        const res = await server.api(`/api/users/${dan.username}`, { cookie: cat.cookie });
        if (!((await res.json()) as Json).user.online) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const offline = await request<Json>(cat.socket, 'conversation:invite', { roomId: catRoom });
      assert.deepEqual([offline.code, offline.message], ['NOT_FOUND', `${dan.username} is not online.`]);
    });
  });
});
