/**
 * Bench page for the baseline relay: a socket.io client that sends each message to the relay server and renders
 * what the server broadcasts (its own messages included, on their way back), through the same render path as the
 * Dialog page. Driven from the bench through `window.relayBench`.
 */
import { io, type Socket } from 'socket.io-client';
import type { ChatMessage } from '../../../shared/protocol.ts';
import { relayedChatSchema } from '../relay/protocol.ts';
import { benchText, now, paced, pageConversation } from './timed-conversation.ts';

class RelayBench {
  readonly conversation = pageConversation();
  #socket: Socket | undefined;

  async connect(url: string): Promise<void> {
    const socket = io(url, { transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    this.#socket = socket;
    socket.on('chat', (payload: unknown) => {
      const at = now();
      const parsed = relayedChatSchema.safeParse(payload);
      if (!parsed.success) return;
      const { from, message } = parsed.data;
      const author = { peerId: from, user: { username: from, displayName: from, avatarUrl: null } };
      this.conversation.add(author, message, at);
    });
  }

  async join(room: string): Promise<boolean> {
    const result = (await this.#socket?.timeout(10_000).emitWithAck('join', { room })) as { ok: boolean } | undefined;
    return result?.ok === true;
  }

  /** Sends `count` chat messages to the room at a steady pace; answers [id, sent at] for each. */
  async broadcast(prefix: string, count: number, gapMs: number): Promise<[string, number][]> {
    const socket = this.#socket;
    if (!socket) throw new Error('not connected');
    const sent: [string, number][] = [];
    await paced(count, gapMs, (i) => {
      const message: ChatMessage = { type: 'chat', id: `${prefix}${i}`, sentAt: Date.now(), text: benchText(i) };
      const at = now();
      socket.emit('chat', message);
      sent.push([message.id, at]);
    });
    return sent;
  }

  close(): void {
    this.#socket?.disconnect();
  }
}

declare global {
  interface Window {
    relayBench: RelayBench;
  }
}

window.relayBench = new RelayBench();
