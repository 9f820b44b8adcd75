import { RateLimiterMemory } from 'rate-limiter-flexible';
import {
  blockRefusal,
  type ClientEvent,
  type ClientRequest,
  type ClientResult,
  clientEvents,
  describeIssues,
  failure,
  type Member,
} from '../../shared/protocol.ts';
import type { BlockStore } from '../blocks/block-store.ts';
import { describeError, type Logger } from '../log.ts';
import type { Counters } from '../metrics.ts';
import type { PresenceStore } from '../presence/presence-store.ts';
import type { RateLimiterFactory } from '../rate-limiters.ts';
import { listingMayEnter, PRIVATE_CONVERSATION } from '../rooms/direct-rooms.ts';
import type { PendingStore } from '../rooms/pending-store.ts';
import type { RoomService } from '../rooms/room-service.ts';
import { type IceOptions, iceServersFor } from './ice-servers.ts';
import type { PeerTabs } from './peer-tabs.ts';
import {
  type DialogServer,
  type DialogSocket,
  LOBBY_CHANNEL,
  peerChannel,
  roomChannel,
  sessionChannel,
  userChannel,
} from './types.ts';

export interface SignalingOptions {
  /** ICE servers handed to browsers in the join ack and on `ice:servers` (TURN credentials per person). */
  ice: IceOptions;
  /** Joins per socket per 10 s (room:join, ice:servers, lobby:watch, conversation:pending together). Default 20. */
  joinsPer10s?: number;
  /** Signals per socket per second (a 16-peer mesh setup sends a few hundred). Default 200. */
  signalsPerSecond?: number;
  /** Invitations per person (all their tabs together) per 10 s. Default 10. */
  invitesPer10s?: number;
}

export interface SignalingDeps {
  io: DialogServer;
  presence: PresenceStore;
  rooms: RoomService;
  /** Who has blocked whom: no invitation and no conversation signal passes between a blocked pair. */
  blocks: BlockStore;
  /** Who has messages waiting for whom in a conversation (a flag, never the messages). */
  pending: PendingStore;
  /** Which socket holds each peer id; lost peers keep their place for a grace. */
  tabs: PeerTabs;
  /** Makes the limiters shared by every process (per person); per-socket ones stay in memory. */
  rateLimiter: RateLimiterFactory;
  counters: Counters;
  log: Logger;
}

type Ack = (result: unknown) => void;
type Limiter = { consume(key: string): Promise<unknown> };
/** A rate limit on one event: the limiter, the key it counts under, and what a refused sender is told. */
interface Limit {
  limiter: Limiter;
  key(socket: DialogSocket): string;
  message: string;
}

/** What one client event of the wire table does: a rate limit, then the work, answering the table's result type. */
interface Route<E extends ClientEvent> {
  limit?: Limit;
  run(socket: DialogSocket, payload: ClientRequest<E>): Promise<ClientResult<E>>;
}
type Routes = { [E in ClientEvent]: Route<E> };

/** Requests of the join kind one socket may make per 10 s unless configured otherwise. */
export const DEFAULT_JOINS_PER_10S = 20;

/**
 * Creates the limiters once per server. Joins and signals are counted per socket, in this process; invitations per
 * person, by `shared` (shared by every process), so that more tabs buy nobody more invitations to send.
 */
function signalingLimits(options: SignalingOptions, shared: RateLimiterFactory) {
  const perTab = (limiter: Limiter): Limit => ({
    limiter,
    key: (socket) => socket.id,
    message: 'Slow down: too many requests from this tab.',
  });
  const perPerson = (limiter: Limiter): Limit => ({
    limiter,
    key: (socket) => socket.data.user.username,
    message: 'Slow down: too many invitations; try again in a few seconds.',
  });
  const points = (prefix: string, per: number, seconds: number) =>
    new RateLimiterMemory({ keyPrefix: prefix, points: per, duration: seconds });
  return {
    joins: perTab(points('join', options.joinsPer10s ?? DEFAULT_JOINS_PER_10S, 10)),
    signals: perTab(points('signal', options.signalsPerSecond ?? 200, 1)),
    invites: perPerson(shared({ keyPrefix: 'invite', points: options.invitesPer10s ?? 10, duration: 10 })),
  };
}

/** The socket's tab as a room member; read on each use: a profile change replaces the user summary while it lives. */
const memberOf = (socket: DialogSocket): Member => ({ peerId: socket.data.peerId, user: socket.data.user });

