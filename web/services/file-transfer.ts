import type { IHasher } from 'hash-wasm';
import {
  CHUNK_HEADER_BYTES,
  chunkFrames,
  decodeChunk,
  decodeCredit,
  encodeCredit,
  type FileCancelReason,
  type FileOffer,
  isChunkFrame,
  isCreditFrame,
  type KeptFile,
  LIMITS,
  type PeerId,
  type PeerMessage,
  type UserSummary,
} from '../../shared/protocol.ts';
import { t } from '../i18n/locale.ts';
import { Emitter } from './emitter.ts';
import { formatBytes, PICTURE_TYPES, type PictureKind, safeFileName, sniffPicture } from './file-kinds.ts';
import type { FileStore } from './file-store.ts';
import type { Mesh } from './mesh.ts';
import { randomId } from './random-id.ts';
import { ReceivedBytes } from './received-bytes.ts';
import type { RoomSession } from './room-session.ts';

export type TransferState = 'preparing' | 'waiting' | 'sending' | 'receiving' | 'done' | 'cancelled' | 'failed';

/** One file going out or coming in, as the person sees it. A new object whenever anything in it changes. */
export interface Transfer {
  id: string;
  direction: 'out' | 'in';
  /** Sanitised for display and saving. */
  name: string;
  size: number;
  /** The type the sender declared; shown, never trusted. */
  mime: string;
  /** Incoming: who sends it. Outgoing personal: to whom. */
  person?: UserSummary;
  personal: boolean;
  state: TransferState;
  /** Bytes moved so far (for several receivers, added up) out of `total`. */
  moved: number;
  total: number;
  /** Once bytes move: bytes per second so far, and the seconds left at that pace. */
  bytesPerSecond?: number;
  secondsLeft?: number;
  /** What happened, in words ("Cancelled by Ann", "Delivered to bob and cat"). */
  status: string;
  /** The finished file as a blob URL: a picture typed as such, anything else as opaque bytes. */
  url?: string;
  /** Told by the file's first bytes, never by its declared type or name. */
  picture?: PictureKind;
}

export interface FileTransferEvents extends Record<string, unknown> {
  change: undefined;
}

export interface FileTransferOptions {
  /** Largest file sent or taken, in bytes. Default `LIMITS.fileBytes` (100 MB). */
  maxBytes?: number;
  /** Whether files from `username` are refused (the person said so, or blocked them). Default: nobody's. */
  refuses?: (username: string) => boolean;
  /** Largest chunk frame sent, in bytes (capped by what both ends accept). Default 16 KiB. */
  chunkFrameBytes?: number;
  /** Where finished files are kept across reloads (received ones with their bytes). Default: nowhere. */
  store?: FileStore;
  /** A transfer that moves no byte (nor is taken) for this long fails on both sides. Default 30 s. */
  stallMs?: number;
  /** Time and timers. Default the page's (`performance.now`, `setTimeout`). */
  clock?: Clock;
}

/** What a transfer reads the time from and waits with: tests pass their own, so no test sleeps. */
export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

const PAGE_CLOCK: Clock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

/** How one receiving tab is doing with an outgoing file. */
interface Leg {
  user: UserSummary;
  state: 'offered' | 'sending' | 'done' | 'lost' | FileCancelReason;
  sent: number;
  /** Bytes the tab said it has taken (its credits): the sender runs at most `WINDOW_BYTES` ahead of them. */
  taken: number;
  /** Wakes the sending loop waiting for a credit (one came, or the leg or the transfer changed). */
  wake: (() => void) | undefined;
  /** When it last moved (offered, taken, a chunk sent): a leg still for `stallMs` is stopped. */
  movedAt: number;
}

interface Outgoing {
  view: Transfer;
  file: Blob;
  mesh?: Mesh;
  legs: Map<PeerId, Leg>;
  startedAt?: number;
}

interface Incoming {
  view: Transfer;
  from: PeerId;
  offer: FileOffer;
  /** The SHA-256 of the bytes so far; there once the offer is taken, before any chunk may come. */
  hash?: IHasher;
  /** What came so far, in a bounded buffer and blob parts (never the whole file in page memory). */
  bytes: ReceivedBytes;
  received: number;
  startedAt?: number;
  /** When the offer or the last chunk came. */
  movedAt: number;
}

