import type { LobbyChanged, RoomId, RoomListing } from '../../shared/protocol.ts';
import type { Logger } from '../log.ts';
import type { RoomAnnouncer } from './room-announcer.ts';

/** What happened to a room since the last push. */
export type LobbyChange = 'added' | 'updated' | 'removed';

export interface LobbyFeedDeps {
  announce: Pick<RoomAnnouncer, 'toLobby'>;
  log: Logger;
  /** The room as the lobby shows it now, or undefined if it is gone. */
  listing(roomId: RoomId): Promise<RoomListing | undefined>;
}

/**
 * Pushes lobby **changes** to watchers: the rooms added, updated and removed since the last push, coalesced over a
 * short window. Watchers got the list itself once, when they started watching; so one change costs each watcher
 * one room's listing, however many rooms are open (a whole-list push per change let one account's room flood cost
 * every watcher megabytes).
 */
export class LobbyFeed {
  readonly #deps: LobbyFeedDeps;
  readonly #windowMs: number;
  readonly #pending = new Map<RoomId, LobbyChange>();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  /** The push under way, if any: closing waits for it, so it never reads from a closed database. */
  #pushing: Promise<void> | undefined;

  /** `windowMs`: changes within it go out as one push. Default 50 ms. */
  constructor(deps: LobbyFeedDeps, windowMs = 50) {
    this.#deps = deps;
    this.#windowMs = windowMs;
  }

  /** Notes a change to one room; it reaches watchers with the next push. */
  changed(roomId: RoomId, change: LobbyChange): void {
    if (this.#closed) return; // shutting down: sockets closing now must not push into a closed database
    // A room added and then changed within one window is still new to the watchers.
    this.#pending.set(roomId, this.#pending.get(roomId) === 'added' && change === 'updated' ? 'added' : change);
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#pushing = this.#push()
        .catch((err) => this.#deps.log.error('lobby update failed', { error: String(err) }))
        .finally(() => {
          this.#pushing = undefined;
        });
    }, this.#windowMs);
  }

  /** Takes no more changes; resolves once a push under way is done. */
  close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending.clear();
    return this.#pushing ?? Promise.resolve();
  }

  async #push(): Promise<void> {
    const changes = [...this.#pending];
    this.#pending.clear();
    const event: LobbyChanged = { added: [], updated: [], removed: [] };
    for (const [roomId, change] of changes) {
      // Read now, not when noted: the push carries each room as it is (or its removal, if it went meanwhile).
      const room = change === 'removed' ? undefined : await this.#deps.listing(roomId);
      if (room?.kind === 'direct') continue; // a private conversation is nobody's business in the lobby
      if (!room) event.removed.push(roomId);
      else event[change === 'added' ? 'added' : 'updated'].push(room);
    }
    this.#deps.announce.toLobby(event);
  }
}
