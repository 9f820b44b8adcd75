import { createHash } from 'node:crypto';
import type { PeerId } from '../../shared/protocol.ts';
import type { Logger } from '../log.ts';
import type { Holdings } from '../presence/presence-store.ts';
import { peersOf } from './holdings.ts';
import type { DialogSocket } from './types.ts';

/**
 * A tab's peer id, derived from its login session and the random tab key its page chose: the same page gets the
 * same id on every reconnection (also after a server restart) and keeps its open data channels; nobody without
 * the session can claim it, because the session id never leaves the server.
 */
export function tabPeerId(sessionId: string, tabKey: string): PeerId {
  return createHash('sha256').update(`peer\0${sessionId}\0${tabKey}`).digest('hex').slice(0, 32);
}

/** Why socket.io ended a socket, when the page may still be there and about to come back. */
const LOST = new Set(['ping timeout', 'transport error']);

/**
 * A peer whose socket is gone and who has yet to leave its rooms: its timer, how long its grace is (0 when the page
 * said goodbye), its places in its rooms (to write back, see `lost`), what leaving them does, and how many times
 * that was retried.
 */
interface Lost {
  timer: ReturnType<typeof setTimeout>;
  ms: number;
  held: Holdings['peers'];
  leave: () => Promise<void>;
  retries: number;
}

/**
 * Which socket holds each peer id, and the peers whose socket went without their leaving being done yet. A page that
 * lost its connection and comes back within the grace keeps its place in its rooms (nobody sees it leave, its data
 * channels stay up); a page that closed its connection cleanly (closed or reloaded) leaves at once.
 */
export class PeerTabs {
  readonly #live = new Map<PeerId, DialogSocket>();
  readonly #lost = new Map<PeerId, Lost>();
  readonly #graceMs: number;
  readonly #log: Logger;
  #closed = false;
  /** A leave failed and none succeeded since: its retries are not logged again. */
  #leavesFailing = false;

  /** `graceMs`: how long a lost peer keeps its place. */
  constructor(graceMs: number, log: Logger) {
    this.#graceMs = graceMs;
    this.#log = log;
  }

  /** A socket comes up as its peer: a lost one is back, and an older socket still holding the id is stale. */
  claim(socket: DialogSocket): void {
    const { peerId } = socket.data;
    clearTimeout(this.#lost.get(peerId)?.timer);
    this.#lost.delete(peerId);
    const old = this.#live.get(peerId);
    this.#live.set(peerId, socket);
    if (!old || old === socket) return;
    // The page reconnected before this server noticed its old connection die: end that one without a leave.
    old.data.replaced = true;
    old.disconnect(true);
  }

  /**
   * A socket is going (socket.io's `disconnecting`: it is still in its rooms' channels): `leave` runs at once, after
   * the grace if the connection was lost, never if it was replaced; and again until it succeeds (see `#end`).
   */
  release(socket: DialogSocket, reason: string, leave: () => Promise<void>): void {
    const { peerId } = socket.data;
    if (this.#live.get(peerId) === socket) this.#live.delete(peerId);
    // A shutting-down server forgets everyone anyway; its pages resume on the next one.
    if (socket.data.replaced || reason === 'server shutting down' || this.#closed) return;
    const ms = LOST.has(reason) ? this.#graceMs : 0;
    this.#arm(peerId, { ms, held: peersOf(socket), leave, retries: 0 }, ms);
  }

  /**
   * The places of the peers that have yet to leave: they hold them though their socket is gone, so a shared store
   * that lost them (Redis restarted empty) gets them back too; else nobody would ever see them leave.
   */
  lost(): Holdings['peers'] {
    return [...this.#lost.values()].flatMap((lost) => lost.held);
  }

  /**
   * The shared store is back, perhaps empty, and gets `lost()` written back: every leave starts its grace over, as
   * the room graces do. A leave under way may have been replayed against the emptied store, found nothing to leave
   * and be taken for done: its peer's places are about to be written back, and must still be left.
   */
  restart(): void {
    for (const [peerId, lost] of this.#lost) {
      clearTimeout(lost.timer);
      this.#arm(peerId, lost, lost.ms);
    }
  }

  /**
   * The server is shutting down: no leave starts from now on, and one under way that fails (its store closing under
   * it) is neither logged nor retried. With Redis, the processes left running let this one's people go once its
   * heartbeat is gone; without it, nothing outlives the process.
   */
  close(): void {
    this.#closed = true;
    for (const { timer } of this.#lost.values()) clearTimeout(timer);
    this.#lost.clear();
  }

  /** Runs the peer's leave after `delay`, unless it comes back or this starts over first. */
  #arm(peerId: PeerId, lost: Omit<Lost, 'timer'>, delay: number): void {
    const armed: Lost = { ...lost, timer: setTimeout(() => this.#end(peerId, armed), delay) };
    armed.timer.unref();
    this.#lost.set(peerId, armed);
  }

  /**
   * Leaves the peer's rooms unless it is back. A failure (Redis away) is retried, backing off to every few seconds,
   * until it succeeds or the peer comes back or this starts over: else its rooms would list it forever and an empty
   * one would never go. It stays in `lost()` meanwhile, so Redis coming back empty gets its places back to leave.
   */
  async #end(peerId: PeerId, lost: Lost): Promise<void> {
    try {
      if (!this.#live.has(peerId)) await lost.leave();
      if (this.#lost.get(peerId) === lost) this.#lost.delete(peerId);
      this.#leavesFailing = false;
    } catch (err) {
      if (this.#lost.get(peerId) !== lost) return; // back, started over or closed meanwhile
      // A warning, once until a leave succeeds again: Redis being away is logged as an error already.
      if (!this.#leavesFailing) this.#log.warn('leave on disconnect failed, retrying', { error: String(err) });
      this.#leavesFailing = true;
      this.#arm(peerId, { ...lost, retries: lost.retries + 1 }, Math.min(RETRY_MS * 2 ** lost.retries, RETRY_MAX_MS));
    }
  }
}

/** A leave that failed is retried after this, then twice as long each time up to RETRY_MAX_MS (as grace ends are). */
const RETRY_MS = 500;
const RETRY_MAX_MS = 5_000;
