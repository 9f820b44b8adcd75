import type * as z from 'zod/mini';
import {
  describeIssues,
  type Failure,
  failure,
  type IceServer,
  type Member,
  type RoomId,
  roomJoinSchema,
  roomLeaveSchema,
  signalSendSchema,
} from '../../shared/protocol.ts';
import type { Logger } from '../log.ts';
import type { PresenceStore } from '../presence/presence-store.ts';
import {
  type DialogServer,
  type DialogSocket,
  peerChannel,
  roomChannel,
  sessionChannel,
  userChannel,
} from './types.ts';

export interface SignalingOptions {
  /** Handed to browsers in the join ack. Default: none (host candidates only). */
  iceServers: IceServer[];
  /** Peers per room. */
  maxMembers: number;
}

interface Deps {
  io: DialogServer;
  presence: PresenceStore;
  log: Logger;
}

type Ack = (result: unknown) => void;

/**
 * Registers one event: validates the payload against `schema`, runs `handler`, and always answers the ack with
 * a result; a thrown error becomes INTERNAL and is logged, never sent.
 */
function handle<S extends z.ZodMiniType, R>(
  socket: DialogSocket,
  log: Logger,
  event: string,
  schema: S,
  handler: (payload: z.infer<S>) => Promise<R | Failure>,
): void {
  (socket as unknown as { on(e: string, l: (...args: unknown[]) => void): void }).on(event, async (...args) => {
    const last = args[args.length - 1];
    const ack: Ack = typeof last === 'function' ? (last as Ack) : () => {};
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) return ack(failure('INVALID', describeIssues(parsed.error)));
    try {
      ack(await handler(parsed.data));
    } catch (err) {
      log.error('socket handler failed', { event, error: String((err as Error)?.stack ?? err) });
      ack(failure('INTERNAL', 'Something went wrong on the server.'));
    }
  });
}

/** Room membership and signal relay for one connected socket. */
export function registerSignaling(socket: DialogSocket, deps: Deps, options: SignalingOptions): void {
  const { io, presence, log } = deps;
  const self: Member = { peerId: socket.data.peerId, user: socket.data.user };
  socket.join([peerChannel(self.peerId), sessionChannel(socket.data.sessionId), userChannel(self.user.username)]);
  void presence.connected(self.user.username);

  const leave = async (roomId: RoomId): Promise<void> => {
    socket.data.rooms.delete(roomId);
    await socket.leave(roomChannel(roomId));
    const left = await presence.leave(roomId, self.peerId);
    if (left) io.to(roomChannel(roomId)).emit('room:member-left', { roomId, member: left });
  };

  handle(socket, log, 'room:join', roomJoinSchema, async ({ roomId }) => {
    const before = await presence.join(roomId, self, options.maxMembers);
    if (before === 'full') return failure('ROOM_FULL', `This room is full (${options.maxMembers} people).`);
    if (!socket.data.rooms.has(roomId)) {
      socket.data.rooms.add(roomId);
      socket.to(roomChannel(roomId)).emit('room:member-joined', { roomId, member: self });
      await socket.join(roomChannel(roomId));
    }
    return { ok: true as const, roomId, self, members: before, iceServers: options.iceServers };
  });

  handle(socket, log, 'room:leave', roomLeaveSchema, async ({ roomId }) => {
    if (!socket.data.rooms.has(roomId)) return failure('NOT_MEMBER', 'You are not in this room.');
    await leave(roomId);
    return { ok: true as const };
  });

  handle(socket, log, 'signal', signalSendSchema, async ({ roomId, to, data }) => {
    if (!socket.data.rooms.has(roomId)) return failure('FORBIDDEN', 'You are not in this room.');
    if (!(await presence.member(roomId, to))) return failure('FORBIDDEN', 'That peer is not in this room.');
    io.to(peerChannel(to)).emit('signal', { roomId, from: self.peerId, fromUser: self.user, data });
    return { ok: true as const };
  });

  socket.on('disconnect', () => {
    void presence.disconnected(self.user.username);
    for (const roomId of [...socket.data.rooms]) {
      leave(roomId).catch((err) => log.error('leave on disconnect failed', { roomId, error: String(err) }));
    }
  });
}
