import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type Account,
  avatarForm,
  type Outcome,
  ROLES,
  type Role,
  Scene,
  type SceneRoom,
} from '../support/authorization-scene.ts';
import { CLIENT_EVENTS } from '../support/hostile-values.ts';
import { API_ROUTES, APP_ROUTES, type Route } from '../support/routes.ts';
import { PASSWORD } from '../support/server.ts';

// The authorization matrix: one row for every HTTP route (read from the routers) and every socket event, saying
// what each role is answered (roles: test/support/authorization-scene.ts). The rows are the specification: a route
// or event without a row fails, and so does a cell whose answer differs. Every cell asks with a valid request, so
// the answer is the authorization decision, not validation.

/** What each role is answered. */
type Expect = Record<Role, Outcome>;
/** One route or event: what each role gets, and how a cell asks it as that role. */
interface Row {
  expect: Expect;
  act(scene: Scene, role: Role, route: Route): Promise<Outcome>;
}

const NO_SESSION = '401 UNAUTHENTICATED';
/** The same for everybody, logged in or not. */
const anyone = (outcome: Outcome): Expect => ({
  anonymous: outcome,
  disabled: outcome,
  person: outcome,
  other: outcome,
  owner: outcome,
  admin: outcome,
});
/** `outcome` for anyone logged in; 401 with no session, or the session of a disabled account. */
const loggedIn = (outcome: Outcome): Expect => ({ ...anyone(outcome), anonymous: NO_SESSION, disabled: NO_SESSION });
const adminOnly = (outcome: Outcome): Expect => ({ ...loggedIn('403 FORBIDDEN'), admin: outcome });
const ownerOrAdmin = (outcome: Outcome): Expect => ({ ...loggedIn('403 FORBIDDEN'), owner: outcome, admin: outcome });
/** A socket needs a live session: with none, or a disabled account's, it is refused at the handshake. */
const connected = (outcome: Outcome): Expect => ({
  ...anyone(outcome),
  anonymous: 'refused UNAUTHENTICATED',
  disabled: 'refused UNAUTHENTICATED',
});
/** `member` for the room's owner and the other person in it; `outsider` for everyone else with a socket. */
const inTheRoom = (member: Outcome, outsider: Outcome): Expect => ({
  ...connected(outsider),
  owner: member,
  other: member,
});

let made = 0;

/** The route as the role's own account, with `body`. */
const own =
  (body?: unknown) =>
  (scene: Scene, role: Role, { method, path }: Route): Promise<Outcome> =>
    scene.http(scene.account(role), method, path, body);

/** As `own`, on an account the cell may use up (it ends sessions or changes the password). */
const spending =
  (body?: unknown) =>
  async (scene: Scene, role: Role, { method, path }: Route): Promise<Outcome> =>
    scene.http(await scene.expendable(role), method, path, body);

/** The route about a fresh room (`:id`): owned by the owner, with the owner and the other person in it. */
const aboutRoom =
  (body?: unknown) =>
  async (scene: Scene, role: Role, { method, path }: Route): Promise<Outcome> =>
    scene.http(scene.account(role), method, path.replace(':id', (await scene.room()).id), body);

/** The route about the owner (`:username`), asked by the role. */
const aboutOwner = (scene: Scene, role: Role, { method, path }: Route): Promise<Outcome> =>
  scene.http(scene.account(role), method, path.replace(':username', scene.accounts.owner.username));

/** The route about a fresh person (`:username`; disabled first if `disabled`), who is the owner in this row. */
const aboutSpare =
  (disabled: boolean) =>
  async (scene: Scene, role: Role, { method, path }: Route): Promise<Outcome> => {
    const spare = (await scene.expendable('person')) as Account;
    if (disabled) await scene.server.users.update(spare.username, { disabled: true });
    return scene.http(
      role === 'owner' ? spare : scene.account(role),
      method,
      path.replace(':username', spare.username),
    );
  };