/** Chunk frames are this big unless a test says otherwise: small, so that little is ever in flight. */
const CHUNK_FRAME_BYTES = 16 * 1024;
/**
 * Bytes sent to a tab beyond what it has taken. What is in flight on a connection is what a chat message sent then
 * waits behind (in the SCTP association, the network service and the receiving page): with this bound chat keeps
 * its usual latency during a transfer, where a full send buffer cost it ~150 ms. Credits pace the sender to what
 * the receiver and the machine manage.
 */
const WINDOW_BYTES = 32 * 1024;
/** Bytes read from a file at once when hashing or sending it. */
const READ_BYTES = 4 * 1024 * 1024;
/** Least time between two progress renders. */
const PROGRESS_MS = 100;

/**
 * Files shared in one room, browser to browser, over the room's mesh: the sender hashes a file and offers it; each
 * receiving tab accepts (or refuses), takes the chunks, checks the SHA-256 and only then shows the file. Either
 * side can cancel; nothing half-received is ever shown. Chunks go on each connection's file channel, only while it
 * has room and after any waiting chat frame (see `Mesh.sendChunk`), so chat keeps flowing during a transfer.
 */
export class FileTransfers extends Emitter<FileTransferEvents> {
  readonly #session: RoomSession;
  readonly #options: FileTransferOptions;
  readonly #out = new Map<string, Outgoing>();
  readonly #in = new Map<string, Incoming>();
  /** Files of earlier visits to the room, as kept in the store. */
  readonly #kept = new Map<string, Transfer>();
  /** Every transfer's id, oldest first. */
  readonly #order: string[] = [];
  /** Whose files in which room the store holds, once the session knows who this is. */
  #owner: string | undefined;
  #view: readonly Transfer[] | undefined;
  #mesh: Mesh | undefined;
  readonly #off: (() => void)[] = [];
  #meshOff: (() => void)[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Looks for stalled transfers while any is under way. */
  #watch: unknown;

