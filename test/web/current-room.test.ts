import { expect } from '@open-wc/testing';
import type { RoomId } from '../../shared/protocol.ts';
import { CurrentRoom } from '../../web/services/current-room.ts';
import { InvitationInbox } from '../../web/services/invitation-inbox.ts';
import { SignalingConnection } from '../../web/services/signaling-connection.ts';
import { FakeSession, FakeSignaling, joined, listing, person } from '../support/fake-signaling.ts';

/** Bob, logged in, with a CurrentRoom over fake sockets (`sockets()`, newest last) and a fixed clock. */
function setup(prepare?: (socket: FakeSignaling) => void) {
  const session = new FakeSession();
  session.user = { username: 'bob' };
  const made: FakeSignaling[] = [];
  const connection = new SignalingConnection(session.asSession(), {
    connectOnLogin: false,
    signaling: () => {
      const socket = new FakeSignaling();
      prepare?.(socket);
      made.push(socket);
      return socket.asClient();
    },
  });
  const invites = new InvitationInbox(() => room.current?.roomId);
  const room = new CurrentRoom(connection, session.asSession(), invites, { room: { iceServers: [], now: () => 1000 } });
  const states: string[] = [];
  room.on('change', () => states.push(room.state.name));
  const socket = () => made.at(-1) as FakeSignaling;
  return { session, connection, invites, room, states, socket };
}

/** Resolves once `room`'s state is `name`. */
function until(room: CurrentRoom, name: CurrentRoom['state']['name']): Promise<void> {
  return new Promise((resolve) => {
    if (room.state.name === name) return resolve();
    const off = room.on('change', () => {
      if (room.state.name !== name) return;
      off();
      resolve();
    });
  });
}

/** The server's answer to joining a private conversation between Bob and Ann, Ann not in it. */
const conversation = (roomId: RoomId) => {
  const answer = joined(roomId);
  return answer.ok
    ? { ...answer, room: { ...answer.room, kind: 'direct' as const, people: [person('bob'), person('ann')] } }
    : answer;
};

describe('CurrentRoom', () => {
  it('enters a room, dropping its invitation; entering another would leave it', async () => {
    const { room, invites, states, socket } = setup();
    invites.invited({ room: listing('r1'), from: person('ann') });
    expect(await room.enter('r1')).to.equal(true);
    expect(states).to.deep.equal(['entering', 'entering', 'in']);
    expect(room.current?.roomId).to.equal('r1');
    expect(invites.rooms).to.deep.equal([]);
    expect(room.wouldLeave('r1')).to.equal(false);
    expect(room.wouldLeave('r2')).to.equal(true);
    expect(await room.enter('r2')).to.equal(true);
    expect(socket().calls).to.deep.equal([
      ['room:join', 'r1'],
      ['room:leave', 'r1'],
      ['room:join', 'r2'],
    ]);
  });

  it('fails with the server’s reason, and does not ask again until the person went to another page', async () => {
    const { room, socket } = setup((s) => {
      s.join = async (roomId) => {
        s.calls.push(['room:join', roomId]);
        return { ok: false, code: 'ROOM_FULL', message: 'This room is full.' };
      };
    });
    expect(await room.enter('r1')).to.equal(false);
    expect(room.state).to.deep.equal({ name: 'failed', roomId: 'r1', error: 'This room is full.' });
    expect(await room.enter('r1')).to.equal(false);
    expect(socket().calls).to.have.length(1);
    room.giveUpEntry();
    expect(room.state).to.deep.equal({ name: 'out', error: 'This room is full.' }, 'the lobby still says why');
    expect(await room.enter('r1')).to.equal(false);
    expect(socket().calls).to.have.length(2);
  });

  it('says who deleted the room it was in', async () => {
    const { room, socket } = setup();
    await room.enter('r1');
    socket().fire('room:deleted', { roomId: 'r1', by: person('ann') });
    await until(room, 'deleted');
    expect(room.state).to.deep.equal({ name: 'deleted', roomId: 'r1', notice: '“r1” was deleted by Ann.' });
    expect(room.current).to.equal(undefined);
  });

  it('loses the room with the server’s reason when the server cuts the socket', async () => {
    const { room, session, socket } = setup();
    await room.enter('r1');
    socket().fire('disconnected', { reason: 'io server disconnect' });
    await until(room, 'failed');
    expect(room.state).to.deep.equal({ name: 'failed', roomId: 'r1', error: 'The server closed the connection.' });
    expect(await room.enter('r1')).to.equal(false);
    expect(session.loads).to.equal(1);
  });

  it('is left, not failed, when the cut ended the session (Log in then brings the person back to the room)', async () => {
    const { room, session, socket, states } = setup();
    await room.enter('r1');
    session.onLoad = () => session.logIn(null);
    socket().fire('disconnected', { reason: 'io server disconnect' });
    await until(room, 'out');
    await new Promise((resolve) => setTimeout(resolve));
    expect(room.state).to.deep.equal({ name: 'out' });
    expect(states).to.not.include('failed');
  });

  it('enters again, resuming, when socket.io came back by itself', async () => {
    const { room, socket } = setup();
    await room.enter('r1');
    socket().fire('disconnected', { reason: 'transport close' });
    socket().fire('reconnected', undefined);
    await new Promise((resolve) => setTimeout(resolve));
    expect(socket().calls).to.deep.equal([
      ['room:join', 'r1'],
      ['room:join', 'r1', true],
    ]);
    expect(room.state.name).to.equal('in');
  });

  it('leaves the room when the person logs out', async () => {
    const { room, session } = setup();
    const entered = await room.enter('r1');
    const session1 = room.current;
    session.logIn(null);
    expect(entered).to.equal(true);
    expect(room.state).to.deep.equal({ name: 'out' });
    expect(session1?.status).to.equal('left');
  });

  it('asks the other person of a conversation it opens to talk, but not one entered for a knock', async () => {
    const { room, socket } = setup((s) => {
      s.join = async (roomId) => {
        s.calls.push(['room:join', roomId]);
        return conversation(roomId);
      };
    });
    room.knocked({ roomId: 'd1', from: person('ann') });
    await until(room, 'in');
    expect(room.current?.roomId).to.equal('d1');
    expect(await room.enter('d2')).to.equal(true);
    expect(socket().calls).to.deep.equal([
      ['room:join', 'd1'],
      ['room:leave', 'd1'],
      ['room:join', 'd2'],
      ['conversation:invite', 'd2'],
    ]);
  });

  it('keeps entering a conversation in the background while the person is on another page', async () => {
    const { room } = setup();
    room.on('change', () => room.giveUpEntry()); // what the app does on every change while no room page is shown
    room.knocked({ roomId: 'd1', from: person('ann') });
    await until(room, 'in');
    expect(room.current?.roomId).to.equal('d1');
  });

  it('turns a knock into an invitation while another room is open', async () => {
    const { room, invites } = setup();
    await room.enter('r1');
    room.knocked({ roomId: 'd1', from: person('ann') });
    expect(room.current?.roomId).to.equal('r1');
    expect(invites.conversations).to.deep.equal([{ roomId: 'd1', from: person('ann') }]);
  });
});
