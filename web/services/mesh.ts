import SimplePeer from 'simple-peer';
import {
  decodePeerMessage,
  encodePeerMessage,
  FILE_CHANNEL,
  PEER_CUT_OFF_AFTER_DROPPED,
  PEER_RECEIVE_LIMIT,
  type PeerId,
  type PeerMessage,
} from '../../shared/protocol.ts';
import { Emitter } from './emitter.ts';
import { TokenBucket } from './token-bucket.ts';

/** Bytes waiting in a data channel above which sends queue until it drains (`bufferedamountlow`). */
const HIGH_WATER_BYTES = 1024 * 1024;
/** Largest chunk frame sent, when both ends allow it (Chromium takes 256 KiB messages). */
const MAX_CHUNK_FRAME = 256 * 1024;
/** Bytes waiting in a connection's file channel at or above which file chunks wait. */
const CHUNK_HIGH_WATER = 512 * 1024;
/** A file channel that drained to this many bytes asks for more chunks (`bufferedamountlow`) before it runs dry. */
const CHUNK_LOW_WATER = 256 * 1024;
/** The frame size every browser takes. */
const SAFE_FRAME = 16 * 1024;
/** No receipt is longer: `{"type":"ack","id":"…"}` with an id of at most 64 characters. */
const RECEIPT_BYTES = 128;

/** A peer's receive limit, and when it last went over it. */
interface ReceiveLimit {
  bucket: TokenBucket;
  lastDrop: number;
  /** Frames dropped since the peer was marked as flooding, or its connection last closed for it. */
  dropped: number;
  timer?: ReturnType<typeof setTimeout>;
  /** When a rejected frame from this peer may be logged again, and how many were not logged since the last. */
  warnAfter: number;
  unlogged: number;
}

/** The code a connection that timed out before opening fails with (simple-peer's own codes cover the rest). */
export const ERR_CONNECT_TIMEOUT = 'ERR_CONNECT_TIMEOUT';
/** The code of a connection closed because its peer flooded far past its limit (`PEER_CUT_OFF_AFTER_DROPPED`). */
export const ERR_FLOODING = 'ERR_FLOODING';

/**
 * Whether a frame could be a receipt, judged without decoding it: a short text frame that names the type. Over a
 * peer's limit only these are read, so a flood costs little more than its arrival.
 */
function mayBeReceipt(frame: unknown): boolean {
  return (
    typeof frame === 'string' &&
    frame.length <= RECEIPT_BYTES &&
    (frame.includes('"ack"') || frame.includes('"refused"'))
  );
}

/** How long a connection may stay ICE-'disconnected' before an ICE restart is tried. */
const ICE_RESTART_AFTER_MS = 2000;

/**
 * Takes a binary frame that arrived on a peer's file channel: true when it is a chunk of a transfer accepted from that
 * peer or a credit for one sent to it. Frames it does not take count against the peer's receive limit.
 */
export type ChunkSink = (from: PeerId, frame: Uint8Array) => boolean;

/** Connection state to one other peer, as the person sees it. */
export type PeerState = 'connecting' | 'connected' | 'failed';

export interface MeshEvents extends Record<string, unknown> {
  /**
   * With `failed`, `error` is why: simple-peer's code (`ERR_ICE_CONNECTION_FAILURE`, …), ERR_CONNECT_TIMEOUT or
   * ERR_FLOODING.
   */
  state: { peerId: PeerId; state: PeerState; error?: string };
  /** A valid message; `from` is the peer whose connection delivered it, never a name inside the payload. */
  message: { from: PeerId; message: PeerMessage };
  /** A frame that failed validation, for diagnostics. */
  rejected: { from: PeerId; reason: string };
  /** A peer was removed and its connection destroyed. */
  removed: { peerId: PeerId };
  /** A peer sends faster than the receive limit (its extra frames are dropped), or has been quiet long enough again. */
  flooding: { peerId: PeerId; flooding: boolean };
}

