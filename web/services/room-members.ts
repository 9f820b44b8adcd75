import type { Member, PeerId, UserSummary } from '../../shared/protocol.ts';
import { ERR_FLOODING, type PeerState } from './mesh.ts';

/** A member with the state of our connection to them. */
export interface RoomPeer extends Member {
  connection: PeerState | 'self';
  /** They send faster than we take messages: some of theirs were dropped. */
  tooFast?: boolean;
  /** How the open connection runs (its selected candidate pair); unknown until read. */
  route?: Route;
  /** The connection failed and has not been open since: retries still show the failure, not "connecting…". */
  unreachable?: boolean;
  /** That failure was ours: we closed the connection because they flooded far past their limit. */
  cutOff?: boolean;
}

/** An open connection goes straight between the two browsers, or through the server's TURN relay. */
export type Route = 'direct' | 'relay';

/** A person in the room, however many tabs they have open. */
export interface RoomPerson {
  user: UserSummary;
  peerIds: PeerId[];
  /** Best state over their tabs: connected if any tab is. */
  connection: PeerState | 'self';
  /** One of their tabs sends faster than we take messages: some were dropped. */
  tooFast: boolean;
  /** We closed the connection to one of their tabs for flooding, and it has not been open since. */
  cutOff: boolean;
  /** How the connection to one of their connected tabs runs, once known. */
  route?: Route;
}

const RANK: Record<RoomPerson['connection'], number> = { self: 3, connected: 2, connecting: 1, failed: 0 };

/**
 * Who is in one room: this tab (`self`), every other tab (`peers`) with the state of our connection to it, and the
 * people those tabs belong to. Bookkeeping only: the room session tells it what the server and the mesh report, and
 * opens or drops the connections itself.
 */
export class RoomMembers {
  self: Member | undefined;
  readonly #peers = new Map<PeerId, RoomPeer>();

  /** Every other tab in the room, by peer id. */
  get peers(): ReadonlyMap<PeerId, RoomPeer> {
    return this.#peers;
  }

  /** Each person once, you first, then in order of arrival. */
  get people(): RoomPerson[] {
    const people = new Map<string, RoomPerson>();
    if (this.self)
      people.set(this.self.user.username, {
        user: this.self.user,
        peerIds: [this.self.peerId],
        connection: 'self',
        tooFast: false,
        cutOff: false,
      });
    for (const peer of this.#peers.values()) {
      const person = people.get(peer.user.username);
      const tooFast = peer.tooFast === true;
      const cutOff = peer.cutOff === true;
      const connection = peer.unreachable && peer.connection === 'connecting' ? 'failed' : peer.connection;
      if (!person) {
        people.set(peer.user.username, {
          user: peer.user,
          peerIds: [peer.peerId],
          connection,
          tooFast,
          cutOff,
          route: peer.connection === 'connected' ? peer.route : undefined,
        });
        continue;
      }
      person.peerIds.push(peer.peerId);
      person.tooFast ||= tooFast;
      person.cutOff ||= cutOff;
      if (peer.connection === 'connected') person.route ??= peer.route;
      if (RANK[connection] > RANK[person.connection]) person.connection = connection;
    }
    return [...people.values()];
  }

  /** A tab the server says is here (or that sent us a signal); false if it was known already. */
  arrived(member: Member): boolean {
    if (this.#peers.has(member.peerId)) return false;
    this.#peers.set(member.peerId, { ...member, connection: 'connecting' });
    return true;
  }

  /** A tab left the room. */
  left(peerId: PeerId): void {
    this.#peers.delete(peerId);
  }

  /** Forgets every other tab (entering afresh with a new peer id). */
  clear(): void {
    this.#peers.clear();
  }

  /**
   * The server's list after a rejoin: who is new (to connect to) and who is gone. Whom the server does not know and
   * we have no open channel to is gone; an open channel is proof enough.
   */
  reconcile(present: readonly Member[]): { arrived: PeerId[]; gone: PeerId[] } {
    const arrived = present.filter((member) => this.arrived(member)).map((member) => member.peerId);
    const here = new Set(present.map((member) => member.peerId));
    const gone = [...this.#peers.values()]
      .filter((peer) => !here.has(peer.peerId) && peer.connection !== 'connected')
      .map((peer) => peer.peerId);
    for (const peerId of gone) this.#peers.delete(peerId);
    return { arrived, gone };
  }

  /**
   * Our connection to a tab changed state (`error`: why it failed); a failure keeps showing through the retries until
   * one opens.
   */
  connection(peerId: PeerId, state: PeerState, error?: string): void {
    const peer = this.#peers.get(peerId);
    if (!peer) return;
    const unreachable = state === 'failed' || (state === 'connecting' && peer.unreachable === true);
    const cutOff = state === 'failed' ? error === ERR_FLOODING : unreachable && peer.cutOff === true;
    this.#peers.set(peerId, { ...peer, connection: state, route: undefined, unreachable, cutOff });
  }

  /** How the open connection to a tab runs, once read. */
  routed(peerId: PeerId, route: Route): void {
    const peer = this.#peers.get(peerId);
    if (peer?.connection === 'connected') this.#peers.set(peerId, { ...peer, route });
  }

  /** A tab started or stopped sending faster than we take its messages. */
  flooding(peerId: PeerId, flooding: boolean): void {
    const peer = this.#peers.get(peerId);
    if (peer) this.#peers.set(peerId, { ...peer, tooFast: flooding });
  }

  /** Someone here changed their name or picture. */
  userUpdated(user: UserSummary): void {
    if (this.self?.user.username === user.username) this.self = { ...this.self, user };
    for (const [peerId, peer] of this.#peers)
      if (peer.user.username === user.username) this.#peers.set(peerId, { ...peer, user });
  }
}
