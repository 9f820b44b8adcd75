import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import type { Member } from '../../shared/protocol.ts';
import { MemoryPresenceStore, type PresenceStore } from '../../signal-server/presence/presence-store.ts';
import { RedisPresenceStore } from '../../signal-server/presence/redis-presence-store.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';

const peer = (peerId: string, username = peerId): Member => ({
  peerId,
  user: { username, displayName: username, avatarUrl: null },
});
/** Room caps: `people` distinct people, 3 tabs each. */
const cap = (people: number, tabsPerPerson = 3) => ({ people, tabsPerPerson });

/** The same behaviour from both stores: in memory (one process) and in Redis (several). */
const kinds: [string, (use: (make: () => Promise<PresenceStore>) => void) => void][] = [
  ['MemoryPresenceStore', (use) => use(async () => new MemoryPresenceStore())],
  [
    'RedisPresenceStore',
    (use) => {
      let server: TestRedis;
      const clients: Redis[] = [];
      before(async () => {
        server = await startRedis();
      });
      after(async () => {
        for (const client of clients) client.disconnect();
        await server.stop();
      });
      use(async () => {
        const client = new Redis(server.url);
        clients.push(client);
        await client.flushall();
        return new RedisPresenceStore(client);
      });
    },
  ],
];

for (const [name, setUp] of kinds) describe(name, () => setUp((makeStore) => cases(makeStore)));

function cases(makeStore: () => Promise<PresenceStore>): void {
  it('answers the peers present before a join, in joining order', async () => {
    const store = await makeStore();
    assert.deepEqual(await store.joinPeer('r', peer('a'), cap(5)), { peersBefore: [] });
    assert.deepEqual(await store.joinPeer('r', peer('b'), cap(5)), { peersBefore: [peer('a')] });
    assert.deepEqual(await store.joinPeer('r', peer('c'), cap(5)), { peersBefore: [peer('a'), peer('b')] });
    assert.deepEqual(await store.peers('r'), [peer('a'), peer('b'), peer('c')]);
  });

  it('treats a repeated join as idempotent and does not count it against the cap', async () => {
    const store = await makeStore();
    await store.joinPeer('r', peer('a'), cap(2));
    await store.joinPeer('r', peer('b'), cap(2));
    assert.deepEqual(await store.joinPeer('r', peer('a'), cap(2)), { peersBefore: [peer('b')] });
    assert.equal(await store.joinPeer('r', peer('c'), cap(2)), 'full');
  });

  it("counts people, not tabs, for the room cap, and caps each person's tabs", async () => {
    const store = await makeStore();
    for (const tab of ['t1', 't2', 't3']) assert.notEqual(await store.joinPeer('r', peer(tab, 'ann'), cap(2)), 'full');
    assert.equal(await store.joinPeer('r', peer('t4', 'ann'), cap(2)), 'too-many-tabs');
    assert.deepEqual(await store.joinPeer('r', peer('b1', 'bob'), cap(2)), {
      peersBefore: [peer('t1', 'ann'), peer('t2', 'ann'), peer('t3', 'ann')],
    });
    assert.equal(await store.joinPeer('r', peer('c1', 'cat'), cap(2)), 'full');
    assert.notEqual(await store.joinPeer('r', peer('b2', 'bob'), cap(2)), 'full', "a present person's next tab fits");
  });

  it("says whether a leaving peer's person still has another tab in the room", async () => {
    const store = await makeStore();
    await store.joinPeer('r', peer('tab1', 'ann'), cap(5));
    await store.joinPeer('r', peer('tab2', 'ann'), cap(5));
    assert.equal((await store.leavePeer('r', 'tab1'))?.personStillHere, true);
    assert.equal((await store.leavePeer('r', 'tab2'))?.personStillHere, false);
    assert.equal(await store.leavePeer('r', 'tab2'), undefined);
    assert.deepEqual(await store.peers('r'), []);
  });

  it('knows the rooms of a peer and empties a deleted room', async () => {
    const store = await makeStore();
    await store.joinPeer('one', peer('a'), cap(5));
    await store.joinPeer('two', peer('a'), cap(5));
    await store.joinPeer('two', peer('b'), cap(5));
    assert.deepEqual((await store.roomsOfPeer('a')).sort(), ['one', 'two']);
    assert.deepEqual(await store.clearRoom('two'), [peer('a'), peer('b')]);
    assert.deepEqual(await store.roomsOfPeer('a'), ['one']);
    assert.deepEqual(await store.roomsOfPeer('b'), []);
    assert.equal(await store.peer('two', 'a'), undefined);
  });

  it('counts a person online while any of their sockets is connected', async () => {
    const store = await makeStore();
    assert.equal(await store.isOnline('ann'), false);
    assert.equal(await store.connected('ann', 10), true);
    assert.equal(await store.connected('ann', 10), true);
    await store.disconnected('ann');
    assert.equal(await store.isOnline('ann'), true);
    await store.disconnected('ann');
    assert.equal(await store.isOnline('ann'), false);
  });

  it("refuses a person's socket beyond the cap without counting it, and frees a slot on disconnect", async () => {
    const store = await makeStore();
    assert.equal(await store.connected('ann', 2), true);
    assert.equal(await store.connected('ann', 2), true);
    assert.equal(await store.connected('ann', 2), false);
    assert.equal(await store.connected('bob', 2), true, 'another person is not affected');
    await store.disconnected('ann');
    assert.equal(await store.connected('ann', 2), true);
    assert.equal(await store.connected('ann', 2), false);
  });

  it("replaces a person's summary on all their peers and answers their rooms", async () => {
    const store = await makeStore();
    await store.joinPeer('one', peer('a1', 'ann'), cap(5));
    await store.joinPeer('two', peer('a2', 'ann'), cap(5));
    await store.joinPeer('two', peer('b', 'bob'), cap(5));
    const renamed = { username: 'ann', displayName: 'Ann Lee', avatarUrl: null };
    assert.deepEqual((await store.updateUser(renamed)).sort(), ['one', 'two']);
    assert.deepEqual(await store.peers('two'), [{ peerId: 'a2', user: renamed }, peer('b', 'bob')]);
  });
}