export interface MeshOptions {
  /** Sends a signal to a peer through the signal server. */
  sendSignal: (to: PeerId, data: object) => void;
  /** From the join ack. Tests pass `[]`: simple-peer's default calls public STUN servers. */
  iceServers: RTCIceServer[];
  /** Relay-only (iceTransportPolicy `relay`): this person's network address is never offered to others. */
  relayOnly?: boolean;
  /**
   * This tab's peer id. With it, a lost connection is re-opened by the peer with the smaller id (no glare), and
   * crossing offers are settled the same way. Without it, the side that first initiated re-opens.
   */
  selfId?: PeerId;
  /** Most messages kept per peer while its channel is not open, or is full. Default 500. */
  maxQueued?: number;
  /** Frames taken from one peer per second on average (receipts aside); more are dropped. Default PEER_RECEIVE_LIMIT. */
  receivePerSecond?: number;
  /** Frames taken from one peer at once before `receivePerSecond` applies. Default PEER_RECEIVE_LIMIT. */
  receiveBurst?: number;
  /** A flooding peer is marked until this long after its last dropped frame. Default 5 s. */
  floodQuietMs?: number;
  /** Frames dropped from a marked peer after which its connection is closed. Default PEER_CUT_OFF_AFTER_DROPPED. */
  cutOffAfterDropped?: number;
  /** A connection not open after this long counts as failed. Default 20 s. */
  connectTimeoutMs?: number;
  /** First wait before re-opening a failed connection; doubles up to `maxBackoffMs`. Default 500 ms. */
  backoffMs?: number;
  /** Default 10 s. */
  maxBackoffMs?: number;
  /** A peer's rejected frames are logged at most once this often (the rest are counted). Default 10 s. */
  rejectLogMs?: number;
  /** Where failures and rejected frames are logged. Default console.warn. */
  warn?: (message: string) => void;
}

interface PeerEntry {
  peer: SimplePeer.Instance | undefined;
  initiator: boolean;
  state: PeerState;
  /** Why the connection last failed (see MeshEvents.state); cleared when it opens. */
  error: string | undefined;
  /** Frames waiting for the channel to open or drain, sent in order; kept across re-connections. */
  outbox: string[];
  /**
   * The connection's second channel, for file chunks only: chat travels on its own channel, so a message sent during
   * a transfer waits behind at most the chunk on the wire, not behind the chunks queued for the file.
   */
  files: RTCDataChannel | undefined;
  /** Whoever waits to send file chunks once the channel has room (see `writable`). */
  waiting: (() => void)[];
  attempts: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * The data-channel mesh: one simple-peer connection per other member of the room. Plain TypeScript; components
 * never touch it. The newcomer initiates to everyone already present; a failed connection is destroyed and
 * re-opened with backoff for as long as the peer is in the mesh; `remove`/`close` free every RTCPeerConnection.
 */
export class Mesh extends Emitter<MeshEvents> {
  readonly #peers = new Map<PeerId, PeerEntry>();
  readonly #options: MeshOptions;
  /** Each peer's receive limit, and when it last went over it. */
  readonly #limits = new Map<PeerId, ReceiveLimit>();
  /** Channels a drain waits on, so one `bufferedamountlow` listener at a time. */
  readonly #draining = new WeakSet<RTCDataChannel>();
  #closed = false;
  #chunkSink: ChunkSink | undefined;

  /** ICE servers for connections opened from now on (TURN credentials are replaced before they expire). */
  #iceServers: RTCIceServer[];

  constructor(options: MeshOptions) {
    super();
    this.#options = options;
    this.#iceServers = options.iceServers;
  }

  /** Uses `iceServers` for every connection opened from now on; open ones keep theirs. */
  setIceServers(iceServers: RTCIceServer[]): void {
    this.#iceServers = iceServers;
  }

