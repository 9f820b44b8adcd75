import type { ChatMessage, Member, PeerId, RoomId, RoomListing } from '../../shared/protocol.ts';
import { Emitter } from './emitter.ts';
import { Mesh, type PeerState } from './mesh.ts';
import type { SignalingClient } from './signaling-client.ts';

/** One line of the conversation as the person sees it. */
export type ConversationEntry =
  | {
      kind: 'chat';
      id: string;
      author: Member;
      own: boolean;
      text: string;
      sentAt: number;
      /** For own messages: peers it was sent to, and those that acknowledged it. */
      sentTo: PeerId[];
      deliveredTo: PeerId[];
    }
  | { kind: 'notice'; id: string; text: string; at: number };

/** A member with the state of our connection to them. */
export interface RoomPeer extends Member {
  connection: PeerState | 'self';
}

export type SessionStatus = 'joining' | 'joined' | 'left' | 'error';

export interface RoomSessionEvents extends Record<string, unknown> {
  change: undefined;
}

export interface RoomSessionOptions {
  /** Overrides the ICE servers from the join ack (tests pass `[]`). */
  iceServers?: RTCIceServer[];
  now?: () => number;
}

/**
 * A person's presence in one room: signaling + mesh + the conversation they see. Components render its state and
 * call its methods; it holds no DOM.
 */
export class RoomSession extends Emitter<RoomSessionEvents> {
  status: SessionStatus = 'joining';
  error = '';
  self: Member | undefined;
  /** The room as the server described it when we joined (name, topic, owner). */
  room: RoomListing | undefined;
  readonly peers = new Map<PeerId, RoomPeer>();
  readonly conversation: ConversationEntry[] = [];

  readonly #signaling: SignalingClient;
  readonly #roomId: RoomId;
  readonly #options: RoomSessionOptions;
  readonly #unsubscribe: (() => void)[] = [];
  #mesh: Mesh | undefined;

  constructor(signaling: SignalingClient, roomId: RoomId, options: RoomSessionOptions = {}) {
    super();
    this.#signaling = signaling;
    this.#roomId = roomId;
    this.#options = options;
  }

  get roomId(): RoomId {
    return this.#roomId;
  }

  /** Joins the room and connects to everyone in it. */
  async join(): Promise<void> {
    const result = await this.#signaling.join(this.#roomId);
    if (!result.ok) return this.#fail(result.message);
    this.self = result.self;
    this.room = result.room;
    const mesh = new Mesh({
      iceServers: this.#options.iceServers ?? result.iceServers,
      sendSignal: (to, data) => void this.#signaling.signal(this.#roomId, to, data),
    });
    this.#mesh = mesh;
    this.#wire(mesh);
    this.status = 'joined';
    for (const member of result.peers) {
      this.peers.set(member.peerId, { ...member, connection: 'connecting' });
      mesh.connect(member.peerId, true);
    }
    this.#changed();
  }

  /** Enters again on a fresh socket (after socket.io reconnected): new connections, same conversation. */
  async rejoin(): Promise<void> {
    if (this.status === 'left') return;
    this.#teardown();
    this.peers.clear();
    this.status = 'joining';
    this.#changed();
    await this.join();
  }

  /** Sends a room message to everyone; returns false for an empty or oversized text. */
  send(text: string): boolean {
    const mesh = this.#mesh;
    const trimmed = text.trim();
    if (!mesh || !this.self || !trimmed) return false;
    const message: ChatMessage = { type: 'chat', id: crypto.randomUUID(), sentAt: this.#now(), text: trimmed };
    const sentTo = mesh.broadcast(message);
    this.conversation.push({
      kind: 'chat',
      id: message.id,
      author: this.self,
      own: true,
      text: trimmed,
      sentAt: message.sentAt,
      sentTo,
      deliveredTo: [],
    });
    this.#changed();
    return true;
  }

  /** Leaves on purpose: tells the server and closes every connection. */
  async leave(): Promise<void> {
    if (this.status === 'left') return;
    this.#teardown();
    this.status = 'left';
    this.#changed();
    await this.#signaling.leave(this.#roomId);
  }

  /** Drops everything without telling the server (the page is going away). */
  dispose(): void {
    this.#teardown();
    this.removeAllListeners();
  }

  #wire(mesh: Mesh): void {
    const s = this.#signaling;
    const mine =
      <T extends { roomId: RoomId }>(fn: (e: T) => void) =>
      (e: T) =>
        e.roomId === this.#roomId && fn(e);
    this.#unsubscribe.push(
      s.on(
        'signal',
        mine((e) => {
          // A signal can beat the member-joined event; the server stamped who sent it.
          if (!this.peers.has(e.from))
            this.peers.set(e.from, { peerId: e.from, user: e.fromUser, connection: 'connecting' });
          mesh.signal(e.from, e.data);
        }),
      ),
      s.on(
        'peer-joined',
        mine((e) => {
          if (!this.peers.has(e.peer.peerId)) this.peers.set(e.peer.peerId, { ...e.peer, connection: 'connecting' });
          this.#changed();
        }),
      ),
      s.on(
        'peer-left',
        mine((e) => {
          mesh.remove(e.peerId);
          this.peers.delete(e.peerId);
          this.#changed();
        }),
      ),
      // People, not tabs: the server announces a person once, and not at all for a quick reload.
      s.on(
        'member-joined',
        mine((e) => this.#notice(`${e.user.displayName} joined`)),
      ),
      s.on(
        'member-left',
        mine((e) => this.#notice(`${e.user.displayName} left`)),
      ),
    );
    mesh.on('state', ({ peerId, state }) => {
      const peer = this.peers.get(peerId);
      if (peer) this.peers.set(peerId, { ...peer, connection: state });
      this.#changed();
    });
    mesh.on('message', ({ from, message }) => {
      const author = this.peers.get(from);
      if (!author) return;
      if (message.type === 'chat') {
        mesh.send(from, { type: 'ack', id: message.id });
        if (this.conversation.some((e) => e.id === message.id && e.kind === 'chat' && e.author.peerId === from)) return;
        this.conversation.push({
          kind: 'chat',
          id: message.id,
          author,
          own: false,
          text: message.text,
          sentAt: message.sentAt,
          sentTo: [],
          deliveredTo: [],
        });
      } else {
        const entry = this.conversation.find((e) => e.kind === 'chat' && e.own && e.id === message.id);
        if (entry?.kind === 'chat' && entry.sentTo.includes(from) && !entry.deliveredTo.includes(from))
          entry.deliveredTo.push(from);
      }
      this.#changed();
    });
  }

  #notice(text: string): void {
    this.conversation.push({ kind: 'notice', id: crypto.randomUUID(), text, at: this.#now() });
    this.#changed();
  }

  #fail(message: string): void {
    this.status = 'error';
    this.error = message;
    this.#changed();
  }

  #teardown(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
    this.#mesh?.close();
    this.#mesh = undefined;
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  #changed(): void {
    this.emit('change', undefined);
  }
}
