import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Socket } from 'socket.io-client';
import { request, startTestServer, type TestServer } from '../support/server.ts';

/** Resolves on the next event of any kind the socket receives. */
const anyEvent = (socket: Socket) =>
  new Promise<void>((resolve) =>
    socket.onAny(function seen() {
      socket.offAny(seen);
      resolve();
    }),
  );

/** The ids of the rooms the lobby lists. */
async function listedRooms(server: TestServer, cookie: string): Promise<string[]> {
  const res = await server.api('/api/rooms', { cookie });
  assert.equal(res.status, 200);
  return ((await res.json()) as { rooms: { id: string }[] }).rooms.map((r) => r.id);
}

describe('rooms after a restart', () => {
  it('lets the rooms stored before a restart vanish once their grace period passes', { timeout: 20_000 }, async () => {
    const before = await startTestServer({ roomGraceMs: 3600_000 });
    const cookie = await before.register('keeper');
    const ids = [await before.createRoom(cookie, 'One'), await before.createRoom(cookie, 'Two')];
    assert.deepEqual((await listedRooms(before, cookie)).sort(), ids.sort());
    await before.stop({ keepData: true });

    const after = await startTestServer({ roomGraceMs: 200 }, before.dataDir);
    try {
      const watcher = await after.client(cookie); // the session survived the restart
      await request(watcher, 'lobby:watch', {});
      for (;;) {
        const changed = anyEvent(watcher);
        const listed = await listedRooms(after, cookie);
        console.log(`# rooms listed after the restart: ${listed.length}`);
        if (listed.length === 0) break;
        await changed;
      }
    } finally {
      await after.stop();
    }
  });
});
