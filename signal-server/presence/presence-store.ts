import type { Member, PeerId, RoomId } from '../../shared/protocol.ts';

/**
 * Who is live in which room right now. In memory for one process; a Redis implementation lets several
 * signal-server processes share it without touching the handlers. Methods are async for that reason.
 */
export interface PresenceStore {
  /** Adds a member unless the room already holds `cap` peers. Returns the members present before, or 'full'. */
  join(roomId: RoomId, member: Member, cap: number): Promise<Member[] | 'full'>;
  /** Removes a peer; returns it if it was there. */
  leave(roomId: RoomId, peerId: PeerId): Promise<Member | undefined>;
  /** Current members of a room, in joining order. */
  members(roomId: RoomId): Promise<Member[]>;
  /** The member record for a peer in a room, if it is a member. */
  member(roomId: RoomId, peerId: PeerId): Promise<Member | undefined>;
  /** A socket of this person connected / disconnected; someone with any socket is online. */
  connected(username: string): Promise<void>;
  disconnected(username: string): Promise<void>;
  isOnline(username: string): Promise<boolean>;
}

/** PresenceStore for a single process. */
export class MemoryPresenceStore implements PresenceStore {
  readonly #rooms = new Map<RoomId, Map<PeerId, Member>>();
  readonly #sockets = new Map<string, number>();

  async join(roomId: RoomId, member: Member, cap: number): Promise<Member[] | 'full'> {
    const room = this.#rooms.get(roomId) ?? new Map<PeerId, Member>();
    const before = [...room.values()].filter((m) => m.peerId !== member.peerId);
    if (!room.has(member.peerId) && room.size >= cap) return 'full';
    room.set(member.peerId, member);
    this.#rooms.set(roomId, room);
    return before;
  }

  async leave(roomId: RoomId, peerId: PeerId): Promise<Member | undefined> {
    const room = this.#rooms.get(roomId);
    const member = room?.get(peerId);
    if (!room || !member) return undefined;
    room.delete(peerId);
    if (room.size === 0) this.#rooms.delete(roomId);
    return member;
  }

  async members(roomId: RoomId): Promise<Member[]> {
    return [...(this.#rooms.get(roomId)?.values() ?? [])];
  }

  async member(roomId: RoomId, peerId: PeerId): Promise<Member | undefined> {
    return this.#rooms.get(roomId)?.get(peerId);
  }

  async connected(username: string): Promise<void> {
    this.#sockets.set(username, (this.#sockets.get(username) ?? 0) + 1);
  }

  async disconnected(username: string): Promise<void> {
    const left = (this.#sockets.get(username) ?? 0) - 1;
    if (left > 0) this.#sockets.set(username, left);
    else this.#sockets.delete(username);
  }

  async isOnline(username: string): Promise<boolean> {
    return this.#sockets.has(username);
  }
}
