import { type OutboxEntry, OWN_SEND_LIMIT, type PeerId, type PeerMessage, type RoomId } from '../../shared/protocol.ts';
import type { OutboxStore } from './outbox-store.ts';
import type { SignalingClient } from './signaling-client.ts';
import { TokenBucket, type TokenBucketOptions } from './token-bucket.ts';

/** How often a backlog held back by the pace is sent on. */
const PACE_STEP_MS = 200;

/** What an outbox delivery needs from the conversation around it. */
export interface OutboxDeliveryOptions {
  store: OutboxStore;
  roomId: RoomId;
  /** Sends a frame over the open connection to `peerId`; false when it could not go. */
  send: (peerId: PeerId, frame: Extract<PeerMessage, { type: 'chat' }>) => boolean;
  /** Tells the server whether messages wait here (it keeps a flag, never the messages). */
  flag: (pending: boolean) => ReturnType<SignalingClient['pending']>;
  /** A waiting message went over the connection to `peerId`. */
  sent: (id: string, peerId: PeerId) => void;
  /** The server refused the flag, saying why (e.g. the other person blocked this one). */
  refused: (message: string) => void;
  /**
   * How fast waiting messages go over one connection. Default OWN_SEND_LIMIT: what the other browser takes from one
   * peer (PEER_RECEIVE_LIMIT) is twice that, so a backlog is never dropped as a flood, even beside new messages.
   */
  pace?: TokenBucketOptions;
}

/**
 * A direct conversation's outbox: own messages kept until the other person's browser confirms them, sent in order
 * over every open connection to them that has not carried them yet, and the server told whether any wait with
 * nobody to take them (so it prompts the other person's browser to connect).
 */
export class OutboxDelivery {
  readonly #options: OutboxDeliveryOptions;
  /** Own messages the other person's browser has not confirmed, oldest first. */
  #waiting: OutboxEntry[] = [];
  /** Which waiting messages went over each open connection: sent again only over a new one. */
  readonly #sentOver = new Map<PeerId, Set<string>>();
  /** What the server was last told: whether messages wait here (undefined: unsure, tell it next time). */
  #flagged: boolean | undefined = false;
  #lastOrder = 0;
  /** Each connection's pace, by peer id (the other browser's limit is per tab too, and outlives a connection). */
  readonly #pace = new Map<PeerId, TokenBucket>();
  /** The connections of the last `deliver`, and the timer that sends on what the pace held back. */
  #open: PeerId[] = [];
  #later: ReturnType<typeof setTimeout> | undefined;

  constructor(options: OutboxDeliveryOptions) {
    this.#options = options;
  }

  /** How many messages wait. */
  get count(): number {
    return this.#waiting.length;
  }

  /** A new message, ordered after every other one here (and not before the time it was written). */
  entry(owner: string, id: string, sentAt: number, text: string): OutboxEntry {
    this.#lastOrder = Math.max(this.#lastOrder + 1, sentAt);
    return { owner, roomId: this.#options.roomId, id, sentAt, text, order: this.#lastOrder };
  }

  /** Keeps a message on disk; a failure is logged (it still waits in this tab). */
  async keep(item: OutboxEntry): Promise<void> {
    await this.#options.store
      .add(item)
      .catch((err: unknown) => console.warn('dialog: could not keep the message for later', err));
  }

  /** The messages kept on disk that do not wait here yet (a reload or another tab left them). */
  async unread(owner: string): Promise<OutboxEntry[]> {
    const kept = await this.#options.store.list(owner, this.#options.roomId).catch((err: unknown) => {
      console.warn('dialog: could not read the messages waiting to be sent', err);
      return [];
    });
    const known = new Set(this.#waiting.map((w) => w.id));
    return kept.filter((w) => !known.has(w.id));
  }

  /** `items` wait from now on: read back from disk (`restored`, before the newer ones) or just written. */
  wait(items: OutboxEntry[], restored = false): void {
    if (restored) this.#waiting.unshift(...items);
    else this.#waiting.push(...items);
    for (const w of items) this.#lastOrder = Math.max(this.#lastOrder, w.order);
  }

  /** The connection to `peerId` closed: what went over it may not have arrived, so it goes again over the next. */
  lost(peerId: PeerId): void {
    this.#sentOver.delete(peerId);
  }

  /**
   * Sends what waits, in order, over each of `open` (the other person's connections) that has not carried it, at the
   * pace the other browser takes: what the pace holds back goes on by itself.
   */
  deliver(open: PeerId[]): void {
    this.#flag(this.#waiting.length > 0 && open.length === 0);
    this.#send(open);
  }

  #send(open: PeerId[]): void {
    this.#open = open;
    clearTimeout(this.#later);
    this.#later = undefined;
    let held = false;
    for (const peerId of open) {
      const sent = this.#sentOver.get(peerId) ?? new Set<string>();
      this.#sentOver.set(peerId, sent);
      const pace = this.#paceOf(peerId);
      for (const item of this.#waiting) {
        if (sent.has(item.id)) continue;
        if (!pace.ready()) {
          held = true;
          break;
        }
        if (!this.#options.send(peerId, { type: 'chat', id: item.id, sentAt: item.sentAt, text: item.text })) break;
        pace.take();
        sent.add(item.id);
        this.#options.sent(item.id, peerId);
      }
    }
    if (held) this.#later = setTimeout(() => this.#send(this.#open), PACE_STEP_MS);
  }

  /** The other person's browser confirmed a waiting message: out of the outbox for good. */
  delivered(owner: string, id: string): void {
    const at = this.#waiting.findIndex((w) => w.id === id);
    if (at < 0) return;
    this.#waiting.splice(at, 1);
    this.#options.store
      .remove(owner, this.#options.roomId, id)
      .catch((err: unknown) => console.warn('dialog: could not clear a delivered message', err));
    if (!this.#waiting.length) this.#flag(false);
  }

  /** Discards every waiting message (leaving or deleting the conversation), here and on disk. */
  async discard(owner: string): Promise<void> {
    this.#waiting = [];
    clearTimeout(this.#later);
    this.#flagged = undefined; // another of this person's tabs may have flagged them: cleared for certain
    this.#flag(false);
    await this.#options.store
      .clear(owner, this.#options.roomId)
      .catch((err: unknown) => console.warn('dialog: could not discard the waiting messages', err));
  }

  #paceOf(peerId: PeerId): TokenBucket {
    let pace = this.#pace.get(peerId);
    if (!pace) {
      pace = new TokenBucket(this.#options.pace ?? OWN_SEND_LIMIT);
      this.#pace.set(peerId, pace);
    }
    return pace;
  }

  /** Tells the server whether messages wait here, only when that changes. */
  #flag(pending: boolean): void {
    if (this.#flagged === pending) return;
    this.#flagged = pending;
    void this.#options.flag(pending).then((result) => {
      if (result.ok) return;
      if (this.#flagged === pending) this.#flagged = undefined; // asked again next time
      if (result.code === 'FORBIDDEN') this.#options.refused(result.message);
    });
  }
}
