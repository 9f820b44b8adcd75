/**
 * Bench page for Dialog: the app's own SignalingClient and Mesh (simple-peer data channels), driven from the
 * bench through `window.dialogBench`. The receive path mirrors RoomSession's: validate (in Mesh), ack over the same
 * channel, then show the message.
 */
import type { ChatMessage, Member, PeerId, PeerMessage, RoomId, SignalRelay } from '../../../shared/protocol.ts';
import { Mesh } from '../../../web/services/mesh.ts';
import { SignalingClient } from '../../../web/services/signaling-client.ts';
import { messageListCost } from './message-list-cost.ts';
import { benchText, now, paced, pageConversation } from './timed-conversation.ts';

/** One join, timed in this page's clock. */
export type JoinTiming =
  | { ok: true; startedAt: number; joinedAt: number; doneAt: number; peers: number }
  | { ok: false; reason: string };

const unknownUser = { username: 'unknown', displayName: 'Unknown', avatarUrl: null };

class DialogBench {
  readonly conversation = pageConversation();
  readonly #members = new Map<PeerId, Member>();
  #signaling: SignalingClient | undefined;
  #mesh: Mesh | undefined;
  #roomId: RoomId = '';
  #self: Member | undefined;
  #early: SignalRelay[] = [];

  /** Opens the socket.io connection (the session cookie rides along with the handshake). */
  async connect(url: string): Promise<void> {
    const signaling = new SignalingClient({ url });
    await signaling.connect();
    this.#signaling = signaling;
    signaling.on('signal', (e) => {
      if (e.roomId !== this.#roomId) return;
      if (!this.#members.has(e.from)) this.#members.set(e.from, { peerId: e.from, user: e.fromUser });
      if (this.#mesh) this.#mesh.signal(e.from, e.data);
      else this.#early.push(e); // a newcomer can signal before our own join ack is back
    });
    signaling.on('room:peer-left', (e) => e.roomId === this.#roomId && this.#mesh?.remove(e.peerId));
  }

  /**
   * Joins `roomId` and resolves once data channels are open with `expected` peers (everyone already there, plus
   * those joining at the same moment), or after `timeoutMs`.
   */
  async join(roomId: RoomId, expected: number, timeoutMs: number): Promise<JoinTiming> {
    const signaling = this.#signaling;
    if (!signaling) return { ok: false, reason: 'not connected' };
    this.#roomId = roomId;
    this.#early = [];
    const startedAt = now();
    const result = await signaling.join(roomId);
    if (!result.ok) return { ok: false, reason: `${result.code}: ${result.message}` };
    const joinedAt = now();
    // As RoomSession does: the mesh is made right after the ack, before any later socket event can arrive.
    const mesh = new Mesh({
      selfId: result.self.peerId,
      iceServers: [],
      sendSignal: (to, data) => void signaling.signal(roomId, to, data),
    });
    this.#mesh = mesh;
    this.#self = result.self;
    const open = new Set<PeerId>();
    let failed = '';
    const done = new Promise<number>((resolve) => {
      if (expected === 0) resolve(now());
      mesh.on('state', ({ peerId, state }) => {
        if (state === 'failed') failed = `connection to ${peerId} failed`;
        if (state !== 'connected') return;
        open.add(peerId);
        if (open.size >= expected) resolve(now());
      });
    });
    mesh.on('message', ({ from, message }) => this.#receive(mesh, from, message));
    for (const member of result.peers) {
      this.#members.set(member.peerId, member);
      mesh.connect(member.peerId, true);
    }
    for (const e of this.#early.splice(0)) mesh.signal(e.from, e.data);
    let timer = 0;
    const timeout = new Promise<undefined>((resolve) => {
      timer = window.setTimeout(resolve, timeoutMs);
    });
    const doneAt = await Promise.race([done, timeout]);
    window.clearTimeout(timer);
    if (doneAt === undefined)
      return { ok: false, reason: failed || `only ${open.size} of ${expected} channels open after ${timeoutMs} ms` };
    return { ok: true, startedAt, joinedAt, doneAt, peers: open.size };
  }

  /** Closes every connection and leaves the room. */
  async leave(): Promise<void> {
    this.#mesh?.close();
    this.#mesh = undefined;
    const roomId = this.#roomId;
    this.#roomId = '';
    if (roomId) await this.#signaling?.leave(roomId);
  }

  /** Sends `count` chat messages to the room at a steady pace; answers [id, sent at] for each. */
  async broadcast(prefix: string, count: number, gapMs: number): Promise<[string, number][]> {
    const mesh = this.#mesh;
    const self = this.#self;
    if (!mesh || !self) throw new Error('not in a room');
    const sent: [string, number][] = [];
    await paced(count, gapMs, (i) => {
      const message: ChatMessage = { type: 'chat', id: `${prefix}${i}`, sentAt: Date.now(), text: benchText(i) };
      const at = now();
      mesh.broadcast(message);
      sent.push([message.id, at]);
      this.conversation.add(self, message, at); // the sender sees its own message, as in the app
    });
    return sent;
  }

  /** See messageListCost. */
  messageListCost(size: number, samples: number): Promise<number[]> {
    return messageListCost(size, samples);
  }

  close(): void {
    this.#mesh?.close();
    this.#signaling?.close();
  }

  #receive(mesh: Mesh, from: PeerId, message: PeerMessage): void {
    const at = now();
    if (message.type !== 'chat') return;
    mesh.send(from, { type: 'ack', id: message.id });
    this.conversation.add(this.#members.get(from) ?? { peerId: from, user: unknownUser }, message, at);
  }
}

declare global {
  interface Window {
    dialogBench: DialogBench;
  }
}

window.dialogBench = new DialogBench();
