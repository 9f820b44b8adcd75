import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Member } from '../../shared/protocol.ts';
import { MemoryPresenceStore } from '../../signal-server/presence/presence-store.ts';

const peer = (peerId: string, username = peerId): Member => ({
  peerId,
  user: { username, displayName: username, avatarUrl: null },
});

describe('MemoryPresenceStore', () => {
  it('answers the peers present before a join, in joining order', async () => {
    const store = new MemoryPresenceStore();
    assert.deepEqual(await store.joinPeer('r', peer('a'), 5), { peersBefore: [] });
    assert.deepEqual(await store.joinPeer('r', peer('b'), 5), { peersBefore: [peer('a')] });
    assert.deepEqual(await store.joinPeer('r', peer('c'), 5), { peersBefore: [peer('a'), peer('b')] });
    assert.deepEqual(await store.peers('r'), [peer('a'), peer('b'), peer('c')]);
  });

  it('treats a repeated join as idempotent and does not count it against the cap', async () => {
    const store = new MemoryPresenceStore();
    await store.joinPeer('r', peer('a'), 2);
    await store.joinPeer('r', peer('b'), 2);
    assert.deepEqual(await store.joinPeer('r', peer('a'), 2), { peersBefore: [peer('b')] });
    assert.equal(await store.joinPeer('r', peer('c'), 2), 'full');
  });

  it("says whether a leaving peer's person still has another tab in the room", async () => {
    const store = new MemoryPresenceStore();
    await store.joinPeer('r', peer('tab1', 'ann'), 5);
    await store.joinPeer('r', peer('tab2', 'ann'), 5);
    assert.equal((await store.leavePeer('r', 'tab1'))?.personStillHere, true);
    assert.equal((await store.leavePeer('r', 'tab2'))?.personStillHere, false);
    assert.equal(await store.leavePeer('r', 'tab2'), undefined);
    assert.deepEqual(await store.peers('r'), []);
  });

  it('knows the rooms of a peer and empties a deleted room', async () => {
    const store = new MemoryPresenceStore();
    await store.joinPeer('one', peer('a'), 5);
    await store.joinPeer('two', peer('a'), 5);
    await store.joinPeer('two', peer('b'), 5);
    assert.deepEqual((await store.roomsOfPeer('a')).sort(), ['one', 'two']);
    assert.deepEqual(await store.clearRoom('two'), [peer('a'), peer('b')]);
    assert.deepEqual(await store.roomsOfPeer('a'), ['one']);
    assert.deepEqual(await store.roomsOfPeer('b'), []);
    assert.equal(await store.peer('two', 'a'), undefined);
  });

  it('counts a person online while any of their sockets is connected', async () => {
    const store = new MemoryPresenceStore();
    assert.equal(await store.isOnline('ann'), false);
    await store.connected('ann');
    await store.connected('ann');
    await store.disconnected('ann');
    assert.equal(await store.isOnline('ann'), true);
    await store.disconnected('ann');
    assert.equal(await store.isOnline('ann'), false);
  });
});
