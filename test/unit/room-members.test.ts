import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Member, UserSummary } from '../../shared/protocol.ts';
import { ERR_FLOODING } from '../../web/services/mesh.ts';
import { RoomMembers } from '../../web/services/room-members.ts';

const user = (username: string, displayName = username): UserSummary => ({ username, displayName, avatarUrl: null });
const tab = (peerId: string, username: string): Member => ({ peerId, user: user(username) });

/** Ann's tab in a room with Bob (two tabs) and Cid. */
function room(): RoomMembers {
  const members = new RoomMembers();
  members.self = tab('a1', 'ann');
  for (const member of [tab('b1', 'bob'), tab('b2', 'bob'), tab('c1', 'cid')]) members.arrived(member);
  return members;
}

const summary = (members: RoomMembers) =>
  members.people.map((p) => `${p.user.username}:${p.connection}:${p.peerIds.join('+')}`);

describe('RoomMembers', () => {
  it('lists each person once, you first, with the best connection over their tabs', () => {
    const members = room();
    assert.deepEqual(summary(members), ['ann:self:a1', 'bob:connecting:b1+b2', 'cid:connecting:c1']);
    members.connection('b2', 'connected');
    members.connection('c1', 'failed');
    assert.deepEqual(summary(members), ['ann:self:a1', 'bob:connected:b1+b2', 'cid:failed:c1']);
  });

  it('keeps showing a failure while the connection retries, until one opens', () => {
    const members = room();
    members.connection('c1', 'failed');
    members.connection('c1', 'connecting');
    assert.equal(members.people.find((p) => p.user.username === 'cid')?.connection, 'failed');
    members.connection('c1', 'connected');
    members.connection('c1', 'connecting');
    assert.equal(members.people.find((p) => p.user.username === 'cid')?.connection, 'connecting');
  });

  it('knows a tab once, however it is announced, and forgets it when it leaves', () => {
    const members = room();
    members.connection('c1', 'connected');
    assert.equal(members.arrived(tab('c1', 'cid')), false, 'a signal that beat peer-joined already added it');
    assert.equal(members.peers.get('c1')?.connection, 'connected', 'a repeated announcement resets nothing');
    members.left('b1');
    members.left('b2');
    assert.deepEqual(summary(members), ['ann:self:a1', 'cid:connected:c1']);
  });

  it('after a rejoin, adds whom the server lists and drops whom it does not, unless a channel to them is open', () => {
    const members = room();
    members.connection('b1', 'connected');
    const { arrived, gone } = members.reconcile([tab('c1', 'cid'), tab('d1', 'dan')]);
    assert.deepEqual(arrived, ['d1']);
    assert.deepEqual(gone, ['b2']);
    assert.deepEqual([...members.peers.keys()], ['b1', 'c1', 'd1']);
  });

  it('shows the route and the flooding of a connected tab, and forgets the route when the connection drops', () => {
    const members = room();
    members.routed('c1', 'relay');
    assert.equal(members.peers.get('c1')?.route, undefined, 'no route before the connection opens');
    members.connection('c1', 'connected');
    members.routed('c1', 'relay');
    members.flooding('c1', true);
    assert.deepEqual(
      members.people.find((p) => p.user.username === 'cid'),
      { user: user('cid'), peerIds: ['c1'], connection: 'connected', tooFast: true, cutOff: false, route: 'relay' },
    );
    members.connection('c1', 'connecting');
    assert.equal(members.peers.get('c1')?.route, undefined);
  });

  it('says a tab is cut off while the connection we closed for flooding is not open again, and only then', () => {
    const members = room();
    const cid = () => members.people.find((p) => p.user.username === 'cid');
    members.connection('c1', 'failed', ERR_FLOODING);
    assert.deepEqual([cid()?.connection, cid()?.cutOff], ['failed', true]);
    members.connection('c1', 'connecting');
    assert.deepEqual([cid()?.connection, cid()?.cutOff], ['failed', true], 'still, while it is opened again');
    members.connection('c1', 'connected');
    assert.equal(cid()?.cutOff, false);
    members.connection('c1', 'failed', 'ERR_ICE_CONNECTION_FAILURE');
    assert.deepEqual([cid()?.connection, cid()?.cutOff], ['failed', false], 'a network failure is not a cut');
  });

  it('shows a new name on every tab of the person, this one included', () => {
    const members = room();
    members.userUpdated(user('bob', 'Robert'));
    members.userUpdated(user('ann', 'Annie'));
    assert.deepEqual(
      members.people.map((p) => p.user.displayName),
      ['Annie', 'Robert', 'cid'],
    );
    assert.equal(members.peers.get('b2')?.user.displayName, 'Robert');
    assert.equal(members.self?.user.displayName, 'Annie');
  });
});
