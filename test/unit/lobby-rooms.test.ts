import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoomListing } from '../../shared/protocol.ts';
import { LobbyRooms } from '../../web/services/lobby-rooms.ts';

/** A room with `memberCount` people, created at minute `minute` (later is newer). */
const room = (id: string, memberCount = 0, minute = 0): RoomListing => ({
  id,
  name: id,
  topic: '',
  owner: { username: 'ann', displayName: 'Ann', avatarUrl: null },
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
  memberCount,
  members: [],
});
const ids = (lobby: LobbyRooms) => lobby.rooms?.map((r) => r.id);
const none = { added: [], updated: [], removed: [] };

describe('LobbyRooms', () => {
  it('applies pushed changes to the first list, in lobby order', () => {
    const lobby = new LobbyRooms();
    assert.equal(lobby.rooms, undefined);
    lobby.load([room('a', 0, 1), room('b', 0, 2)], 2);
    assert.deepEqual(ids(lobby), ['b', 'a'], 'newest first among empty rooms');
    lobby.apply({ ...none, added: [room('c', 0, 3)] });
    lobby.apply({ ...none, updated: [room('a', 2, 1)], removed: ['b'] });
    assert.deepEqual(ids(lobby), ['a', 'c'], 'fullest first');
    assert.equal(lobby.more, false);
  });

  it('holds pushes that arrive before the first list and applies them after it', () => {
    const lobby = new LobbyRooms();
    lobby.apply({ ...none, added: [room('late', 0, 5)] });
    lobby.apply({ ...none, removed: ['gone'] });
    assert.equal(lobby.rooms, undefined, 'nothing shown before the list');
    lobby.load([room('gone', 0, 1), room('kept', 0, 2)], 2);
    assert.deepEqual(ids(lobby), ['late', 'kept']);
  });

  it('adds a room it only hears of in an update (the first list is capped)', () => {
    const lobby = new LobbyRooms();
    lobby.load([room('a')], 5);
    assert.equal(lobby.more, true, 'five open, one listed');
    lobby.apply({ ...none, updated: [room('unlisted', 1)] });
    assert.deepEqual(ids(lobby), ['unlisted', 'a']);
  });

  it('keeps only the busiest rooms up to its cap', () => {
    const lobby = new LobbyRooms(2);
    lobby.load([room('a', 1), room('b', 0)], 2);
    lobby.apply({ ...none, added: [room('c', 0, 9)], updated: [room('b', 3)] });
    assert.deepEqual(ids(lobby), ['b', 'a']);
    assert.equal(lobby.more, true);
  });
});