/** What each client event does, once per server: every socket shares these (a socket holds no closures of its own). */
function signalingRoutes(deps: SignalingDeps, options: SignalingOptions): Routes {
  const { io, presence, rooms, blocks, pending } = deps;
  const limits = signalingLimits(options, deps.rateLimiter);
  return {
    'room:join': {
      limit: limits.joins,
      async run(socket, { roomId, resume }) {
        const member = memberOf(socket);
        const joined = await rooms.join(roomId, member, resume);
        if (!joined.ok) return joined;
        await socket.join(roomChannel(roomId));
        return {
          ok: true as const,
          room: joined.room,
          self: member,
          peers: joined.peersBefore,
          iceServers: iceServersFor(options.ice, member.user.username),
        };
      },
    },

    'ice:servers': {
      limit: limits.joins,
      run: async (socket) => ({ ok: true as const, iceServers: iceServersFor(options.ice, socket.data.user.username) }),
    },

    'room:leave': {
      async run(socket, { roomId }) {
        await socket.leave(roomChannel(roomId));
        if (!(await rooms.leave(roomId, socket.data.peerId, true)))
          return failure('NOT_MEMBER', 'You are not in this room.');
        return { ok: true as const };
      },
    },

    signal: {
      limit: limits.signals,
      async run(socket, { roomId, to, data }) {
        const { peerId, user } = socket.data;
        const [sender, recipient] = await Promise.all([presence.peer(roomId, peerId), presence.peer(roomId, to)]);
        if (!sender) return failure('FORBIDDEN', 'You are not in this room.');
        if (!recipient) return failure('FORBIDDEN', 'That peer is not in this room.');
        const other = recipient.user;
        if (other.username !== user.username) {
          // A blocked pair still meets in shared rooms (the blocker's page drops their personal messages), never alone.
          const relation = await blocks.relation(user.username, other.username);
          if (relation !== 'none' && (await rooms.get(roomId))?.kind === 'direct')
            return failure('FORBIDDEN', blockRefusal(relation, other.displayName));
        }
        io.to(peerChannel(to)).emit('signal', { roomId, from: peerId, fromUser: user, data });
        deps.counters.signalRelayed();
        return { ok: true as const };
      },
    },

    invite: {
      limit: limits.invites,
      async run(socket, { roomId, username: target }) {
        const { username } = socket.data.user;
        if (!(await presence.peer(roomId, socket.data.peerId)))
          return failure('FORBIDDEN', 'Invite people into a room you are in.');
        const room = await rooms.get(roomId);
        if (!room) return failure('NOT_FOUND', 'This room no longer exists.');
        const who = target.toLowerCase();
        if (!listingMayEnter(room, who)) return failure('FORBIDDEN', PRIVATE_CONVERSATION);
        const relation = await blocks.relation(username, who);
        if (relation !== 'none') return failure('FORBIDDEN', blockRefusal(relation, who));
        if (!(await presence.isOnline(who))) return failure('NOT_FOUND', 'That person is not online.');
        io.to(userChannel(who)).emit('invite', { from: socket.data.user, room: { id: room.id, name: room.name } });
        return { ok: true as const };
      },
    },

    'conversation:pending': {
      limit: limits.joins,
      async run(socket, { roomId, pending: waiting }) {
        const { username } = socket.data.user;
        const room = await rooms.get(roomId);
        if (room?.kind !== 'direct') return failure('NOT_FOUND', 'No such conversation.');
        if (!listingMayEnter(room, username)) return failure('FORBIDDEN', PRIVATE_CONVERSATION);
        const other = room.people?.find((p) => p.username !== username);
        if (!other) return failure('NOT_FOUND', 'No such conversation.');
        if (!waiting) {
          await pending.clear(username, other.username);
          return { ok: true as const };
        }
        const relation = await blocks.relation(username, other.username);
        if (relation !== 'none') return failure('FORBIDDEN', blockRefusal(relation, other.displayName));
        await pending.set({ from: username, to: other.username, roomId });
        io.to(userChannel(other.username)).emit('conversation:knock', { roomId, from: socket.data.user });
        return { ok: true as const };
      },
    },

    'conversation:invite': {
      limit: limits.invites,
      async run(socket, { roomId }) {
        const { username } = socket.data.user;
        const room = await rooms.get(roomId);
        if (!room) return failure('NOT_FOUND', 'This conversation no longer exists.');
        if (!listingMayEnter(room, username)) return failure('FORBIDDEN', PRIVATE_CONVERSATION);
        const other = room.kind === 'direct' ? room.people?.find((p) => p.username !== username) : undefined;
        if (!other)
          return failure('INVALID', 'Only a conversation of two has someone to ask; invite people into a room.');
        if (!(await presence.peer(roomId, socket.data.peerId)))
          return failure('FORBIDDEN', 'Open the conversation first.');
        const relation = await blocks.relation(username, other.username);
        if (relation !== 'none') return failure('FORBIDDEN', blockRefusal(relation, other.displayName));
        if (!(await presence.isOnline(other.username)))
          return failure('NOT_FOUND', `${other.displayName} is not online.`);
        io.to(userChannel(other.username)).emit('conversation:invite', { roomId, from: socket.data.user });
        return { ok: true as const };
      },
    },

    'lobby:watch': {
      limit: limits.joins,
      async run(socket) {
        // Join first, then read: no change is lost between the list and the pushes (the page applies pushes after it).
        await socket.join(LOBBY_CHANNEL);
        return { ok: true as const, ...(await rooms.list()) };
      },
    },

    'lobby:unwatch': {
      async run(socket) {
        await socket.leave(LOBBY_CHANNEL);
        return { ok: true as const };
      },
    },
  };
}