  /**
   * How an open connection runs, from its selected candidate pair (`getStats`): `relay` when either end is a TURN
   * relay candidate, else `direct`; undefined while none is selected or the connection is gone.
   */
  async route(peerId: PeerId): Promise<'direct' | 'relay' | undefined> {
    const pc = (this.#peers.get(peerId)?.peer as { _pc?: RTCPeerConnection } | undefined)?._pc;
    if (!pc) return undefined;
    const stats = await pc.getStats();
    const byId = new Map<string, Record<string, unknown>>();
    for (const report of stats.values() as Iterable<Record<string, unknown>>) byId.set(report.id as string, report);
    const transport = [...byId.values()].find((r) => r.type === 'transport' && r.selectedCandidatePairId);
    const pair =
      byId.get(transport?.selectedCandidatePairId as string) ??
      [...byId.values()].find((r) => r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded');
    if (!pair) return undefined;
    const local = byId.get(pair.localCandidateId as string);
    const remote = byId.get(pair.remoteCandidateId as string);
    return local?.candidateType === 'relay' || remote?.candidateType === 'relay' ? 'relay' : 'direct';
  }

  /**
   * Restarts ICE on an open connection: new candidates for the same connection and channels, as after a network
   * change. Only the side that made the connection's offer can; answers whether it did.
   */
  restartIce(peerId: PeerId): boolean {
    const entry = this.#peers.get(peerId);
    const peer = entry?.peer as (SimplePeer.Instance & { _pc?: RTCPeerConnection; negotiate(): void }) | undefined;
    if (!entry?.initiator || !peer?._pc || peer.destroyed) return false;
    // HACK: simple-peer 9 has no ICE restart of its own; after restartIce() its next offer carries new credentials.
    peer._pc.restartIce();
    peer.negotiate();
    return true;
  }

  /** Opens a connection to `peerId`; `initiator` is true for the newcomer. No-op if one exists. */
  connect(peerId: PeerId, initiator: boolean): void {
    if (this.#closed || this.#peers.has(peerId)) return;
    const entry: PeerEntry = {
      peer: undefined,
      initiator,
      state: 'connecting',
      error: undefined,
      outbox: [],
      files: undefined,
      waiting: [],
      attempts: 0,
      timer: undefined,
    };
    this.#peers.set(peerId, entry);
    this.#open(peerId, entry, initiator);
    this.emit('state', { peerId, state: 'connecting' });
  }

  /** Feeds a relayed signal; a signal from an unknown peer means it initiated to us. */
  signal(from: PeerId, data: object): void {
    if (this.#closed) return;
    const isOffer = (data as { type?: unknown }).type === 'offer';
    const entry = this.#peers.get(from);
    if (!entry) {
      this.connect(from, false);
    } else if (isOffer && !this.#sameConnection(entry, data)) {
      // Short of an ICE restart (same SDP session), an offer means a new connection from their side (theirs was
      // lost, even if ours still looks alive): answer it on a fresh one. Only when our own offer is still pending
      // do the offers cross, and then the smaller id's wins.
      if (entry.initiator && entry.peer && entry.state === 'connecting' && this.#weOpen(from)) return;
      this.#open(from, entry, false);
    }
    const peer = this.#peers.get(from)?.peer;
    if (peer && !peer.destroyed) peer.signal(data as SimplePeer.SignalData);
  }

  /**
   * Sends to one peer in order, queueing while its channel is not open or holds more than it can pass on.
   * Returns false if there is no such peer or its queue is full.
   */
  send(peerId: PeerId, message: PeerMessage): boolean {
    const entry = this.#peers.get(peerId);
    if (!entry || entry.outbox.length >= (this.#options.maxQueued ?? 500)) return false;
    entry.outbox.push(encodePeerMessage(message));
    if (entry.state === 'connected') this.#drain(peerId, entry);
    return true;
  }

  /** Where file-channel frames go, chunks and credits (one taker per mesh: the room's file transfers). */
  takeChunks(sink: ChunkSink): void {
    this.#chunkSink = sink;
  }

  /**
   * Largest chunk frame for `peerId`: what both ends accept (the SCTP transport's negotiated `maxMessageSize`),
   * at most `limit` bytes and 256 KiB, at least the 16 KiB every browser takes.
   */
  chunkFrameBytes(peerId: PeerId, limit = MAX_CHUNK_FRAME): number {
    const pc = (this.#peers.get(peerId)?.peer as { _pc?: RTCPeerConnection } | undefined)?._pc;
    const agreed = pc?.sctp?.maxMessageSize || SAFE_FRAME;
    return Math.max(SAFE_FRAME, Math.min(limit, MAX_CHUNK_FRAME, agreed));
  }

  /**
   * Sends one file chunk frame if the file channel has room for it now: open, no chat frame waiting (they go first)
   * and less than the chunk high-water mark held. False otherwise: wait for `writable` and try again. The channel
   * copies the frame before this returns, so the caller may reuse its buffer.
   */
  sendChunk(peerId: PeerId, frame: Uint8Array): boolean {
    const entry = this.#peers.get(peerId);
    const files = entry?.files;
    if (!entry || files?.readyState !== 'open' || entry.state !== 'connected' || entry.outbox.length) return false;
    if (files.bufferedAmount >= CHUNK_HIGH_WATER) return false;
    files.send(frame as Uint8Array<ArrayBuffer>);
    return true;
  }

  /** Sends a credit frame on `peerId`'s file channel if it is open (a credit is small and never waits). */
  sendCredit(peerId: PeerId, frame: Uint8Array): void {
    const files = this.#peers.get(peerId)?.files;
    if (files?.readyState === 'open') files.send(frame as Uint8Array<ArrayBuffer>);
  }

  /**
   * Resolves once `peerId`'s channel may take chunks again (it drained below the low-water mark, its chat queue
   * emptied), or its connection changed state or went: the caller checks again either way.
   */
  writable(peerId: PeerId): Promise<void> {
    const entry = this.#peers.get(peerId);
    if (!entry) return Promise.resolve();
    return new Promise((resolve) => entry.waiting.push(resolve));
  }

  /** Sends to every peer; returns the peers it was sent or queued to. */
  broadcast(message: PeerMessage): PeerId[] {
    return this.peerIds().filter((peerId) => this.send(peerId, message));
  }

  /** Destroys the connection to one peer (it left the room) and stops re-opening it. */
  remove(peerId: PeerId): void {
    const entry = this.#peers.get(peerId);
    if (!entry) return;
    this.#peers.delete(peerId);
    this.#wake(entry);
    clearTimeout(entry.timer);
    clearTimeout(this.#limits.get(peerId)?.timer);
    this.#limits.delete(peerId);
    entry.peer?.destroy();
    this.emit('removed', { peerId });
  }

  state(peerId: PeerId): PeerState | undefined {
    return this.#peers.get(peerId)?.state;
  }

  /** Why the connection to `peerId` last failed, while it is not open again (see MeshEvents.state). */
  failure(peerId: PeerId): string | undefined {
    return this.#peers.get(peerId)?.error;
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

  /** Replaces the entry's connection with a fresh one. */
  #open(peerId: PeerId, entry: PeerEntry, initiator: boolean): void {
    clearTimeout(entry.timer);
    entry.peer?.destroy();
    const config: RTCConfiguration = { iceServers: this.#iceServers };
    if (this.#options.relayOnly) config.iceTransportPolicy = 'relay';
    const peer = new SimplePeer({ initiator, trickle: true, config });
    entry.peer = peer;
    entry.initiator = initiator;
    const current = () => this.#peers.get(peerId) === entry && entry.peer === peer;
    entry.files = this.#fileChannel(peerId, peer, current);
    peer.on('signal', (data) => current() && this.#options.sendSignal(peerId, data));
    peer.on('connect', () => {
      if (!current()) return;
      clearTimeout(entry.timer);
      entry.attempts = 0;
      entry.error = undefined;
      this.#setState(peerId, entry, 'connected');
      this.#drain(peerId, entry);
    });
    // A connection gone 'disconnected' (a network change) first gets an ICE restart on the same channels; if ICE
    // then fails, simple-peer closes it and it is re-opened in full.
    peer.on('iceStateChange', (state: RTCIceConnectionState) => {
      if (!current() || entry.state !== 'connected') return;
      clearTimeout(entry.timer);
      if (state === 'disconnected')
        entry.timer = setTimeout(() => current() && this.restartIce(peerId), ICE_RESTART_AFTER_MS);
    });
    // HACK: simple-peer passes each frame through its Readable stream (a 'data' event and stream bookkeeping per
    // frame, thousands of times in a flood); frames are taken from its channel's message handler instead, one call
    // each, in the channel's order.
    (peer as unknown as { _onChannelMessage(event: MessageEvent): void })._onChannelMessage = ({ data }) => {
      if (!peer.destroyed && current())
        this.#receive(peerId, data instanceof ArrayBuffer ? new Uint8Array(data) : data);
    };
    // simple-peer emits 'error' (with a code) and then 'close' for one failure: the first one to arrive counts.
    peer.on('error', (err: Error & { code?: string }) => current() && this.#lost(peerId, entry, err.code ?? err.name));
    peer.on('close', () => current() && this.#lost(peerId, entry));
    entry.timer = setTimeout(
      () => current() && this.#lost(peerId, entry, ERR_CONNECT_TIMEOUT),
      this.#options.connectTimeoutMs ?? 20_000,
    );
    if (entry.state !== 'connecting') this.#setState(peerId, entry, 'connecting');
  }

  /**
   * The connection failed (`error`: why) or closed: show it, then re-open it after a backoff if it is ours to
   * re-open. A failure is logged once per attempt, so the backoff bounds how often.
   */
  #lost(peerId: PeerId, entry: PeerEntry, error?: string): void {
    clearTimeout(entry.timer);
    entry.peer?.destroy();
    entry.peer = undefined;
    entry.error = error;
    if (error) this.#warn(`Dialog: the connection to peer ${peerId} failed (${error})`);
    this.#setState(peerId, entry, 'failed');
    if (this.#closed || !this.#weOpen(peerId, entry)) return; // the other side will send a fresh offer
    const base = this.#options.backoffMs ?? 500;
    const wait = Math.min(this.#options.maxBackoffMs ?? 10_000, base * 2 ** entry.attempts);
    entry.attempts++;
    entry.timer = setTimeout(() => this.#peers.get(peerId) === entry && this.#open(peerId, entry, true), wait);
  }

  /** Whether an offer renegotiates the open connection (an ICE restart): the SDP session it already answered. */
  #sameConnection(entry: PeerEntry, data: object): boolean {
    const pc = (entry.peer as { _pc?: RTCPeerConnection } | undefined)?._pc;
    const session = (sdp: unknown) => (typeof sdp === 'string' ? /^o=\S+ (\d+) /m.exec(sdp)?.[1] : undefined);
    const current = session(pc?.remoteDescription?.sdp);
    return current !== undefined && current === session((data as { sdp?: unknown }).sdp);
  }

  /** Whether this side opens (and re-opens) the connection to `peerId`. */
  #weOpen(peerId: PeerId, entry = this.#peers.get(peerId)): boolean {
    const selfId = this.#options.selfId;
    return selfId ? selfId < peerId : (entry?.initiator ?? false);
  }

  #setState(peerId: PeerId, entry: PeerEntry, state: PeerState): void {
    if (this.#peers.get(peerId) !== entry || entry.state === state) return;
    entry.state = state;
    this.#wake(entry);
    this.emit('state', state === 'failed' && entry.error ? { peerId, state, error: entry.error } : { peerId, state });
  }

  #receive(from: PeerId, frame: unknown): void {
    const limit = this.#limit(from);
    // Receipts answer what we sent, so they are bounded already and never count against the peer. Over the limit,
    // anything that cannot be one is dropped unread.
    if (!limit.bucket.ready() && !mayBeReceipt(frame)) {
      this.#drop(from, limit);
      return;
    }
    const decoded = decodePeerMessage(frame);
    const receipt = decoded.ok && (decoded.message.type === 'ack' || decoded.message.type === 'refused');
    if (!receipt && !limit.bucket.take()) this.#drop(from, limit);
    else if (decoded.ok) this.emit('message', { from, message: decoded.message });
    else this.#rejected(from, limit, decoded.reason);
  }

  /**
   * A frame failed validation: a broken or hostile peer, or one speaking another version. Logged with the peer and
   * the reason, at most once per `rejectLogMs` per peer (a flood of bad frames must not flood the console too).
   */
  #rejected(from: PeerId, limit: ReceiveLimit, reason: string): void {
    this.emit('rejected', { from, reason });
    const now = performance.now();
    if (now < limit.warnAfter) {
      limit.unlogged++;
      return;
    }
    const more = limit.unlogged ? ` (and ${limit.unlogged} more since the last warning)` : '';
    this.#warn(`Dialog: rejected a frame from peer ${from}: ${reason}${more}`);
    limit.warnAfter = now + (this.#options.rejectLogMs ?? 10_000);
    limit.unlogged = 0;
  }

  #warn(message: string): void {
    (this.#options.warn ?? console.warn)(message);
  }

  #limit(from: PeerId): ReceiveLimit {
    let limit = this.#limits.get(from);
    if (!limit) {
      const o = this.#options;
      limit = {
        bucket: new TokenBucket({
          perSecond: o.receivePerSecond ?? PEER_RECEIVE_LIMIT.perSecond,
          burst: o.receiveBurst ?? PEER_RECEIVE_LIMIT.burst,
        }),
        lastDrop: 0,
        dropped: 0,
        warnAfter: 0,
        unlogged: 0,
      };
      this.#limits.set(from, limit);
    }
    return limit;
  }

  /**
   * A frame over the peer's limit is dropped; the peer is marked until it calms down. Far past the limit its
   * connection is closed (and opened again as any lost one): what it still had on the way would cost this page each
   * frame's arrival, thousands of them, for nothing.
   */
  #drop(from: PeerId, limit: ReceiveLimit): void {
    limit.lastDrop = performance.now();
    if (++limit.dropped >= (this.#options.cutOffAfterDropped ?? PEER_CUT_OFF_AFTER_DROPPED)) {
      limit.dropped = 0;
      const entry = this.#peers.get(from);
      if (entry?.peer) this.#lost(from, entry, ERR_FLOODING);
    }
    if (limit.timer) return;
    this.emit('flooding', { peerId: from, flooding: true });
    this.#calm(from, limit, this.#options.floodQuietMs ?? 5000);
  }

  /** Clears the flooding mark once the peer has sent nothing over its limit for `quietMs`. */
  #calm(from: PeerId, limit: ReceiveLimit, quietMs: number): void {
    const left = limit.lastDrop + quietMs - performance.now();
    limit.timer = setTimeout(
      () => {
        if (this.#limits.get(from) !== limit) return;
        if (performance.now() - limit.lastDrop < quietMs) return this.#calm(from, limit, quietMs);
        limit.timer = undefined;
        limit.dropped = 0;
        this.emit('flooding', { peerId: from, flooding: false });
      },
      Math.max(0, left),
    );
  }

  /**
   * Passes queued frames to the open channel while it holds less than the high-water mark, then waits for it to
   * drain (`bufferedamountlow`) before the rest: a fast sender neither overfills the channel nor reorders.
   */
  #drain(peerId: PeerId, entry: PeerEntry): void {
    const peer = entry.peer;
    const channel = this.#channel(entry);
    if (!peer || !channel || this.#peers.get(peerId) !== entry || entry.state !== 'connected') return;
    let sent = 0;
    while (sent < entry.outbox.length && channel.bufferedAmount <= HIGH_WATER_BYTES)
      peer.send(entry.outbox[sent++] as string);
    entry.outbox.splice(0, sent);
    if (!entry.outbox.length) this.#wake(entry);
    if (!entry.outbox.length || this.#draining.has(channel)) return;
    this.#draining.add(channel);
    const onLow = () => {
      this.#draining.delete(channel);
      if (entry.peer === peer) this.#drain(peerId, entry);
    };
    channel.addEventListener('bufferedamountlow', onLow, { once: true });
  }

  /**
   * Opens the file channel of a new connection. Both ends make it themselves (`negotiated`, one agreed stream id), so
   * simple-peer, which takes any channel the other side announces as its own, never sees it. A chunk of an accepted
   * transfer (or a credit for one being sent) is bounded by that transfer; anything else sent on it counts against the
   * peer's limit and is rejected.
   */
  #fileChannel(peerId: PeerId, peer: SimplePeer.Instance, current: () => boolean): RTCDataChannel {
    const pc = (peer as unknown as { _pc: RTCPeerConnection })._pc;
    const files = pc.createDataChannel(FILE_CHANNEL.label, { negotiated: true, id: FILE_CHANNEL.id });
    files.binaryType = 'arraybuffer';
    files.bufferedAmountLowThreshold = CHUNK_LOW_WATER;
    files.addEventListener('message', ({ data }) => {
      if (!current()) return;
      const frame = data instanceof ArrayBuffer ? new Uint8Array(data) : data;
      if (frame instanceof Uint8Array && this.#chunkSink?.(peerId, frame)) return;
      const limit = this.#limit(peerId);
      if (limit.bucket.take()) this.#rejected(peerId, limit, 'not a chunk of a file it was sending');
      else this.#drop(peerId, limit);
    });
    // Whoever waits to send chunks is woken each time it drains below the low-water mark.
    files.addEventListener('bufferedamountlow', () => {
      const entry = this.#peers.get(peerId);
      if (current() && entry) this.#wake(entry);
    });
    return files;
  }

  /** The entry's open data channel. */
  #channel(entry: PeerEntry): RTCDataChannel | undefined {
    // HACK: simple-peer keeps its RTCDataChannel private and emits no drain event of its own.
    return (entry.peer as unknown as { _channel?: RTCDataChannel | null } | undefined)?._channel ?? undefined;
  }

  #wake(entry: PeerEntry): void {
    for (const resolve of entry.waiting.splice(0)) resolve();
  }
}
