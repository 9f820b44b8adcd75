import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Logger } from '../../signal-server/log.ts';
import { MemoryPresenceStore, type PresenceStore } from '../../signal-server/presence/presence-store.ts';
import { nextEvent, request, startTestServer, type TestServer } from '../support/server.ts';

type Json = Record<string, any>;

/**
 * A presence store that is sometimes unreachable, as a remote (Redis) one can be: the methods named in `down`
 * reject, the rest work from memory.
 */
class FlakyPresence extends MemoryPresenceStore {
  readonly down = new Set<keyof PresenceStore>();
  constructor() {
    super();
    for (const method of ['connected', 'disconnected', 'isOnline', 'joinPeer', 'roomsOfPeer', 'peer'] as const) {
      const working = this[method].bind(this) as (...args: unknown[]) => Promise<unknown>;
      Object.assign(this, {
        [method]: (...args: unknown[]) =>
          this.down.has(method) ? Promise.reject(new Error('presence store unreachable')) : working(...args),
      });
    }
  }
}

/** Resolves once `fn` holds, checking as events settle (no fixed sleep). */
async function eventually(fn: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('a presence store that rejects', () => {
  const presence = new FlakyPresence();
  const errors: string[] = [];
  const warnings: string[] = [];
  const log: Logger = {
    info() {},
    warn: (message) => warnings.push(message),
    error: (message) => errors.push(message),
  };
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  let server: TestServer;
  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    server = await startTestServer({ presenceGraceMs: 50 }, undefined, { presence, log });
  });
  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await server.stop();
  });

  it('refuses the socket with INTERNAL while it is down, and lets the person in once it is back', async () => {
    const cookie = await server.register('ann');
    presence.down.add('connected');
    const refused = (await server.client(cookie).catch((err: unknown) => err)) as Error & { data?: Json };
    assert.equal(refused.data?.code, 'INTERNAL');
    presence.down.clear();
    const socket = await server.client(cookie);
    const roomId = await server.createRoom(cookie);
    assert.equal((await request<Json>(socket, 'room:join', { roomId })).ok, true);
    assert.deepEqual(unhandled, []);
  });

  it('answers a join INTERNAL while it is down, and the same socket joins once it is back', async () => {
    const { socket, cookie } = await server.person('bob');
    const roomId = await server.createRoom(cookie);
    presence.down.add('joinPeer');
    assert.equal((await request<Json>(socket, 'room:join', { roomId })).code, 'INTERNAL');
    presence.down.clear();
    assert.equal((await request<Json>(socket, 'room:join', { roomId })).ok, true);
    assert.deepEqual(unhandled, []);
  });

  it('logs a failed goodbye, keeps serving everyone else, and leaves the rooms once the store is back', async () => {
    const leaver = await server.person('cid');
    const stayer = await server.person('dee');
    const roomId = await server.createRoom(stayer.cookie);
    assert.equal((await request<Json>(stayer.socket, 'room:join', { roomId })).ok, true);
    assert.equal((await request<Json>(leaver.socket, 'room:join', { roomId })).ok, true);
    presence.down.add('disconnected').add('roomsOfPeer').add('isOnline');
    leaver.socket.disconnect();
    await eventually(
      () => errors.includes('presence update failed') && warnings.includes('leave on disconnect failed, retrying'),
    );
    const left = nextEvent<Json>(stayer.socket, 'room:member-left');
    presence.down.clear();
    assert.equal((await left).user.username, 'cid', 'the leave is retried: the others hear that he left');
    assert.deepEqual(
      warnings.filter((w) => w === 'leave on disconnect failed, retrying'),
      ['leave on disconnect failed, retrying'],
      'warned once, not at every retry',
    );
    assert.equal((await server.api('/api/users', { cookie: stayer.cookie })).status, 200);
    assert.deepEqual(unhandled, []);
  });
});
