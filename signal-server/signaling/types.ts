import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, RoomId, ServerToClientEvents, UserSummary } from '../../shared/protocol.ts';

/** What the server keeps on each socket; filled by the handshake middleware. */
export interface SocketData {
  user: UserSummary;
  /** The login session this socket belongs to (logout cuts its sockets). */
  sessionId: string;
  peerId: string;
  /** The same tab came back on a newer socket: this one ends without leaving its rooms. */
  replaced?: boolean;
}

/** What one signal-server process tells the others (through socket.io's shared adapter). */
interface InterServerEvents {
  /** A person's new name or picture, for the sockets each process holds. */
  'user:changed': (user: UserSummary) => void;
}

export type DialogServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type DialogSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** The socket.io room every socket of one peer joins, so relays work across processes. */
export const peerChannel = (peerId: string): string => `peer:${peerId}`;
/** Every socket of one login session. */
export const sessionChannel = (sessionId: string): string => `session:${sessionId}`;
/** Every socket of one person. */
export const userChannel = (username: string): string => `user:${username}`;
/** Sockets watching the lobby's room list. */
export const LOBBY_CHANNEL = 'lobby';
/** The socket.io room for a Dialog room's members. */
export const roomChannel = (roomId: RoomId): string => `room:${roomId}`;
/** The Dialog room a socket.io room is the channel of, if it is one. */
export const roomOfChannel = (channel: string): RoomId | undefined =>
  channel.startsWith('room:') ? channel.slice('room:'.length) : undefined;
