import type { Member, PeerId, RoomId, UserSummary } from '../../shared/protocol.ts';

/**
 * Who is live in which room right now: peers (one per browser tab) and who is online. In memory for one process;
 * a Redis implementation lets several signal-server processes share it without touching the handlers, which is why
 * every method is async.
 */
export interface PresenceStore {
  /**
   * Adds a peer, answering the peers present before it; `full` when it would be a person beyond `caps.people`
   * (a person's extra tabs take nobody's place), `too-many-tabs` when its person already has `caps.tabsPerPerson`.
   */
  joinPeer(roomId: RoomId, member: Member, caps: RoomCaps): Promise<JoinPeerResult>;
  /** Removes a peer; says whether its person still has another tab in the room. */
  leavePeer(roomId: RoomId, peerId: PeerId): Promise<{ member: Member; personStillHere: boolean } | undefined>;
  /** Current peers of a room, in joining order. */
  peers(roomId: RoomId): Promise<Member[]>;
  /** The peer, if it is in the room. */
  peer(roomId: RoomId, peerId: PeerId): Promise<Member | undefined>;
  /** Rooms a peer is in. */
  roomsOfPeer(peerId: PeerId): Promise<RoomId[]>;
  /** Empties a room (it was deleted); answers who was there. */
  clearRoom(roomId: RoomId): Promise<Member[]>;
  /** Replaces a person's summary (new name or picture) on all their peers; answers the rooms they are in. */
  updateUser(user: UserSummary): Promise<RoomId[]>;
  /**
   * A socket of this person connects, unless they already have `cap` (then nothing changes); answers whether it
   * was counted. Someone with any socket is online.
   */
  connected(username: string, cap: number): Promise<boolean>;
  /** A counted socket of this person is gone. */
  disconnected(username: string): Promise<void>;
  isOnline(username: string): Promise<boolean>;
  /**
   * Peers held by a signal-server process that died (shared stores only), each answered to exactly one caller, who
   * lets them go. A single process has none.
   */
  orphans(): Promise<{ roomId: RoomId; peerId: PeerId }[]>;
  /**
   * Writes again what this process holds, in case a shared store lost it (Redis restarted empty): its sockets per
   * person, its peers in their rooms. Idempotent; a peer is put back whatever the room's caps (it was admitted).
   * Memory is never lost while the process runs: a single process has nothing to do.
   */
  restore(held: Holdings): Promise<void>;
}

/** What one process holds: sockets per person, and its peers with their rooms. */
export interface Holdings {
  sockets: Map<string, number>;
  peers: { roomId: RoomId; member: Member }[];
}

/** How many may be in one room: distinct people, and tabs of one person. */
export interface RoomCaps {
  people: number;
  tabsPerPerson: number;
}

export type JoinPeerResult = { peersBefore: Member[] } | 'full' | 'too-many-tabs';

/** PresenceStore for a single process. */
export class MemoryPresenceStore implements PresenceStore {
  readonly #rooms = new Map<RoomId, Map<PeerId, Member>>();
  readonly #roomsOfPeer = new Map<PeerId, Set<RoomId>>();
  readonly #sockets = new Map<string, number>();

  async joinPeer(roomId: RoomId, member: Member, caps: RoomCaps): Promise<JoinPeerResult> {
    const room = this.#rooms.get(roomId) ?? new Map<PeerId, Member>();
    const peersBefore = [...room.values()].filter((m) => m.peerId !== member.peerId);
    if (!room.has(member.peerId)) {
      const { username } = member.user;
      const tabs = peersBefore.filter((m) => m.user.username === username).length;
      if (tabs >= caps.tabsPerPerson) return 'too-many-tabs';
      const people = new Set(peersBefore.map((m) => m.user.username));
      if (tabs === 0 && people.size >= caps.people) return 'full';
    }
    room.set(member.peerId, member);
    this.#rooms.set(roomId, room);
    const rooms = this.#roomsOfPeer.get(member.peerId) ?? new Set();
    this.#roomsOfPeer.set(member.peerId, rooms.add(roomId));
    return { peersBefore };
  }

  async leavePeer(roomId: RoomId, peerId: PeerId): Promise<{ member: Member; personStillHere: boolean } | undefined> {
    const room = this.#rooms.get(roomId);
    const member = room?.get(peerId);
    if (!room || !member) return undefined;
    room.delete(peerId);
    if (room.size === 0) this.#rooms.delete(roomId);
    this.#forget(peerId, roomId);
    const personStillHere = [...room.values()].some((m) => m.user.username === member.user.username);
    return { member, personStillHere };
  }

  async peers(roomId: RoomId): Promise<Member[]> {
    return [...(this.#rooms.get(roomId)?.values() ?? [])];
  }

  async peer(roomId: RoomId, peerId: PeerId): Promise<Member | undefined> {
    return this.#rooms.get(roomId)?.get(peerId);
  }

  async roomsOfPeer(peerId: PeerId): Promise<RoomId[]> {
    return [...(this.#roomsOfPeer.get(peerId) ?? [])];
  }

  async clearRoom(roomId: RoomId): Promise<Member[]> {
    const members = [...(this.#rooms.get(roomId)?.values() ?? [])];
    this.#rooms.delete(roomId);
    for (const m of members) this.#forget(m.peerId, roomId);
    return members;
  }

  async updateUser(user: UserSummary): Promise<RoomId[]> {
    const rooms: RoomId[] = [];
    for (const [roomId, peers] of this.#rooms) {
      for (const [peerId, member] of peers) {
        if (member.user.username !== user.username) continue;
        peers.set(peerId, { ...member, user });
        if (!rooms.includes(roomId)) rooms.push(roomId);
      }
    }
    return rooms;
  }

  async connected(username: string, cap: number): Promise<boolean> {
    const count = this.#sockets.get(username) ?? 0;
    if (count >= cap) return false;
    this.#sockets.set(username, count + 1);
    return true;
  }

  async disconnected(username: string): Promise<void> {
    const left = (this.#sockets.get(username) ?? 0) - 1;
    if (left > 0) this.#sockets.set(username, left);
    else this.#sockets.delete(username);
  }

  async isOnline(username: string): Promise<boolean> {
    return this.#sockets.has(username);
  }

  async orphans(): Promise<{ roomId: RoomId; peerId: PeerId }[]> {
    return [];
  }

  async restore(): Promise<void> {}

  #forget(peerId: PeerId, roomId: RoomId): void {
    const rooms = this.#roomsOfPeer.get(peerId);
    rooms?.delete(roomId);
    if (rooms?.size === 0) this.#roomsOfPeer.delete(peerId);
  }
}
