import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvitationInbox } from '../../web/services/invitation-inbox.ts';
import { LobbyFeed } from '../../web/services/lobby-feed.ts';
import { PresenceFeed } from '../../web/services/presence-feed.ts';
import { SignalingConnection } from '../../web/services/signaling-connection.ts';
import { SignalingRefusedError } from '../../web/services/signaling-refusal.ts';
import { FakeSession, FakeSignaling, listing, person } from '../support/fake-signaling.ts';

/** A connection whose sockets are fakes (`made`, newest last), for a person logged in as bob. */
function setup(options: { connectOnLogin?: boolean; prepare?: (socket: FakeSignaling) => void } = {}) {
  const session = new FakeSession();
  session.user = { username: 'bob' };
  const made: FakeSignaling[] = [];
  const connection = new SignalingConnection(session.asSession(), {
    connectOnLogin: options.connectOnLogin ?? false,
    signaling: () => {
      const socket = new FakeSignaling();
      options.prepare?.(socket);
      made.push(socket);
      return socket.asClient();
    },
  });
  const states: string[] = [];
  connection.on('change', () => states.push(connection.state.name));
  return { session, made, connection, states };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('SignalingConnection', () => {
  it('opens one socket for everyone asking at once, and reuses it while it is up', async () => {
    const { made, connection, states } = setup();
    const [a, b] = await Promise.all([connection.connect(), connection.connect()]);
    assert.equal(a, b);
    assert.equal(await connection.connect(), a);
    assert.equal(made.length, 1);
    assert.deepEqual(states, ['connecting', 'open']);
    assert.equal(connection.client, a);
  });

  it('says the server is out of reach while socket.io retries, and announces the return', async () => {
    const { made, connection, states } = setup();
    await connection.connect();
    const socket = made[0] as FakeSignaling;
    const resumed: unknown[] = [];
    connection.on('resumed', (client) => resumed.push(client));
    socket.fire('disconnected', { reason: 'transport close' });
    socket.fire('unreachable', undefined);
    assert.equal(connection.state.name, 'reconnecting');
    assert.equal(connection.client, undefined);
    socket.fire('reconnected', undefined);
    assert.equal(connection.state.name, 'open');
    assert.deepEqual(resumed, [socket]);
    assert.deepEqual(states, ['connecting', 'open', 'reconnecting', 'open']);
  });

  it('closes on a cut by the server, tells why, and asks whether the session is over', async () => {
    const { session, made, connection } = setup();
    await connection.connect();
    const cuts: string[] = [];
    connection.on('cut', ({ message }) => cuts.push(message));
    (made[0] as FakeSignaling).fire('disconnected', { reason: 'io server disconnect' });
    await settle();
    assert.equal(connection.state.name, 'closed');
    assert.equal(made[0]?.closed, true);
    assert.deepEqual(cuts, ['The server closed the connection.']);
    assert.equal(session.loads, 1);
  });

  it('tells of a cut only once the session was checked: a session that ended resets everything first', async () => {
    const { session, made, connection } = setup();
    await connection.connect();
    const events: string[] = [];
    connection.on('reset', () => events.push('reset'));
    connection.on('cut', () => events.push('cut'));
    session.onLoad = () => session.logIn(null);
    (made[0] as FakeSignaling).fire('disconnected', { reason: 'io server disconnect' });
    await settle();
    assert.deepEqual(events, ['reset', 'cut']);
  });

  it('answers a refusal with the server’s error, and is closed after it', async () => {
    const refusal = new SignalingRefusedError('UNAUTHENTICATED', 'Log in first.');
    const { made, connection } = setup({ prepare: (socket) => (socket.refuse = refusal) });
    await assert.rejects(connection.connect(), refusal);
    assert.equal(connection.state.name, 'closed');
    assert.equal(made[0]?.closed, true);
  });

  it('drops the socket when the person logs out, and opens one when someone logs in', async () => {
    const { session, made, connection } = setup({ connectOnLogin: true });
    await connection.connect();
    let resets = 0;
    connection.on('reset', () => resets++);
    session.logIn(null);
    assert.equal(made[0]?.closed, true);
    assert.equal(connection.state.name, 'closed');
    assert.equal(made.length, 1, 'nobody logged in: no socket');
    session.logIn('cat');
    await settle();
    assert.equal(resets, 2);
    assert.equal(made.length, 2);
    assert.equal(connection.state.name, 'open');
  });

  it('does not use a socket that came up after the person logged out', async () => {
    const { session, made, connection } = setup();
    const connecting = connection.connect();
    session.logIn(null); // before the socket's handshake is answered
    await assert.rejects(connecting);
    assert.equal(made[0]?.closed, true);
    assert.equal(connection.state.name, 'closed');
  });

  it('hands pushes to the listeners on every socket it opens', async () => {
    const { made, connection } = setup();
    const heard: string[] = [];
    connection.listen({ 'presence:changed': ({ username }) => heard.push(username) });
    await connection.connect();
    (made[0] as FakeSignaling).fire('presence:changed', { username: 'ann', online: true });
    (made[0] as FakeSignaling).fire('disconnected', { reason: 'io server disconnect' });
    await connection.connect();
    (made[1] as FakeSignaling).fire('presence:changed', { username: 'cat', online: false });
    assert.deepEqual(heard, ['ann', 'cat']);
  });
});

describe('PresenceFeed', () => {
  it('says online flags are stale whenever a socket opens or comes back', async () => {
    const { made, connection } = setup();
    const presence = new PresenceFeed(connection);
    let stale = 0;
    presence.on('stale', () => stale++);
    await connection.connect();
    (made[0] as FakeSignaling).fire('reconnected', undefined);
    assert.equal(stale, 2);
  });
});

describe('LobbyFeed', () => {
  it('after the socket came back, holds changes pushed before the fresh list, then applies them to it', async () => {
    const { made, connection } = setup();
    const lobby = new LobbyFeed(connection);
    lobby.watch();
    await settle();
    const socket = made[0] as FakeSignaling;
    let answer = (_: unknown) => {};
    socket.watchLobby = () =>
      new Promise((resolve) => {
        answer = resolve as (a: unknown) => void;
      });
    socket.fire('reconnected', undefined);
    await settle();
    lobby.changed({ added: [listing('r2', 'Two')], updated: [], removed: ['r1'] });
    const names = () => lobby.rooms?.map((r) => r.name);
    assert.deepEqual(names(), [], 'the rooms shown stay until the fresh list comes');
    answer({ ok: true, rooms: [listing('r1', 'One')], total: 1 });
    await settle();
    assert.deepEqual(names(), ['Two']);
  });

  it('asks for a fresh list when the socket comes back, and stops following when nobody watches', async () => {
    const { made, connection } = setup();
    const lobby = new LobbyFeed(connection);
    const stop = lobby.watch();
    await settle();
    const socket = made[0] as FakeSignaling;
    socket.fire('reconnected', undefined);
    await settle();
    stop();
    lobby.changed({ added: [listing('r9')], updated: [], removed: [] });
    assert.deepEqual(socket.calls, [['lobby:watch'], ['lobby:watch'], ['lobby:unwatch']]);
    assert.deepEqual(lobby.rooms, []);
  });

  it('says why the list could not be had', async () => {
    const { connection } = setup({
      prepare: (socket) => {
        socket.watchLobby = async () => ({ ok: false, code: 'RATE_LIMITED', message: 'Slow down.' });
      },
    });
    const lobby = new LobbyFeed(connection);
    lobby.watch();
    await settle();
    assert.equal(lobby.error, 'Slow down.');
  });
});

describe('InvitationInbox', () => {
  const invite = (roomId: string, from = 'ann') => ({ room: listing(roomId), from: person(from) });

  it('keeps the newest invitation per room, none for the room this tab is in, until dismissed', () => {
    let here: string | undefined = 'r3';
    const inbox = new InvitationInbox(() => here);
    inbox.invited(invite('r1', 'ann'));
    inbox.invited(invite('r2'));
    inbox.invited(invite('r1', 'cat'));
    inbox.invited(invite('r3'));
    inbox.asked({ roomId: 'd1', from: person('dan') });
    inbox.asked({ roomId: 'r3', from: person('dan') });
    assert.deepEqual(
      inbox.rooms.map((i) => [i.room.id, i.from.username]),
      [
        ['r2', 'ann'],
        ['r1', 'cat'],
      ],
    );
    assert.deepEqual(
      inbox.conversations.map((i) => i.roomId),
      ['d1'],
    );
    here = undefined;
    inbox.dismiss('r1');
    inbox.dismiss('d1');
    assert.deepEqual(
      inbox.rooms.map((i) => i.room.id),
      ['r2'],
    );
    assert.deepEqual(inbox.conversations, []);
    inbox.clear();
    assert.deepEqual(inbox.rooms, []);
  });
});
