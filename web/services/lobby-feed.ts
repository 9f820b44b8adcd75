import type { LobbyChanged, RoomListing } from '../../shared/protocol.ts';
import { Emitter } from './emitter.ts';
import { LobbyRooms } from './lobby-rooms.ts';
import type { SignalingConnection } from './signaling-connection.ts';

export interface LobbyFeedEvents extends Record<string, unknown> {
  change: undefined;
}

/**
 * The open rooms, live while a page watches them: the server's list, then each change it pushes. Watching again
 * after the socket came back starts from a fresh list.
 */
export class LobbyFeed extends Emitter<LobbyFeedEvents> {
  /** Why the list could not be had; '' when it could. */
  error = '';
  readonly #connection: SignalingConnection;
  readonly #rooms = new LobbyRooms();
  #watchers = 0;

  constructor(connection: SignalingConnection) {
    super();
    this.#connection = connection;
    connection.on('resumed', () => {
      if (this.#watchers > 0) void this.#watch();
    });
    connection.on('reset', () => {
      this.#rooms.reset();
      this.error = '';
      this.#changed();
    });
  }

  /** The open rooms, busiest first (undefined until the first answer). */
  get rooms(): RoomListing[] | undefined {
    return this.#rooms.rooms;
  }

  /** More rooms are open than `rooms` lists (it holds the busiest). */
  get more(): boolean {
    return this.#rooms.more;
  }

  /** Keeps `rooms` live (rooms opening, filling, emptying, changing, going) until the returned function is called. */
  watch(): () => void {
    this.#watchers++;
    if (this.#watchers === 1) void this.#watch();
    let watching = true;
    return () => {
      if (!watching) return;
      watching = false;
      this.#watchers--;
      if (this.#watchers === 0) void this.#connection.client?.unwatchLobby();
    };
  }

  /** A `lobby:changed` push. */
  changed(change: LobbyChanged): void {
    if (this.#watchers === 0) return;
    this.#rooms.apply(change);
    this.#changed();
  }

  async #watch(): Promise<void> {
    try {
      const signaling = await this.#connection.connect();
      this.#rooms.hold(); // pushes from here on wait for the list they change
      const result = await signaling.watchLobby();
      if (this.#watchers === 0) return;
      if (result.ok) {
        this.#rooms.load(result.rooms, result.total);
        this.error = '';
      } else this.error = result.message;
    } catch (err) {
      this.error = (err as Error).message;
    }
    this.#changed();
  }

  #changed(): void {
    this.emit('change', undefined);
  }
}
