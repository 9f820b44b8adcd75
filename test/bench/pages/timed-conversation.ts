/**
 * What both bench pages share: a minimal render path (each message appended to a list as text, the same for
 * Dialog and the relay, so the comparison is the transport) and the times each message arrived and was in the DOM.
 */
import type { ChatMessage, Member } from '../../../shared/protocol.ts';

/**
 * Wall time in ms with sub-ms resolution. Every page of one Chromium maps the same system clock, so these compare
 * across pages (the bench checks that against its own clock).
 */
export const now = (): number => performance.timeOrigin + performance.now();

/** One message as a receiver saw it: [id, received at, in the DOM at]. */
export type Arrival = [id: string, receivedAt: number, renderedAt: number];

/** ~200 bytes of text for message `i`. */
export function benchText(i: number, bytes = 200): string {
  const head = `message ${i} `;
  return head + 'x'.repeat(Math.max(1, bytes - head.length));
}

/** Paces `count` sends at one every `gapMs` (steady schedule, not sleep-after-send) and resolves when done. */
export async function paced(count: number, gapMs: number, send: (i: number) => void): Promise<void> {
  const start = now();
  for (let i = 0; i < count; i++) {
    const wait = start + i * gapMs - now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    send(i);
  }
}

/** The conversation as a list of text lines, with timings. */
export class TimedConversation {
  readonly #list: HTMLOListElement;
  readonly #received = new Map<string, number>();
  readonly #rendered = new Map<string, number>();

  constructor(list: HTMLOListElement) {
    this.#list = list;
  }

  /** Puts a chat message into the DOM (as text, never HTML). */
  add(author: Member, message: ChatMessage, receivedAt: number): void {
    const item = document.createElement('li');
    item.textContent = `${author.user.displayName}: ${message.text}`;
    this.#list.append(item);
    this.#received.set(message.id, receivedAt);
    this.#rendered.set(message.id, now());
  }

  /**
   * Empties the list (timings are kept) and sets whether it is laid out and painted: `display: none` keeps messages
   * going into the DOM but spares Chromium the layout and software painting of every page.
   */
  reset(painted: boolean): void {
    this.#list.replaceChildren();
    this.#list.style.display = painted ? '' : 'none';
  }

  /** How many messages whose id starts with `prefix` are in the DOM. */
  renderedCount(prefix: string): number {
    let n = 0;
    for (const id of this.#rendered.keys()) if (id.startsWith(prefix)) n++;
    return n;
  }

  /** Messages in the DOM whose id starts with `prefix`. */
  arrivals(prefix: string): Arrival[] {
    const out: Arrival[] = [];
    for (const [id, renderedAt] of this.#rendered)
      if (id.startsWith(prefix)) out.push([id, this.#received.get(id) ?? Number.NaN, renderedAt]);
    return out;
  }
}

/** The page's conversation list. */
export function pageConversation(): TimedConversation {
  const list = document.querySelector('ol#conversation');
  if (!(list instanceof HTMLOListElement)) throw new Error('bench page has no <ol id="conversation">');
  return new TimedConversation(list);
}
