import type {
  LobbyChanged,
  PeerId,
  RoomId,
  ServerEvent,
  ServerPayload,
  serverEvents,
  UserSummary,
} from '../../shared/protocol.ts';

/** The events a room's members hear about it: those the wire table addresses to a room. */
export type RoomEvent = {
  [E in ServerEvent]: (typeof serverEvents)[E]['to'] extends 'room' ? E : never;
}[ServerEvent];

/** The payload of a room event, as the wire declares it. */
export type RoomEventPayload<E extends RoomEvent> = ServerPayload<E>;

/**
 * How rooms tell people what happened, without knowing how they are connected: signaling implements it on
 * socket.io (signaling/socket-announcer.ts), and a test can implement it with an array.
 */
export interface RoomAnnouncer {
  /** Tells everyone in a room; with `exceptPeer`, everyone but that peer's own sockets. */
  toRoom<E extends RoomEvent>(roomId: RoomId, event: E, payload: RoomEventPayload<E>, exceptPeer?: PeerId): void;
  /** Tells the lobby's watchers what changed in the room list. */
  toLobby(changes: LobbyChanged): void;
  /** A person's live connections carry their new name and picture from now on. */
  userChanged(user: UserSummary): Promise<void>;
  /** Nobody's connection is in the room any more (it was deleted). */
  emptyRoom(roomId: RoomId): void;
}
