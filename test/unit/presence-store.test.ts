import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Member } from '../../shared/protocol.ts';
import { MemoryPresenceStore } from '../../signal-server/presence/presence-store.ts';

const member = (peerId: string, name = peerId): Member => ({
  peerId,
  user: { username: `u-${name}`, displayName: name, avatarUrl: null },
});

describe('MemoryPresenceStore', () => {
  it('returns the members present before a join, in joining order', async () => {
    const store = new MemoryPresenceStore();
    assert.deepEqual(await store.join('r', member('a'), 5), []);
    assert.deepEqual(await store.join('r', member('b'), 5), [member('a')]);
    assert.deepEqual(await store.join('r', member('c'), 5), [member('a'), member('b')]);
    assert.deepEqual(await store.members('r'), [member('a'), member('b'), member('c')]);
  });

  it('treats a repeated join as idempotent and does not count it against the cap', async () => {
    const store = new MemoryPresenceStore();
    await store.join('r', member('a'), 2);
    await store.join('r', member('b'), 2);
    assert.deepEqual(await store.join('r', member('a'), 2), [member('b')]);
    assert.equal(await store.join('r', member('c'), 2), 'full');
  });

  it('forgets a room when its last member leaves', async () => {
    const store = new MemoryPresenceStore();
    await store.join('r', member('a'), 5);
    assert.deepEqual(await store.leave('r', 'a'), member('a'));
    assert.equal(await store.leave('r', 'a'), undefined);
    assert.deepEqual(await store.members('r'), []);
    assert.equal(await store.member('r', 'a'), undefined);
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

  it('keeps rooms apart', async () => {
    const store = new MemoryPresenceStore();
    await store.join('one', member('a'), 5);
    await store.join('two', member('b'), 5);
    assert.equal(await store.member('one', 'b'), undefined);
    assert.deepEqual(await store.member('two', 'b'), member('b'));
  });
});
