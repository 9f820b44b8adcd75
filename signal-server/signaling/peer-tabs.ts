import { createHash } from 'node:crypto';
import type { PeerId } from '../../shared/protocol.ts';
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

/** A peer whose connection was lost: its grace's timer, and its places in its rooms (to write back, see `lost`). */
interface Lost {
  timer: ReturnType<typeof setTimeout>;
  held: Holdings['peers'];
}

/**
 * Which socket holds each peer id, and the peers whose connection was lost without a goodbye. A page that comes
 * back within the grace keeps its place in its rooms (nobody sees it leave, its data channels stay up); a page that
 * closed its connection cleanly (closed or reloaded) leaves at once.
 */
export class PeerTabs {
  readonly #live = new Map<PeerId, DialogSocket>();
  readonly #lost = new Map<PeerId, Lost>();
  readonly #graceMs: number;

  /** `graceMs`: how long a lost peer keeps its place. */
  constructor(graceMs: number) {
    this.#graceMs = graceMs;
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
   * A socket is going (socket.io's `disconnecting`: it is still in its rooms' channels): `leave` runs now, after the
   * grace if the connection was lost, never if it was replaced.
   */
  release(socket: DialogSocket, reason: string, leave: () => void): void {
    const { peerId } = socket.data;
    if (this.#live.get(peerId) === socket) this.#live.delete(peerId);
    // A shutting-down server forgets everyone anyway; its pages resume on the next one.
    if (socket.data.replaced || reason === 'server shutting down') return;
    if (!LOST.has(reason)) {
      leave();
      return;
    }
    const timer = setTimeout(() => {
      this.#lost.delete(peerId);
      if (!this.#live.has(peerId)) leave();
    }, this.#graceMs);
    timer.unref();
    this.#lost.set(peerId, { timer, held: peersOf(socket) });
  }

  /**
   * The places of the peers still in their grace: they hold them though their socket is gone, so a shared store
   * that lost them (Redis restarted empty) gets them back too; else nobody would ever see them leave.
   */
  lost(): Holdings['peers'] {
    return [...this.#lost.values()].flatMap((lost) => lost.held);
  }

  close(): void {
    for (const { timer } of this.#lost.values()) clearTimeout(timer);
    this.#lost.clear();
  }
}