/** Every HTTP route, `METHOD /path` as its router declares it. */
const HTTP_ROWS: Record<string, Row> = {
  'GET /healthz': { expect: anyone('200'), act: own() },
  'GET /readyz': { expect: anyone('200'), act: own() },
  // For Prometheus with the operator's token (METRICS_TOKEN), which no session stands in for, an admin's neither.
  'GET /metrics': { expect: anyone('401 UNAUTHENTICATED'), act: own() },
  'POST /api/auth/register': {
    expect: anyone('201'),
    act: (scene, role, route) => own({ username: `newcomer-${++made}`, password: PASSWORD })(scene, role, route),
  },
  'POST /api/auth/login': {
    // With the role's own password (anonymous: the person's): a disabled account cannot log in again.
    expect: { ...anyone('200'), disabled: '403 ACCOUNT_DISABLED' },
    act: (scene, role, route) => own({ username: scene.username(role), password: PASSWORD })(scene, role, route),
  },
  'POST /api/auth/logout': { expect: loggedIn('204'), act: spending() },
  'GET /api/auth/me': { expect: loggedIn('200'), act: own() },
  'POST /api/auth/password': {
    expect: loggedIn('204'),
    act: spending({ currentPassword: PASSWORD, newPassword: 'another long password' }),
  },
  'GET /api/admin/users': { expect: adminOnly('200'), act: own() },
  // The owner is the person named: nobody but an administrator disables them, nor can they re-enable themselves.
  'POST /api/admin/users/:username/disable': { expect: adminOnly('200'), act: aboutSpare(false) },
  'POST /api/admin/users/:username/enable': {
    expect: { ...adminOnly('200'), owner: NO_SESSION },
    act: aboutSpare(true),
  },
  'GET /api/users': { expect: loggedIn('200'), act: own() },
  'GET /api/users/:username': { expect: loggedIn('200'), act: aboutOwner },
  'GET /api/users/:username/avatar': {
    expect: loggedIn('200'),
    act: async (scene, role, route) => {
      await scene.giveOwnerAnAvatar(); // whatever DELETE /api/profile/avatar did
      return aboutOwner(scene, role, route);
    },
  },
  'PATCH /api/profile': { expect: loggedIn('200'), act: own({ about: 'Checking who may do what.' }) },
  'PUT /api/profile/avatar': {
    expect: loggedIn('200'),
    act: (scene, role, route) => own(avatarForm())(scene, role, route),
  },
  'DELETE /api/profile/avatar': { expect: loggedIn('204'), act: own() },
  'POST /api/rooms': { expect: loggedIn('201'), act: own({ name: 'A room of my own' }) },
  'GET /api/rooms': { expect: loggedIn('200'), act: own() },
  'GET /api/rooms/:id': { expect: loggedIn('200'), act: aboutRoom() },
  // With the owner: a new conversation for everyone else; the owner is refused a conversation with themself.
  'POST /api/conversations': {
    expect: { ...loggedIn('201'), owner: '400 INVALID' },
    act: (scene, role, route) => own({ username: scene.accounts.owner.username })(scene, role, route),
  },
  // Each person's own list (with whom only); nobody can ask for another's.
  'GET /api/conversations': { expect: loggedIn('200'), act: own() },
  'GET /api/blocks': { expect: loggedIn('200'), act: own() },
  // About a fresh person, whom the role blocks or unblocks; as the owner row, that person themself (refused).
  'PUT /api/blocks/:username': { expect: { ...loggedIn('200'), owner: '400 INVALID' }, act: aboutSpare(false) },
  'DELETE /api/blocks/:username': { expect: { ...loggedIn('200'), owner: '400 INVALID' }, act: aboutSpare(false) },
  'PATCH /api/rooms/:id': { expect: ownerOrAdmin('200'), act: aboutRoom({ name: 'Renamed', topic: 'New topic' }) },
  'DELETE /api/rooms/:id': { expect: ownerOrAdmin('204'), act: aboutRoom() },
};

/** An event about a fresh room: `payload` is built from it, and the owner and other emit from their tab in it. */
const inRoom =
  (event: string, payload: (room: SceneRoom, role: Role, scene: Scene) => unknown) =>
  async (scene: Scene, role: Role): Promise<Outcome> => {
    const room = await scene.room();
    return scene.emit(role, event, payload(room, role, scene), room);
  };