/**
 * Answers one client event from the table: validates the payload against the wire table's schema, applies the
 * event's rate limit, runs its route, and always answers the ack; a thrown error becomes INTERNAL and is logged,
 * never sent. An event the table does not know is ignored.
 */
async function answer(
  routes: Routes,
  { log, counters }: Pick<SignalingDeps, 'log' | 'counters'>,
  socket: DialogSocket,
  event: string,
  args: unknown[],
) {
  if (!Object.hasOwn(routes, event)) return;
  const route = routes[event as ClientEvent] as Route<ClientEvent>;
  // A client may send anything (no payload, no ack, a function for the payload).
  const last = args[args.length - 1];
  const ack: Ack = typeof last === 'function' ? (last as Ack) : () => {};
  // Parsing is inside the try too: whatever a schema throws on hostile input costs this event, not the process.
  try {
    const parsed = clientEvents[event as ClientEvent].payload.safeParse(
      typeof args[0] === 'function' ? undefined : args[0],
    );
    if (!parsed.success) return ack(failure('INVALID', describeIssues(parsed.error)));
    const { limit } = route;
    if (
      limit &&
      !(await limit.limiter.consume(limit.key(socket)).then(
        () => true,
        () => false,
      ))
    ) {
      counters.rateLimited('socket');
      return ack(failure('RATE_LIMITED', limit.message));
    }
    ack(await route.run(socket, parsed.data as ClientRequest<ClientEvent>));
  } catch (err) {
    log.error('socket handler failed', { event, error: describeError(err) });
    ack(failure('INTERNAL', 'Something went wrong on the server.'));
  }
}

/**
 * Room membership, the lobby feed and signal relay: answers `attach(socket)` for each socket that comes up. The
 * routes and the two listeners are made once here; socket.io calls a listener with its socket as `this`, so each
 * socket only holds references to them (thousands of idle sockets cost no closures each).
 */
export function signaling(deps: SignalingDeps, options: SignalingOptions): (socket: DialogSocket) => void {
  const { io, presence, rooms, tabs, log } = deps;
  const routes = signalingRoutes(deps, options);

  function onEvent(this: DialogSocket, event: string, ...args: unknown[]): void {
    void answer(routes, deps, this, event, args); // never rejects: answer catches, logs and answers INTERNAL
  }

  // At `disconnecting`, not `disconnect`: the socket is still in its rooms' channels, which a lost peer keeps.
  function onDisconnecting(this: DialogSocket, reason: string): void {
    const { id } = this;
    const { peerId } = this.data;
    // Retried by PeerTabs until it succeeds; a peer already gone from a room is not left (nor announced) twice.
    tabs.release(this, reason, async () => {
      // The page may be back already on another socket, here or on another process (PeerTabs knows only this one's
      // sockets): then it stays.
      const sockets = await io.in(peerChannel(peerId)).fetchSockets();
      if (sockets.some((s) => s.id !== id)) return;
      const roomIds = await presence.roomsOfPeer(peerId);
      await Promise.all(roomIds.map((roomId) => rooms.leave(roomId, peerId, false)));
    });
  }

  return (socket) => {
    tabs.claim(socket);
    // Counted online (and against the socket cap) by connectionCap, before this socket came up.
    socket.join([
      peerChannel(socket.data.peerId),
      sessionChannel(socket.data.sessionId),
      userChannel(socket.data.user.username),
    ]);
    socket.onAny(onEvent);
    socket.on('disconnecting', onDisconnecting);
    knockForWaiting(socket, deps).catch((err: unknown) =>
      log.error('could not tell a newcomer who waits for them', { error: describeError(err) }),
    );
  };
}

/**
 * Tells a socket that just came up who has messages waiting for its person, one knock per conversation, so its page
 * connects and they arrive. A flag whose conversation is gone, or whose pair is blocked now, is dropped instead.
 */
async function knockForWaiting(socket: DialogSocket, deps: SignalingDeps): Promise<void> {
  const { username } = socket.data.user;
  for (const flag of await deps.pending.toward(username)) {
    const room = await deps.rooms.get(flag.roomId);
    const from = room?.people?.find((p) => p.username === flag.from);
    if (!from || (await deps.blocks.relation(username, flag.from)) !== 'none') {
      await deps.pending.clear(flag.from, username);
      continue;
    }
    socket.emit('conversation:knock', { roomId: flag.roomId, from });
  }
}