  constructor(session: RoomSession, options: FileTransferOptions = {}) {
    super();
    this.#session = session;
    this.#options = options;
    this.#off.push(
      session.on('mesh', (mesh) => this.#attach(mesh)),
      session.on('change', () => this.#follow()),
    );
    if (session.mesh) this.#attach(session.mesh);
    this.#follow();
  }

  /** The room session whose files these are. */
  get session(): RoomSession {
    return this.#session;
  }

  get maxBytes(): number {
    return this.#options.maxBytes ?? LIMITS.fileBytes;
  }

  /** Every transfer of this room, oldest first; a new array once any changed. */
  get transfers(): readonly Transfer[] {
    this.#view ??= this.#order.map(
      (id) => (this.#out.get(id)?.view ?? this.#in.get(id)?.view ?? this.#kept.get(id)) as Transfer,
    );
    return this.#view;
  }

  /** Sends files to everyone in the room, or with `to` to that person's tabs only. */
  async send(files: readonly File[], to?: string): Promise<void> {
    for (const file of files) await this.#sendOne(file, to);
  }

  /** Stops a transfer this side is part of; the other side is told and drops what it has. */
  cancel(id: string): void {
    const out = this.#out.get(id);
    if (out && isActive(out.view.state)) {
      for (const [peerId, leg] of out.legs)
        if (leg.state === 'offered' || leg.state === 'sending') out.mesh?.send(peerId, cancelMessage(id, 'cancelled'));
      this.#set(out, { state: 'cancelled', status: t('transfer.youCancelled'), ...NO_PACE });
      for (const leg of out.legs.values()) this.#wake(leg);
      return;
    }
    const incoming = this.#in.get(id);
    if (incoming?.view.state !== 'receiving') return;
    this.#mesh?.send(incoming.from, cancelMessage(id, 'cancelled'));
    this.#end(incoming, 'cancelled', t('transfer.youCancelled'));
  }

  /** The bytes of every received file are gone from this device (the person forgot them): the cards say so. */
  bytesForgotten(): void {
    const gone = (view: Transfer): Transfer => {
      if (view.direction !== 'in' || view.state !== 'done' || !view.url) return view;
      URL.revokeObjectURL(view.url);
      return { ...view, url: undefined, picture: undefined, status: t('transfer.notKept') };
    };
    for (const incoming of this.#in.values()) incoming.view = gone(incoming.view);
    for (const [id, view] of this.#kept) this.#kept.set(id, gone(view));
    this.#changed(0);
  }

  /** Lets go of the room: every transfer stops, every file shown is released. */
  dispose(): void {
    for (const off of [...this.#off.splice(0), ...this.#meshOff.splice(0)]) off();
    for (const id of this.#order) this.cancel(id);
    clearTimeout(this.#timer);
    this.#clock.clearTimeout(this.#watch);
    for (const t of this.transfers) if (t.url) URL.revokeObjectURL(t.url);
    this.removeAllListeners();
  }

  #attach(mesh: Mesh): void {
    for (const off of this.#meshOff.splice(0)) off();
    this.#mesh = mesh;
    mesh.takeChunks((from, frame) =>
      isChunkFrame(frame) ? this.#chunk(from, frame) : isCreditFrame(frame) && this.#credit(from, frame),
    );
    this.#meshOff.push(
      mesh.on('message', ({ from, message }) => this.#receive(mesh, from, message)),
      mesh.on('state', ({ peerId, state }) => state !== 'connected' && this.#lost(peerId)),
      mesh.on('removed', ({ peerId }) => this.#lost(peerId)),
    );
  }

  /** Offers one file to the tabs it is for, once hashed; a file that cannot be sent says why on its card. */
  async #sendOne(file: File, to: string | undefined): Promise<void> {
    const targets = [...this.#session.peers.values()].filter((p) => !to || p.user.username === to);
    const out: Outgoing = {
      file,
      legs: new Map(),
      view: {
        id: randomId(),
        direction: 'out',
        name: safeFileName(file.name),
        size: file.size,
        mime: file.type,
        person: to ? targets[0]?.user : undefined,
        personal: !!to,
        state: 'preparing',
        moved: 0,
        total: file.size,
        status: t('transfer.preparing'),
      },
    };
    this.#add(out);
    const refusal = this.#refusal(file, to !== undefined, targets.length);
    if (refusal) {
      this.#set(out, { state: 'failed', status: refusal });
      return;
    }
    const digest = await this.#prepare(out).catch((err: unknown) => {
      console.warn('dialog: could not read a file to send', err);
      this.#set(out, { state: 'failed', status: t('transfer.unreadable') });
    });
    const mesh = this.#mesh;
    if (!digest || out.view.state !== 'preparing' || !mesh) return;
    const offer: FileOffer = {
      type: 'file-offer',
      id: out.view.id,
      sentAt: Date.now(),
      name: out.view.name,
      size: file.size,
      mime: file.type.slice(0, 100),
      sha256: digest,
      ...(to && { personal: true }),
    };
    out.mesh = mesh;
    for (const p of targets)
      if (mesh.send(p.peerId, offer))
        out.legs.set(p.peerId, {
          user: p.user,
          state: 'offered',
          sent: 0,
          taken: 0,
          wake: undefined,
          movedAt: this.#now(),
        });
    this.#summarise(out);
    const what = t('transfer.what', out.view.name, formatBytes(file.size));
    this.#session.note(
      out.view.person ? t('transfer.youSent', out.view.person.displayName, what) : t('transfer.youShared', what),
    );
  }

  /** Shows one's own picture on its card, and answers the file's SHA-256. */
  async #prepare(out: Outgoing): Promise<string> {
    const file = out.file;
    const picture = sniffPicture(new Uint8Array(await file.slice(0, 12).arrayBuffer()));
    if (picture)
      this.#set(out, { picture, url: URL.createObjectURL(file.slice(0, file.size, PICTURE_TYPES[picture])) });
    return hashBlob(file);
  }

  /** Why a file cannot be sent, in words; undefined when it can. */
  #refusal(file: File, personal: boolean, receivers: number): string | undefined {
    const name = safeFileName(file.name);
    if (file.size === 0) return t('transfer.empty', name);
    if (file.size > this.maxBytes)
      return t('transfer.tooBig', name, formatBytes(file.size), formatBytes(this.maxBytes));
    if (!receivers) return t(personal ? 'transfer.theyLeft' : 'transfer.nobody');
    return undefined;
  }

  #receive(mesh: Mesh, from: PeerId, message: PeerMessage): void {
    switch (message.type) {
      case 'file-offer':
        this.#offered(mesh, from, message);
        return;
      case 'file-accept': {
        const out = this.#out.get(message.id);
        const leg = out?.legs.get(from);
        if (!out || leg?.state !== 'offered' || !isActive(out.view.state)) return;
        leg.state = 'sending';
        leg.movedAt = this.#now();
        out.startedAt ??= this.#now();
        this.#summarise(out);
        void this.#pump(out, mesh, from, leg);
        return;
      }
      case 'file-done': {
        const out = this.#out.get(message.id);
        const leg = out?.legs.get(from);
        if (!out || leg?.state !== 'sending' || leg.sent !== out.file.size) return;
        leg.state = 'done';
        this.#summarise(out);
        return;
      }
      case 'file-cancel':
        this.#cancelled(from, message.id, message.reason);
        return;
    }
  }

  #offered(mesh: Mesh, from: PeerId, offer: FileOffer): void {
    const author = this.#session.peers.get(from)?.user;
    if (!author || this.#in.has(offer.id) || this.#out.has(offer.id)) return;
    if (this.#options.refuses?.(author.username)) {
      mesh.send(from, cancelMessage(offer.id, 'refused'));
      return;
    }
    const name = safeFileName(offer.name);
    const incoming: Incoming = {
      from,
      offer,
      bytes: new ReceivedBytes(),
      received: 0,
      movedAt: this.#now(),
      view: {
        id: offer.id,
        direction: 'in',
        name,
        size: offer.size,
        mime: offer.mime,
        person: author,
        personal: offer.personal === true,
        state: 'receiving',
        moved: 0,
        total: offer.size,
        status: t('transfer.from', author.displayName),
      },
    };
    this.#add(incoming);
    if (offer.size > this.maxBytes) {
      mesh.send(from, cancelMessage(offer.id, 'too-large'));
      const limit = formatBytes(this.maxBytes);
      this.#end(incoming, 'failed', t('transfer.notTaken', formatBytes(offer.size), limit));
      return;
    }
    void this.#accept(mesh, incoming);
    const what = t('transfer.what', name, formatBytes(offer.size));
    this.#session.note(
      incoming.view.personal
        ? t('transfer.sentYou', author.displayName, what)
        : t('transfer.shared', author.displayName, what),
    );
  }

  /** Takes the offer once a hasher is ready for its bytes (WebAssembly: a third of the CPU of a JS SHA-256). */
  async #accept(mesh: Mesh, incoming: Incoming): Promise<void> {
    const hash = await sha256().catch((err: unknown) => console.warn('dialog: no SHA-256 for a file', err));
    if (incoming.view.state !== 'receiving') return;
    if (!hash) {
      mesh.send(incoming.from, cancelMessage(incoming.offer.id, 'cancelled'));
      this.#end(incoming, 'failed', t('transfer.unreadable'));
      return;
    }
    incoming.hash = hash;
    mesh.send(incoming.from, { type: 'file-accept', id: incoming.offer.id });
  }

  /** Takes a chunk of a transfer accepted from `from`; chunks of one that ended are dropped, up to its size. */
  #chunk(from: PeerId, frame: Uint8Array): boolean {
    const { id, payload } = decodeChunk(frame);
    const incoming = this.#in.get(id);
    const hash = incoming?.hash;
    if (!incoming || !hash || incoming.from !== from || incoming.received + payload.length > incoming.offer.size)
      return false;
    incoming.received += payload.length;
    if (incoming.view.state !== 'receiving') return true;
    incoming.startedAt ??= this.#now();
    incoming.movedAt = this.#now();
    hash.update(payload);
    incoming.bytes.push(payload);
    this.#mesh?.sendCredit(from, encodeCredit(id, incoming.received));
    if (incoming.received < incoming.offer.size) {
      this.#progress(incoming, incoming.received);
      return true;
    }
    void this.#verify(incoming, hash.digest('hex'));
    return true;
  }

