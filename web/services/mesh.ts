import SimplePeer from 'simple-peer';
import { decodePeerMessage, encodePeerMessage, type PeerId, type PeerMessage } from '../../shared/protocol.ts';
import { Emitter } from './emitter.ts';

/** Connection state to one other peer, as the person sees it. */
export type PeerState = 'connecting' | 'connected' | 'failed';

export interface MeshEvents extends Record<string, unknown> {
  state: { peerId: PeerId; state: PeerState };
  /** A valid message; `from` is the peer whose connection delivered it, never a name inside the payload. */
  message: { from: PeerId; message: PeerMessage };
  /** A frame that failed validation, for diagnostics. */
  rejected: { from: PeerId; reason: string };
  /** A peer was removed and its connection destroyed. */
  removed: { peerId: PeerId };
}

export interface MeshOptions {
  /** Sends a signal to a peer through the signal server. */
  sendSignal: (to: PeerId, data: object) => void;
  /** From the join ack. Tests pass `[]`: simple-peer's default calls public STUN servers. */
  iceServers: RTCIceServer[];
  /** Most messages kept per peer while its channel is still opening. Default 500. */
  maxQueued?: number;
}

interface PeerEntry {
  peer: SimplePeer.Instance;
  state: PeerState;
  /** Frames waiting for the channel to open, sent in order on connect. */
  outbox: string[];
}

/**
 * The data-channel mesh: one simple-peer connection per other member of the room. Plain TypeScript; components
 * never touch it directly. The newcomer initiates to everyone already present; everyone else answers.
 */
export class Mesh extends Emitter<MeshEvents> {
  readonly #peers = new Map<PeerId, PeerEntry>();
  readonly #options: MeshOptions;
  #closed = false;

  constructor(options: MeshOptions) {
    super();
    this.#options = options;
  }

  /** Opens a connection to `peerId`; `initiator` is true for the newcomer. No-op if one exists. */
  connect(peerId: PeerId, initiator: boolean): void {
    if (this.#closed || this.#peers.has(peerId)) return;
    const peer = new SimplePeer({ initiator, trickle: true, config: { iceServers: this.#options.iceServers } });
    const entry: PeerEntry = { peer, state: 'connecting', outbox: [] };
    this.#peers.set(peerId, entry);
    peer.on('signal', (data) => this.#options.sendSignal(peerId, data));
    peer.on('connect', () => {
      this.#setState(peerId, entry, 'connected');
      for (const frame of entry.outbox.splice(0)) peer.send(frame);
    });
    peer.on('data', (frame: unknown) => this.#receive(peerId, frame));
    peer.on('error', () => this.#setState(peerId, entry, 'failed'));
    peer.on('close', () => this.#setState(peerId, entry, 'failed'));
    this.emit('state', { peerId, state: 'connecting' });
  }

  /** Feeds a relayed signal; a signal from an unknown peer means it initiated to us. */
  signal(from: PeerId, data: object): void {
    if (this.#closed) return;
    if (!this.#peers.has(from)) this.connect(from, false);
    const entry = this.#peers.get(from);
    if (!entry || entry.peer.destroyed) return;
    entry.peer.signal(data as SimplePeer.SignalData);
  }

  /** Sends to one peer, queueing while its channel opens. Returns false if there is no such peer. */
  send(peerId: PeerId, message: PeerMessage): boolean {
    const entry = this.#peers.get(peerId);
    if (!entry || entry.state === 'failed') return false;
    const frame = encodePeerMessage(message);
    if (entry.state === 'connected') entry.peer.send(frame);
    else if (entry.outbox.length < (this.#options.maxQueued ?? 500)) entry.outbox.push(frame);
    else return false;
    return true;
  }

  /** Sends to every peer; returns the peers it was sent or queued to. */
  broadcast(message: PeerMessage): PeerId[] {
    return this.peerIds().filter((peerId) => this.send(peerId, message));
  }

  /** Destroys the connection to one peer (it left the room). */
  remove(peerId: PeerId): void {
    const entry = this.#peers.get(peerId);
    if (!entry) return;
    this.#peers.delete(peerId);
    entry.peer.destroy();
    this.emit('removed', { peerId });
  }

  state(peerId: PeerId): PeerState | undefined {
    return this.#peers.get(peerId)?.state;
  }

  peerIds(): PeerId[] {
    return [...this.#peers.keys()];
  }

  /** Tears down every connection; the mesh is unusable afterwards. */
  close(): void {
    this.#closed = true;
    for (const peerId of this.peerIds()) this.remove(peerId);
    this.removeAllListeners();
  }

  #setState(peerId: PeerId, entry: PeerEntry, state: PeerState): void {
    if (this.#peers.get(peerId) !== entry || entry.state === state) return;
    entry.state = state;
    if (state === 'failed') entry.outbox.length = 0;
    this.emit('state', { peerId, state });
  }

  #receive(from: PeerId, frame: unknown): void {
    const decoded = decodePeerMessage(frame);
    if (decoded.ok) this.emit('message', { from, message: decoded.message });
    else this.emit('rejected', { from, reason: decoded.reason });
  }
}