describe('RedisPresenceStore.restore', () => {
  let server: TestRedis;
  let client: Redis;
  before(async () => {
    server = await startRedis();
    client = new Redis(server.url);
  });
  after(async () => {
    client.disconnect();
    await server.stop();
  });

  it('writes back what the process holds after Redis lost everything, as often as it is asked', async () => {
    const store = new RedisPresenceStore(client);
    await store.joinPeer('r', peer('a1', 'ann'), cap(2));
    await store.joinPeer('r', peer('b', 'bob'), cap(2));
    await store.connected('ann', 10);
    await store.connected('ann', 10);
    await store.connected('bob', 10);
    await client.flushall(); // Redis restarted empty
    assert.equal(await store.isOnline('ann'), false);
    assert.deepEqual(await store.peers('r'), []);

    const held = {
      sockets: new Map([
        ['ann', 2],
        ['bob', 1],
      ]),
      // Cat's tab joined while the cap was 2 people: it was admitted, so it is put back regardless.
      peers: [peer('a1', 'ann'), peer('b', 'bob'), peer('c', 'cat')].map((member) => ({ roomId: 'r', member })),
    };
    await store.restore(held);
    await store.restore(held); // a reconnection that lost nothing: nothing doubles
    assert.deepEqual(await store.peers('r'), [peer('a1', 'ann'), peer('b', 'bob'), peer('c', 'cat')]);
    assert.deepEqual(await store.roomsOfPeer('c'), ['r']);
    assert.equal(await store.isOnline('ann'), true);
    // Ann's two sockets count against her cap of 3: one more, not two.
    assert.equal(await store.connected('ann', 3), true);
    assert.equal(await store.connected('ann', 3), false);
    await store.disconnected('bob');
    assert.equal(await store.isOnline('bob'), false);
    // Its heartbeat is back: another process finds none of its peers orphaned.
    const other = new RedisPresenceStore(client);
    assert.deepEqual(await other.orphans(), []);
    await Promise.all([store.close(), other.close()]);
  });
});