  /** Takes a credit for a transfer this side sends to `from`, and lets its sending loop go on. */
  #credit(from: PeerId, frame: Uint8Array): boolean {
    const { id, taken } = decodeCredit(frame);
    const leg = this.#out.get(id)?.legs.get(from);
    if (!leg) return false;
    if (taken > leg.taken && taken <= leg.sent) leg.taken = taken;
    this.#wake(leg);
    return true;
  }

  #wake(leg: Leg): void {
    const wake = leg.wake;
    leg.wake = undefined;
    wake?.();
  }

  /** Every byte is in (`digest`: their SHA-256): shown only if it is the file offered. */
  async #verify(incoming: Incoming, digest: string): Promise<void> {
    const { offer, from } = incoming;
    if (digest !== offer.sha256) {
      this.#mesh?.send(from, cancelMessage(offer.id, 'damaged'));
      this.#end(incoming, 'failed', t('transfer.damaged'));
      return;
    }
    const bytes = incoming.bytes.take();
    this.#mesh?.send(from, { type: 'file-done', id: offer.id });
    const picture = sniffPicture(new Uint8Array(await bytes.slice(0, 12).arrayBuffer()));
    const blob = bytes.slice(0, bytes.size, picture ? PICTURE_TYPES[picture] : 'application/octet-stream');
    if (incoming.view.state !== 'receiving') return;
    // Kept before it shows: a reload right after still finds it.
    await this.#keep(incoming.view, blob);
    if (incoming.view.state !== 'receiving') return;
    this.#set(incoming, { state: 'done', moved: offer.size, url: URL.createObjectURL(blob), picture, ...NO_PACE });
  }

  #cancelled(from: PeerId, id: string, reason: FileCancelReason): void {
    const out = this.#out.get(id);
    const leg = out?.legs.get(from);
    if (out && (leg?.state === 'offered' || leg?.state === 'sending')) {
      leg.state = reason;
      this.#summarise(out);
      return;
    }
    const incoming = this.#in.get(id);
    if (incoming?.from !== from || incoming.view.state !== 'receiving') return;
    if (reason === 'stalled') this.#end(incoming, 'failed', t('transfer.stalled'));
    else
      this.#end(
        incoming,
        'cancelled',
        t('transfer.senderCancelled', incoming.view.person?.displayName ?? t('transfer.theSender')),
      );
  }

  /** A connection went: whatever was moving over it stops (its channel, and the chunks in it, are gone). */
  #lost(peerId: PeerId): void {
    for (const out of this.#out.values()) {
      const leg = out.legs.get(peerId);
      if (leg?.state !== 'offered' && leg?.state !== 'sending') continue;
      leg.state = 'lost';
      this.#summarise(out);
    }
    for (const incoming of this.#in.values())
      if (incoming.from === peerId && incoming.view.state === 'receiving')
        this.#end(incoming, 'failed', t('transfer.lost'));
  }

  /** Sends the file's chunks to one tab while the transfer and the connection last. */
  async #pump(out: Outgoing, mesh: Mesh, peerId: PeerId, leg: Leg): Promise<void> {
    const step = mesh.chunkFrameBytes(peerId, this.#options.chunkFrameBytes ?? CHUNK_FRAME_BYTES) - CHUNK_HEADER_BYTES;
    const size = out.file.size;
    const frameOf = chunkFrames(out.view.id, step);
    let block = new Uint8Array();
    let blockAt = 0;
    const going = () => leg.state === 'sending' && out.view.state === 'sending' && mesh.state(peerId) === 'connected';
    while (going() && leg.sent < size) {
      if (leg.sent - leg.taken >= WINDOW_BYTES) {
        await new Promise<void>((resolve) => {
          leg.wake = resolve;
        });
        continue;
      }
      if (leg.sent >= blockAt + block.length) {
        blockAt = leg.sent;
        block = new Uint8Array(await out.file.slice(blockAt, blockAt + READ_BYTES).arrayBuffer());
        continue;
      }
      const from = leg.sent - blockAt;
      const frame = frameOf(block.subarray(from, from + step));
      if (!mesh.sendChunk(peerId, frame)) {
        await mesh.writable(peerId);
        continue;
      }
      leg.sent += frame.length - CHUNK_HEADER_BYTES;
      leg.movedAt = this.#now();
      this.#progress(out, sumSent(out));
    }
    if (leg.state === 'sending' && leg.sent < size && out.view.state === 'sending') this.#lost(peerId);
  }

  /** The outgoing view from its legs: moving while any tab takes it, then what became of each person. */
  #summarise(out: Outgoing): void {
    for (const leg of out.legs.values()) this.#wake(leg);
    if (!isActive(out.view.state)) return;
    const legs = [...out.legs.values()];
    const counted = legs.filter((l) => l.state !== 'refused' && l.state !== 'too-large');
    const total = out.file.size * Math.max(1, counted.length);
    const moving = legs.some((l) => l.state === 'sending');
    if (moving || legs.some((l) => l.state === 'offered')) {
      const state = moving ? 'sending' : 'waiting';
      const status = moving ? outcome(legs) || t('transfer.sending') : t('transfer.waiting');
      this.#set(out, { state, status, total, moved: sumSent(out) });
      return;
    }
    const delivered = legs.some((l) => l.state === 'done');
    if (delivered) void this.#keep(out.view);
    this.#set(out, {
      state: delivered ? 'done' : 'failed',
      status: outcome(legs),
      total,
      moved: sumSent(out),
      ...NO_PACE,
    });
  }

  #progress(record: Outgoing | Incoming, moved: number): void {
    const seconds = (this.#now() - (record.startedAt ?? this.#now())) / 1000;
    const rate = seconds > 0.2 ? moved / seconds : undefined;
    const total = record.view.total;
    record.view = {
      ...record.view,
      moved,
      bytesPerSecond: rate,
      secondsLeft: rate ? (total - moved) / rate : undefined,
    };
    this.#changed(PROGRESS_MS);
  }

  /** An incoming transfer stops for good: what arrived is dropped. */
  #end(incoming: Incoming, state: 'cancelled' | 'failed', status: string): void {
    incoming.bytes.drop();
    this.#set(incoming, { state, status, ...NO_PACE });
  }

  #add(record: Outgoing | Incoming): void {
    (record.view.direction === 'out' ? this.#out : this.#in).set(record.view.id, record as Outgoing & Incoming);
    this.#order.push(record.view.id);
    this.#changed(0);
    this.#watchStalls();
  }

  /** While any transfer is under way, looks a few times per `stallMs` for one that stopped moving. */
  #watchStalls(): void {
    if (this.#watch !== undefined) return;
    const stallMs = this.#options.stallMs ?? 30_000;
    this.#watch = this.#clock.setTimeout(() => {
      this.#watch = undefined;
      const before = this.#now() - stallMs;
      for (const out of this.#out.values()) this.#stopStalledLegs(out, before);
      for (const incoming of this.#in.values()) {
        if (incoming.view.state !== 'receiving' || incoming.movedAt > before) continue;
        this.#mesh?.send(incoming.from, cancelMessage(incoming.view.id, 'stalled'));
        this.#end(incoming, 'failed', t('transfer.stalled'));
      }
      const active = [...this.#out.values(), ...this.#in.values()].some((r) => isActive(r.view.state));
      if (active) this.#watchStalls();
    }, stallMs / 4);
  }

  /** Stops each tab's leg that has not moved since `before`; that tab is told and drops what it has. */
  #stopStalledLegs(out: Outgoing, before: number): void {
    if (!isActive(out.view.state)) return;
    let stopped = false;
    for (const [peerId, leg] of out.legs) {
      if ((leg.state !== 'offered' && leg.state !== 'sending') || leg.movedAt > before) continue;
      out.mesh?.send(peerId, cancelMessage(out.view.id, 'stalled'));
      leg.state = 'stalled';
      stopped = true;
    }
    if (stopped) this.#summarise(out);
  }

  #set(record: Outgoing | Incoming, change: Partial<Transfer>): void {
    record.view = { ...record.view, ...change };
    this.#changed(0);
  }

  /** Tells the page soon: at once for a change of state, at most every `PROGRESS_MS` for progress. */
  #changed(wait: number): void {
    this.#view = undefined;
    if (this.#timer && wait > 0) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.emit('change', undefined);
    }, wait);
  }

  /**
   * The first time the session knows who this is: shows the files kept from earlier visits, oldest first, before
   * any of this visit. When the person leaves the room (or it is deleted), its files are forgotten with its
   * conversation.
   */
  #follow(): void {
    const { status, self } = this.#session;
    if (this.#owner && (status === 'left' || status === 'deleted')) {
      this.#options.store
        ?.forgetRoom(this.#owner, this.#session.roomId)
        .catch((err: unknown) => console.warn('dialog: could not forget the files of a room left', err));
      this.#owner = undefined;
      return;
    }
    if (this.#owner || !self || status === 'left' || status === 'deleted') return;
    this.#owner = self.user.username;
    this.#options.store
      ?.load(this.#owner, this.#session.roomId)
      .then((files) => this.#restore(files))
      .catch((err: unknown) => console.warn('dialog: could not read the files kept for this room', err));
  }

  async #restore(files: readonly KeptFile[]): Promise<void> {
    const views: Transfer[] = [];
    for (const file of files) {
      if (this.#in.has(file.id) || this.#out.has(file.id)) continue;
      const picture = file.blob && sniffPicture(new Uint8Array(await file.blob.slice(0, 12).arrayBuffer()));
      const type = picture ? PICTURE_TYPES[picture] : 'application/octet-stream';
      const name = safeFileName(file.name);
      views.push({
        id: file.id,
        direction: file.direction,
        name,
        size: file.size,
        mime: file.mime,
        person: file.person,
        personal: file.personal,
        state: 'done',
        moved: file.size,
        total: file.size,
        status: keptStatus(file),
        url: file.blob && URL.createObjectURL(file.blob.slice(0, file.size, type)),
        picture,
      });
    }
    for (const view of views) this.#kept.set(view.id, view);
    this.#order.unshift(...views.map((v) => v.id));
    this.#changed(0);
  }

  /** Keeps a finished file (a received one with its bytes) for later visits; one that cannot be kept still shows. */
  async #keep(view: Transfer, blob?: Blob): Promise<void> {
    const owner = this.#owner;
    if (!owner || !this.#options.store) return;
    const { id, direction, name, size, mime, person, personal } = view;
    const file: KeptFile = {
      owner,
      roomId: this.#session.roomId,
      id,
      at: Date.now(),
      direction,
      name,
      size,
      mime,
      personal,
    };
    await this.#options.store
      .keep({ ...file, ...(person && { person }), ...(blob && { blob }) })
      .catch((err: unknown) => console.warn('dialog: could not keep a file on this device', err));
  }

  get #clock(): Clock {
    return this.#options.clock ?? PAGE_CLOCK;
  }

  #now(): number {
    return this.#clock.now();
  }
}

