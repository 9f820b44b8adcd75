import {
  type ConversationEntry,
  EARLIER_LINES,
  encodePeerMessage,
  type HistoryLineMessage,
  type PeerId,
  type PeerMessage,
} from '../../shared/protocol.ts';

type ChatEntry = Extract<ConversationEntry, { kind: 'chat' }>;

/**
 * Late joiners: a newcomer asks one peer that was in the room before it for the room's last messages and shows
 * them above its own, once. This holds the asking side's state; `earlierAnswer` is the answering side.
 */
export class EarlierLines {
  /** Peers that were in the room when this page came in: only they can have something earlier. */
  #candidates = new Set<PeerId>();
  #asked: PeerId | undefined;
  #lines: ChatEntry[] = [];
  #done = false;

  /** A fresh entry (nothing of the room kept in this browser): these peers may be asked. */
  expect(peers: Iterable<PeerId>): void {
    if (this.#done) return;
    this.#candidates = new Set(peers);
  }

  /** Whether to ask `peerId` (its connection just opened): only one candidate, only once. */
  ask(peerId: PeerId): boolean {
    if (this.#done || this.#asked || !this.#candidates.has(peerId)) return false;
    this.#asked = peerId;
    return true;
  }

  /** The asked peer went before answering: another candidate may be asked instead. */
  lost(peerId: PeerId): void {
    this.#candidates.delete(peerId);
    if (this.#asked !== peerId || this.#done) return;
    this.#asked = undefined;
    this.#lines = [];
  }

  /** Stops wanting anything (the page rejoined with its conversation, or left). */
  stop(): void {
    this.#done = true;
    this.#candidates.clear();
  }

  /**
   * Takes one answer frame from `from`; returns the lines (oldest first) once the answer is complete. Frames from a
   * peer not asked, after the end, or beyond the cap are ignored.
   */
  take(from: PeerId, message: PeerMessage): ChatEntry[] | undefined {
    if (this.#done || from !== this.#asked) return undefined;
    if (message.type === 'history-line') {
      if (this.#lines.length < EARLIER_LINES && !this.#lines.some((l) => l.id === message.id))
        this.#lines.push(earlierEntry(message));
      return undefined;
    }
    if (message.type !== 'history-end') return undefined;
    this.stop();
    return this.#lines.sort((a, b) => a.sentAt - b.sentAt);
  }
}

/** What a member sends a newcomer who asks: its last room messages (never personal ones), then the end. */
export function earlierAnswer(lines: readonly ConversationEntry[], shared: boolean): PeerMessage[] {
  const room = shared
    ? lines.filter((l): l is ChatEntry => l.kind === 'chat' && !l.personal && !l.personalTo).slice(-EARLIER_LINES)
    : [];
  const frames: PeerMessage[] = room.map((l) => ({
    type: 'history-line',
    id: l.id,
    author: l.author,
    sentAt: l.sentAt,
    text: l.text,
  }));
  return [...frames.filter(fits), { type: 'history-end' }];
}

/** A line that would not fit in one frame with its author added is left out rather than cut. */
function fits(message: PeerMessage): boolean {
  try {
    encodePeerMessage(message);
    return true;
  } catch {
    return false;
  }
}

function earlierEntry(message: HistoryLineMessage): ChatEntry {
  return {
    kind: 'chat',
    id: message.id,
    author: message.author,
    // The tab that sent it is not known, and nothing answers these lines: no receipts.
    authorPeerId: '',
    own: false,
    earlier: true,
    text: message.text,
    sentAt: message.sentAt,
    sentTo: [],
    deliveredTo: [],
  };
}