/** Every event a client may emit (a missing one is a type error as well as a failure below). */
const EVENT_ROWS: Record<(typeof CLIENT_EVENTS)[number], Row> = {
  // Any open room is open to anyone logged in.
  'room:join': { expect: connected('ok'), act: inRoom('room:join', (room) => ({ roomId: room.id })) },
  'room:leave': { expect: inTheRoom('ok', 'NOT_MEMBER'), act: inRoom('room:leave', (room) => ({ roomId: room.id })) },
  // To the owner's tab (the owner's own signal goes to the other person's): only members talk to members.
  signal: {
    expect: inTheRoom('ok', 'FORBIDDEN'),
    act: inRoom('signal', (room, role) => ({
      roomId: room.id,
      to: role === 'owner' ? room.peers.other : room.peers.owner,
      data: { type: 'offer', sdp: 'v=0' },
    })),
  },
  // Members invite the (online) person; outsiders, even administrators, cannot invite anyone into it.
  invite: {
    expect: inTheRoom('ok', 'FORBIDDEN'),
    act: inRoom('invite', (room, role, scene) => ({
      roomId: room.id,
      username: (role === 'owner' || role === 'other' ? scene.accounts.person : scene.accounts.owner).username,
    })),
  },
  // Only the two people of a conversation may flag messages waiting in it (the owner's and the other's).
  'conversation:pending': {
    expect: inTheRoom('ok', 'FORBIDDEN'),
    act: async (scene, role) =>
      scene.emit(role, 'conversation:pending', { roomId: await scene.conversation(), pending: true }),
  },
  // In their conversation, either of its two people tells the other; nobody else, even an administrator, can.
  'conversation:invite': {
    expect: inTheRoom('ok', 'FORBIDDEN'),
    act: async (scene, role) => {
      const conversation = await scene.inConversation();
      return scene.emit(role, 'conversation:invite', { roomId: conversation.id }, conversation);
    },
  },
  'lobby:watch': { expect: connected('ok'), act: (scene, role) => scene.emit(role, 'lobby:watch', {}) },
  'lobby:unwatch': { expect: connected('ok'), act: (scene, role) => scene.emit(role, 'lobby:unwatch', {}) },
  // Anyone with a socket may ask for fresh ICE servers (their own TURN credentials).
  'ice:servers': { expect: connected('ok'), act: (scene, role) => scene.emit(role, 'ice:servers', {}) },
};

describe('authorization', () => {
  let scene: Scene;
  before(async () => {
    scene = await Scene.start();
  });
  after(() => scene?.stop());

  /** Asks as each role in turn; every outcome must be the table's. */
  async function check(name: string, row: Row, route: Route): Promise<string> {
    const actual = {} as Expect;
    for (const role of ROLES) {
      actual[role] = await row.act(scene, role, route);
      await scene.endCell();
    }
    assert.deepEqual(actual, row.expect, `${name}: what each role got differs from the table`);
    return `${name}: ${ROLES.map((role) => `${role} ${actual[role]}`).join(', ')}`;
  }

  it('has a row for every route and every event, and none for a route that is gone', () => {
    const routes = [...API_ROUTES, ...APP_ROUTES].map(({ method, path }) => `${method} ${path}`);
    const missing = routes.filter((route) => !(route in HTTP_ROWS));
    assert.deepEqual(missing, [], `routes with no row in HTTP_ROWS (say what each role gets): ${missing.join(', ')}`);
    const gone = Object.keys(HTTP_ROWS).filter((route) => !routes.includes(route));
    assert.deepEqual(gone, [], `rows for routes no router declares: ${gone.join(', ')}`);
    const unlisted = CLIENT_EVENTS.filter((event) => !(event in EVENT_ROWS));
    assert.deepEqual(unlisted, [], `events with no row in EVENT_ROWS: ${unlisted.join(', ')}`);
  });

  describe('HTTP routes', () => {
    for (const [name, row] of Object.entries(HTTP_ROWS)) {
      const [method, path] = name.split(' ') as [string, string];
      it(`${name} answers each role as the table says`, async (t) => {
        t.diagnostic(await check(name, row, { method, path }));
      });
    }
  });

  describe('socket events', () => {
    for (const [event, row] of Object.entries(EVENT_ROWS)) {
      it(`${event} answers each role as the table says`, async (t) => {
        t.diagnostic(await check(event, row, { method: 'EMIT', path: event }));
      });
    }
  });
});