const NO_PACE = { bytesPerSecond: undefined, secondsLeft: undefined } as const;

/** What the card of a file from an earlier visit says. */
function keptStatus(file: KeptFile): string {
  if (file.direction === 'out')
    return file.person ? t('transfer.youSentIt', file.person.displayName) : t('transfer.youSharedIt');
  return file.blob ? t('transfer.from', file.person?.displayName ?? t('transfer.theSender')) : t('transfer.notKept');
}

function isActive(state: TransferState): boolean {
  return state === 'preparing' || state === 'waiting' || state === 'sending' || state === 'receiving';
}

function cancelMessage(id: string, reason: FileCancelReason): PeerMessage {
  return { type: 'file-cancel', id, reason };
}

function sumSent(out: Outgoing): number {
  let sent = 0;
  for (const leg of out.legs.values()) sent += leg.sent;
  return sent;
}

const OUTCOMES = [
  ['done', 'transfer.done'],
  ['cancelled', 'transfer.cancelled'],
  ['refused', 'transfer.refused'],
  ['too-large', 'transfer.tooLarge'],
  ['damaged', 'transfer.arrivedDamaged'],
  ['lost', 'transfer.connectionLost'],
  ['stalled', 'transfer.stalledFor'],
] as const satisfies readonly (readonly [Leg['state'], string])[];

/** What became of the file for each person, in words ("Delivered to bob · cat cancelled it"). */
function outcome(legs: readonly Leg[]): string {
  const parts: string[] = [];
  for (const [state, id] of OUTCOMES) {
    const names = [...new Set(legs.filter((l) => l.state === state).map((l) => l.user.displayName))];
    if (names.length) parts.push(t(id, names.join(t('transfer.and'))));
  }
  return parts.join(' · ');
}

/**
 * A SHA-256 hasher in WebAssembly (5 ms of CPU per MB in Chromium where a JS SHA-256 took 17), fetched with the
 * first file so the page loads without it.
 */
async function sha256(): Promise<IHasher> {
  const { createSHA256 } = await import('./sha256.ts');
  return createSHA256();
}

/**
 * A file's SHA-256 as hex, read a block at a time: incremental, and `crypto.subtle` needs a secure context (a plain
 * http LAN origin has none).
 */
async function hashBlob(blob: Blob): Promise<string> {
  const hash = await sha256();
  for (let at = 0; at < blob.size; at += READ_BYTES)
    hash.update(new Uint8Array(await blob.slice(at, at + READ_BYTES).arrayBuffer()));
  return hash.digest('hex');
}
