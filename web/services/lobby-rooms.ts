import { LIMITS, type LobbyChanged, lobbyOrder, type RoomId, type RoomListing } from '../../shared/protocol.ts';

/** Pushes kept while waiting for a first list (one per ~50 ms of changes on the server: several seconds' worth). */
const MAX_HELD = 200;

/**
 * The lobby's rooms as this page knows them: the server's first list, then each pushed change applied to it. Pushes
 * that arrive before the first list are held and applied after it (each carries rooms as they were when it was
 * sent, so applying them in order ends at the server's state). At most `max` rooms are kept, the busiest first.
 */
export class LobbyRooms {
  readonly #max: number;
  readonly #rooms = new Map<RoomId, RoomListing>();
  #held: LobbyChanged[] | undefined = [];
  #sorted: RoomListing[] | undefined;
  #more = false;

  /** `max`: rooms kept and shown. Default LIMITS.lobbyRooms, the most the server lists. */
  constructor(max: number = LIMITS.lobbyRooms) {
    this.#max = max;
  }

  /** The rooms in lobby order, or undefined until the first list arrived. */
  get rooms(): RoomListing[] | undefined {
    return this.#sorted;
  }

  /** More rooms are open than are listed (the list shows the busiest). */
  get more(): boolean {
    return this.#more;
  }

  /** A new first list was asked for: pushes are held until it comes (the rooms shown stay until then). */
  hold(): void {
    this.#held ??= [];
  }

  /** Forgets everything: pushes are held again until the next first list. */
  reset(): void {
    this.#rooms.clear();
    this.#held = [];
    this.#sorted = undefined;
    this.#more = false;
  }

  /** The first list, and how many rooms are open in all; then the pushes that came before it. */
  load(rooms: RoomListing[], total: number): void {
    const held = this.#held ?? [];
    this.#rooms.clear();
    for (const room of rooms) this.#rooms.set(room.id, room);
    this.#more = total > rooms.length;
    this.#held = undefined;
    for (const change of held) this.#apply(change);
    this.#settle();
  }

  /** A pushed change: rooms added or updated (both as they are now) and rooms gone. */
  apply(change: LobbyChanged): void {
    if (this.#held) {
      // Bounded: a first list that never comes (a failed watch) must not make the page hoard pushes.
      if (this.#held.push(change) > MAX_HELD) this.#held.shift();
      return;
    }
    this.#apply(change);
    this.#settle();
  }

  #apply({ added, updated, removed }: LobbyChanged): void {
    // An update for a room not listed yet adds it: the first list is capped, so it may simply not have been in it.
    for (const room of [...added, ...updated]) this.#rooms.set(room.id, room);
    for (const id of removed) this.#rooms.delete(id);
  }

  /** Sorts, and keeps only the busiest `max`. */
  #settle(): void {
    const sorted = [...this.#rooms.values()].sort(lobbyOrder);
    for (const room of sorted.slice(this.#max)) this.#rooms.delete(room.id);
    if (sorted.length > this.#max) this.#more = true;
    this.#sorted = sorted.slice(0, this.#max);
  }
}
