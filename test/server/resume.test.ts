import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Socket } from 'socket.io-client';
import { collect, nextEvent, request, socketAt, startTestServer, type TestServer } from '../support/server.ts';

type Joined = { ok: boolean; self: { peerId: string } };

describe('a page coming back on a new connection', () => {
  let server: TestServer;
  const sockets: Socket[] = [];
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    await server.stop();
  });

  /** A socket for `cookie` as a page with tab key `tab` opens it. */
  async function page(cookie: string, tab: string): Promise<Socket> {
    const socket = await socketAt(server.url, cookie, { tab });
    sockets.push(socket);
    return socket;
  }

  it('keeps its peer id and its place: nobody sees it leave or join, and signals reach its new socket', async () => {
    const annCookie = await server.register('ann_resume');
    const bob = await server.person('bob_resume');
    const roomId = await server.createRoom(annCookie);
    const tab = randomBytes(16).toString('hex');
    const first = await page(annCookie, tab);
    const joined = await request<Joined>(first, 'room:join', { roomId });
    await request(bob.socket, 'room:join', { roomId });
    const seenByBob = [
      ...collect(bob.socket, 'room:peer-left'),
      ...collect(bob.socket, 'room:peer-joined'),
      ...collect(bob.socket, 'room:member-left'),
      ...collect(bob.socket, 'room:member-joined'),
    ];

    // The page reconnects before the server has noticed its old connection die.
    const replaced = nextEvent<string>(first, 'disconnect');
    const second = await page(annCookie, tab);
    await replaced;
    const again = await request<Joined>(second, 'room:join', { roomId, resume: true });
    assert.equal(again.ok, true);
    assert.equal(again.self.peerId, joined.self.peerId);

    const relayed = nextEvent<{ from: string }>(second, 'signal');
    const sent = await request<{ ok: boolean }>(bob.socket, 'signal', {
      roomId,
      to: joined.self.peerId,
      data: { type: 'offer', sdp: 'v=0' },
    });
    assert.equal(sent.ok, true);
    await relayed;
    assert.deepEqual(seenByBob, [], 'bob saw no leave or join');
  });

  it("gives another person a different peer id for the same tab key (a page's id cannot be taken)", async () => {
    const tab = randomBytes(16).toString('hex');
    const roomId = await server.createRoom(await server.register('owner_resume'));
    const ids = [];
    for (const name of ['cat_resume', 'dan_resume']) {
      const socket = await page(await server.register(name), tab);
      ids.push((await request<Joined>(socket, 'room:join', { roomId })).self.peerId);
    }
    assert.notEqual(ids[0], ids[1]);
  });
});
