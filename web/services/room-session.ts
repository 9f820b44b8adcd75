import {
  type ConversationEntry,
  type Member,
  messageRoom,
  OWN_SEND_LIMIT,
  type PeerId,
  type PeerMessage,
  type RoomEvent,
  type RoomId,
  type RoomJoinResult,
  type RoomListing,
  type ServerListeners,
  type UserSummary,
} from '../../shared/protocol.ts';
import { t } from '../i18n/locale.ts';
import { Conversation } from './conversation.ts';
import { EarlierLines, earlierAnswer } from './earlier-lines.ts';
import { Emitter } from './emitter.ts';
import { type HistoryStore, historyKey } from './history-store.ts';
import { offersRelay, refreshBeforeExpiry } from './ice-servers.ts';
import { Mesh } from './mesh.ts';
import { OutboxDelivery } from './outbox-delivery.ts';
import type { OutboxStore } from './outbox-store.ts';
import { randomId } from './random-id.ts';
import { RoomMembers, type RoomPeer, type RoomPerson } from './room-members.ts';
import type { SignalingClient } from './signaling-client.ts';
import { TokenBucket } from './token-bucket.ts';
import { TypingIndicator } from './typing-indicator.ts';

export type { ConversationEntry };
export type ChatEntry = Extract<ConversationEntry, { kind: 'chat' }>;

export type { RoomPeer, RoomPerson, Route } from './room-members.ts';

export type SessionStatus = 'joining' | 'joined' | 'left' | 'deleted' | 'error';

export interface RoomSessionEvents extends Record<string, unknown> {
  change: undefined;
  /** A new mesh carries the room from now on (on joining, and on rejoining with a new peer id). */
  mesh: Mesh;
  /** The room was deleted, by this person: the session is over. */
  deleted: UserSummary;
}

export interface RoomSessionOptions {
  /** Overrides the ICE servers from the join ack (tests pass `[]`). */
  iceServers?: RTCIceServer[];
  /** Keeps the conversation across reloads. Default: none. */
  history?: HistoryStore;
  now?: () => number;
  /** How long "typing" shows after the last signal. Default 4 s. */
  typingShowsMs?: number;
  /** Least time between two typing signals sent. Default 2 s. */
  typingEveryMs?: number;
  /** Hide this person's network address: connect through the TURN relay only (iceTransportPolicy `relay`). */
  relayOnly?: boolean;
  /** Whether this person blocked `username`: their personal messages are refused, not shown. Default: nobody. */
  blocked?: (username: string) => boolean;
  /**
   * Keeps a direct conversation's messages until the other person's browser confirms them, across reloads and
   * browser restarts. Default: none (messages go only to whoever is connected).
   */
  outbox?: OutboxStore;
}

/** How long "sending too fast" shows after the last send refused for it. */
const TOO_FAST_SHOWS_MS = 1500;

/**
 * A person's presence in one room: signaling + mesh + the conversation they see (kept in the browser across
 * reloads). Components render its state and call its methods; it holds no DOM.
 */
export class RoomSession extends Emitter<RoomSessionEvents> {
  status: SessionStatus = 'joining';
  error = '';
  /** The room as the server describes it (name, topic, owner), kept current by `room:updated`. */
  room: RoomListing | undefined;
  /** The server offered a TURN relay: a connection that still fails failed even through it. */
  relayOffered = false;
  /** A send was just refused: this person sends faster than others' browsers take (see OWN_SEND_LIMIT). */
  sendingTooFast = false;

  readonly #signaling: SignalingClient;
  readonly #roomId: RoomId;
  readonly #options: RoomSessionOptions;
  readonly #unsubscribe: (() => void)[] = [];
  readonly #typing: TypingIndicator;
  readonly #members = new RoomMembers();
  /** Stops asking for fresh TURN credentials. */
  #stopIceRefresh: (() => void) | undefined;
  /** Own messages go out in order, each after it is kept. */
  #sending: Promise<void> = Promise.resolve();
  #mesh: Mesh | undefined;
  /** The lines this person sees, kept in the browser. */
  readonly #conversation: Conversation;
  #changeQueued = false;
  /** What a newcomer was talking about before it came: asked of one member, shown above its own lines. */
  readonly #earlier = new EarlierLines();
  /** A direct conversation's own messages the other person's browser has not confirmed (with an outbox store). */
  readonly #outbox: OutboxDelivery | undefined;
  /** This person's own sends: over OWN_SEND_LIMIT a send is refused, not dropped by every receiver. */
  readonly #sendLimit = new TokenBucket(OWN_SEND_LIMIT);
  #tooFastTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(signaling: SignalingClient, roomId: RoomId, options: RoomSessionOptions = {}) {
    super();
    this.#signaling = signaling;
    this.#roomId = roomId;
    this.#options = options;
    this.#typing = new TypingIndicator(() => this.#changed(), {
      now: () => this.#now(),
      showsMs: options.typingShowsMs,
      everyMs: options.typingEveryMs,
    });
    this.#conversation = new Conversation({
      history: options.history,
      key: () => this.self && historyKey(this.self.user.username, roomId),
      now: () => this.#now(),
      over: () => this.#over(),
      changed: () => this.#changed(),
    });
    this.#outbox =
      options.outbox &&
      new OutboxDelivery({
        store: options.outbox,
        roomId,
        send: (peerId, frame) => this.#mesh?.send(peerId, frame) ?? false,
        flag: (pending) => signaling.pending(roomId, pending),
        sent: (id, peerId) =>
          this.#conversation.replace(id, (e) =>
            e.sentTo.includes(peerId) ? e : { ...e, sentTo: [...e.sentTo, peerId] },
          ),
        refused: (message) => this.#conversation.notice(message),
      });
  }

  get roomId(): RoomId {
    return this.#roomId;
  }

  /** What the person sees, oldest first; a new array once the lines changed (components compare by identity). */
  get conversation(): readonly ConversationEntry[] {
    return this.#conversation.entries;
  }

  /** The connections to everyone in the room (for the room's file transfers); none before joining. */
  get mesh(): Mesh | undefined {
    return this.#mesh;
  }

  /** This tab, once it joined. */
  get self(): Member | undefined {
    return this.#members.self;
  }

  /** Every other tab in the room, with the state of our connection to it. */
  get peers(): ReadonlyMap<PeerId, RoomPeer> {
    return this.#members.peers;
  }

  /** Each person once, you first, then in order of arrival. */
  get people(): RoomPerson[] {
    return this.#members.people;
  }

  /** Own messages not delivered yet (a direct conversation's outbox): leaving discards them. */
  get waitingCount(): number {
    return this.#outbox?.count ?? 0;
  }

  /** Names of the people typing right now. */
  get typing(): string[] {
    return this.#typing.names;
  }

  /** Joins the room, shows what this browser kept of it, and connects to everyone in it. */
  async join(): Promise<void> {
    const result = await this.#signaling.join(this.#roomId);
    if (!result.ok) return this.#fail(result.message);
    this.#enter(result);
    const keptSomething = await this.#conversation.restore();
    // A conversation's messages come from its outbox, each once and in order, not as another browser's copy.
    if (keptSomething || this.room?.shareHistory === false || this.#keptOutbox()) this.#earlier.stop();
    else {
      this.#earlier.expect(result.peers.map((m) => m.peerId));
      for (const [peerId, peer] of this.peers) if (peer.connection === 'connected') this.#askEarlier(peerId);
    }
    await this.#restoreWaiting();
  }

  /**
   * Enters again once the signaling connection is back (it dropped, or the server restarted). With the same peer id
   * the open data channels carry on untouched and only missing connections are opened; with a new one (a server
   * that does not keep ids) everything is opened afresh. The conversation stays either way.
   */
  async rejoin(): Promise<void> {
    if (this.#over()) return;
    const result = await this.#signaling.join(this.#roomId, true);
    if (this.#over()) return;
    if (!result.ok) return this.#fail(result.message);
    this.#earlier.stop();
    const mesh = this.#mesh;
    if (!mesh || result.self.peerId !== this.self?.peerId) {
      this.#teardown();
      this.#members.clear();
      this.#enter(result);
      return;
    }
    this.room = result.room;
    this.#useIceServers(mesh, result.iceServers);
    const { arrived, gone } = this.#members.reconcile(result.peers);
    for (const peerId of arrived) mesh.connect(peerId, true);
    for (const peerId of gone) mesh.remove(peerId);
    this.#changed();
  }

  /** Sets up the mesh from a join answer and opens a connection to everyone already there. */
  #enter(result: Extract<RoomJoinResult, { ok: true }>): void {
    this.#members.self = result.self;
    this.room = result.room;
    // The mesh listens before anything else is awaited: an offer can arrive right after the join ack.
    const mesh = new Mesh({
      selfId: result.self.peerId,
      iceServers: this.#options.iceServers ?? result.iceServers,
      relayOnly: this.#options.relayOnly,
      sendSignal: (to, data) => void this.#signaling.signal(this.#roomId, to, data),
    });
    this.#mesh = mesh;
    this.#useIceServers(mesh, result.iceServers);
    this.#wire(mesh);
    this.emit('mesh', mesh);
    this.status = 'joined';
    for (const member of result.peers) {
      this.#members.arrived(member);
      mesh.connect(member.peerId, true);
    }
    this.#changed();
  }

  /** Sends a room message to everyone; false for an empty text, one too large for a frame, or before joining. */
  send(text: string): boolean {
    const mesh = this.#mesh;
    const trimmed = text.trim();
    if (!mesh || !this.self || !trimmed || !messageRoom(trimmed).fits || !this.#withinSendLimit()) return false;
    this.#typing.sent();
    const outbox = this.#keptOutbox();
    if (outbox) {
      this.#sendWhenConnected(outbox, trimmed);
      return true;
    }
    const entry = this.#own(randomId(), trimmed, this.#now(), mesh.peerIds());
    this.#dispatch(entry, (m) => m.broadcast({ type: 'chat', id: entry.id, sentAt: entry.sentAt, text: trimmed }));
    return true;
  }

  /** Sends a message only to `username`'s tabs, over their data channels; nobody else's browser gets it. */
  sendPersonal(username: string, text: string): boolean {
    const mesh = this.#mesh;
    const trimmed = text.trim();
    const target = [...this.peers.values()].filter((p) => p.user.username === username);
    const user = target[0]?.user;
    if (!mesh || !this.self || !trimmed || !user || !messageRoom(trimmed).fits || !this.#withinSendLimit())
      return false;
    const entry: ChatEntry = {
      ...this.#own(
        randomId(),
        trimmed,
        this.#now(),
        target.map((p) => p.peerId),
      ),
      personalTo: user,
    };
    const message = { type: 'personal', id: entry.id, sentAt: entry.sentAt, text: trimmed } as const;
    this.#dispatch(entry, (m) => entry.sentTo.filter((peerId) => m.send(peerId, message)));
    return true;
  }

  /** Adds a line of the app's own to the conversation (e.g. "You invited Ann"). */
  note(text: string): void {
    this.#conversation.notice(text);
  }

  /** Tells the others "I am typing", at most every couple of seconds. */
  typingNow(): void {
    if (this.#mesh && this.#typing.mayTell()) this.#mesh.broadcast({ type: 'typing' });
  }

  /**
   * Leaves on purpose: tells the server, closes every connection and forgets the conversation, and the messages
   * still waiting unless `keepWaiting` (logging out: they go once this person is back).
   */
  async leave(keepWaiting = false): Promise<void> {
    if (this.status === 'left' || this.status === 'deleted') return;
    this.#teardown();
    this.status = 'left';
    await this.#forget(keepWaiting);
    this.#changed();
    await this.#signaling.leave(this.#roomId);
  }

  /** Drops everything without telling the server (the page is going away); the conversation stays kept. */
  dispose(): void {
    this.#teardown();
    this.removeAllListeners();
  }

  #own(id: string, text: string, sentAt: number, sentTo: PeerId[]): ChatEntry {
    const self = this.self as Member;
    return {
      kind: 'chat',
      id,
      author: self.user,
      authorPeerId: self.peerId,
      own: true,
      text,
      sentAt,
      sentTo,
      deliveredTo: [],
    };
  }

  /**
   * Sends an own message once it is kept and shown, so a reload never loses a message that others have;
   * `deliver` returns the tabs it went to.
   */
  #dispatch(entry: ChatEntry, deliver: (mesh: Mesh) => PeerId[]): void {
    const kept = this.#conversation.append(entry);
    this.#sending = this.#sending.then(async () => {
      await kept;
      const mesh = this.#mesh;
      if (!mesh) return;
      const sentTo = deliver(mesh);
      if (sentTo.join() !== entry.sentTo.join()) this.#conversation.replace(entry.id, (e) => ({ ...e, sentTo }));
    });
  }

  /** A direct conversation with an outbox: own messages wait until the other person's browser confirms them. */
  #keptOutbox(): OutboxDelivery | undefined {
    return this.room?.kind === 'direct' ? this.#outbox : undefined;
  }

  /** Keeps a message in the outbox, shows it waiting, and sends it now or once the other person connects. */
  #sendWhenConnected(outbox: OutboxDelivery, text: string): void {
    const entry: ChatEntry = { ...this.#own(randomId(), text, this.#now(), []), waiting: true };
    const item = outbox.entry(entry.author.username, entry.id, entry.sentAt, text);
    this.#sending = this.#sending.then(async () => {
      await outbox.keep(item);
      await this.#conversation.append(entry);
      if (this.#over()) return;
      outbox.wait([item]);
      this.#deliverWaiting();
    });
  }

  /** Sends the waiting messages over the open connections to the other person (see OutboxDelivery.deliver). */
  #deliverWaiting(): void {
    const outbox = this.#keptOutbox();
    const me = this.self?.user.username;
    if (!this.#mesh || !outbox) return;
    const open = [...this.peers.values()].filter((p) => p.connection === 'connected' && p.user.username !== me);
    outbox.deliver(open.map((p) => p.peerId));
  }

  #wire(mesh: Mesh): void {
    const mine =
      <T extends { roomId: RoomId }>(fn: (e: T) => void) =>
      (e: T) =>
        e.roomId === this.#roomId && fn(e);
    const listeners = {
      signal: mine((e) => {
        // A signal can beat the peer-joined event; the server stamped who sent it.
        this.#members.arrived({ peerId: e.from, user: e.fromUser });
        mesh.signal(e.from, e.data);
      }),
      'room:peer-joined': mine((e) => {
        this.#members.arrived(e.peer);
        this.#changed();
      }),
      'room:peer-left': mine((e) => {
        mesh.remove(e.peerId);
        this.#members.left(e.peerId);
        this.#earlier.lost(e.peerId);
        this.#outbox?.lost(e.peerId);
        this.#deliverWaiting();
        this.#changed();
      }),
      // People, not tabs: the server announces a person once, and not at all for a quick reload.
      'room:member-joined': mine((e) => this.#conversation.notice(t('notice.joined', e.user.displayName))),
      'room:member-left': mine((e) => {
        this.#typing.stopped(e.user.username);
        this.#conversation.notice(t('notice.left', e.user.displayName));
      }),
      'room:updated': (e) => {
        if (e.room.id !== this.#roomId) return;
        const renamed = this.room && this.room.name !== e.room.name;
        this.room = e.room;
        if (renamed) this.#conversation.notice(t('notice.renamed', e.room.name));
        else this.#changed();
      },
      'room:user-updated': mine((e) => this.#userUpdated(e.user)),
      'room:deleted': mine((e) => void this.#deleted(e.by)),
    } satisfies ServerListeners<RoomEvent>;
    this.#unsubscribe.push(this.#signaling.listen(listeners));
    mesh.on('state', ({ peerId, state, error }) => {
      this.#members.connection(peerId, state, error);
      if (state === 'connected') {
        void this.#readRoute(mesh, peerId);
        this.#askEarlier(peerId);
      }
      // A message sent over a connection that closed may not have arrived: it goes again over the next one (and
      // with no connection left, the server is asked to prompt the other person again).
      if (state !== 'connected') this.#outbox?.lost(peerId);
      this.#deliverWaiting();
      this.#changed();
    });
    mesh.on('message', ({ from, message }) => this.#receive(mesh, from, message));
    mesh.on('flooding', ({ peerId, flooding }) => {
      this.#members.flooding(peerId, flooding);
      this.#changed();
    });
  }

  #receive(mesh: Mesh, from: PeerId, message: PeerMessage): void {
    const author = this.peers.get(from);
    if (!author) return;
    switch (message.type) {
      case 'chat':
      case 'personal': {
        this.#typing.stopped(author.user.username);
        if (message.type === 'personal' && this.#options.blocked?.(author.user.username)) {
          // Told, so their page says "not delivered" instead of waiting for a receipt that never comes.
          mesh.send(from, { type: 'refused', id: message.id });
          return;
        }
        // The receipt means "kept": it goes only once the line is on disk, so a reload cannot lose it.
        const ack = () => this.#mesh === mesh && void mesh.send(from, { type: 'ack', id: message.id });
        this.#conversation.received(
          {
            kind: 'chat',
            id: message.id,
            author: author.user,
            authorPeerId: from,
            own: false,
            text: message.text,
            sentAt: message.sentAt,
            ...(message.type === 'personal' && { personal: true }),
            sentTo: [],
            deliveredTo: [],
          },
          ack,
        );
        return;
      }
      case 'ack': {
        const entry = this.#conversation.own(message.id);
        if (!entry?.sentTo.includes(from) || entry.deliveredTo.includes(from)) return;
        this.#conversation.replace(entry.id, (e) => ({ ...e, deliveredTo: [...e.deliveredTo, from], waiting: false }));
        if (entry.waiting && this.self) this.#outbox?.delivered(this.self.user.username, entry.id);
        return;
      }
      case 'refused': {
        const entry = this.#conversation.own(message.id);
        if (!entry?.personalTo || !entry.sentTo.includes(from)) return;
        if (entry.refusedBy?.includes(from) || entry.deliveredTo.includes(from)) return;
        this.#conversation.replace(entry.id, (e) => ({ ...e, refusedBy: [...(e.refusedBy ?? []), from] }));
        return;
      }
      case 'history-request': {
        for (const frame of earlierAnswer(this.#conversation.entries, this.room?.shareHistory !== false))
          mesh.send(from, frame);
        return;
      }
      case 'history-line':
      case 'history-end': {
        const lines = this.#earlier.take(from, message);
        if (lines) void this.#conversation.prependEarlier(lines, author.user);
        return;
      }
      case 'typing':
        this.#typing.heard(author.user);
    }
  }

  /** Someone here changed their name or picture: the people list, the room and their lines show the new one. */
  #userUpdated(user: UserSummary): void {
    this.#members.userUpdated(user);
    this.#typing.renamed(user);
    if (this.room) this.room = withUser(this.room, user);
    this.#conversation.userUpdated(user);
  }

  async #deleted(by: UserSummary): Promise<void> {
    this.#teardown();
    this.status = 'deleted';
    await this.#forget();
    this.#changed();
    this.emit('deleted', by);
  }

  #fail(message: string): void {
    this.status = 'error';
    this.error = message;
    this.#changed();
  }

  /** Asks a member that was here before us for the room's last messages, once a connection to one opens. */
  #askEarlier(peerId: PeerId): void {
    if (this.#earlier.ask(peerId)) this.#mesh?.send(peerId, { type: 'history-request' });
  }

  /** Reads back what waits in the outbox (a browser restart may have lost its lines: they show again) and sends it. */
  async #restoreWaiting(): Promise<void> {
    const outbox = this.#keptOutbox();
    const self = this.self;
    if (!outbox || !self) return;
    const waiting = await outbox.unread(self.user.username);
    if (this.#over()) return;
    outbox.wait(waiting, true);
    for (const w of waiting) {
      if (this.#conversation.own(w.id)) continue;
      const line: ChatEntry = { ...this.#own(w.id, w.text, w.sentAt, []), waiting: true };
      await this.#conversation.append(line);
    }
    this.#deliverWaiting();
  }

  async #forget(keepWaiting = false): Promise<void> {
    if (!this.self) return;
    await this.#conversation.forget();
    if (!keepWaiting) await this.#keptOutbox()?.discard(this.self.user.username);
  }

  /** Uses the join answer's ICE servers (unless the options fix them) and renews TURN credentials before expiry. */
  #useIceServers(mesh: Mesh, servers: RTCIceServer[]): void {
    if (this.#options.iceServers) return;
    mesh.setIceServers(servers);
    this.relayOffered = offersRelay(servers);
    this.#stopIceRefresh?.();
    this.#stopIceRefresh = refreshBeforeExpiry(
      servers,
      async () => {
        const answer = await this.#signaling.iceServers();
        return answer.ok ? answer.iceServers : undefined;
      },
      (fresh) => this.#mesh?.setIceServers(fresh),
    );
  }

  /** Reads how a just-opened connection runs; the selected pair can lag the open by a moment, so a few tries. */
  async #readRoute(mesh: Mesh, peerId: PeerId): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const route = await mesh.route(peerId).catch((err: unknown) => {
        console.warn('dialog: could not read the connection stats', err);
        return undefined;
      });
      const peer = this.peers.get(peerId);
      if (this.#mesh !== mesh || peer?.connection !== 'connected') return;
      if (route) {
        this.#members.routed(peerId, route);
        this.#changed();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
    }
  }

  /** Takes one send from this person's limit; over it, says so until a moment after their last try. */
  #withinSendLimit(): boolean {
    if (this.#sendLimit.take()) return true;
    this.sendingTooFast = true;
    clearTimeout(this.#tooFastTimer);
    this.#tooFastTimer = setTimeout(() => {
      this.sendingTooFast = false;
      this.#changed();
    }, TOO_FAST_SHOWS_MS);
    this.#changed();
    return false;
  }

  #teardown(): void {
    clearTimeout(this.#tooFastTimer);
    this.#stopIceRefresh?.();
    this.#stopIceRefresh = undefined;
    for (const off of this.#unsubscribe.splice(0)) off();
    this.#typing.dispose();
    this.#mesh?.close();
    this.#mesh = undefined;
  }

  /** Left on purpose or deleted: nothing brings this session back. */
  #over(): boolean {
    return this.status === 'left' || this.status === 'deleted';
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  #changed(): void {
    if (this.#changeQueued) return;
    this.#changeQueued = true;
    onNextFrame(() => {
      this.#changeQueued = false;
      this.emit('change', undefined);
    });
  }
}

/** The room with one person's new name or picture wherever they appear in it. */
function withUser(room: RoomListing, user: UserSummary): RoomListing {
  const swap = (u: UserSummary) => (u.username === user.username ? user : u);
  return {
    ...room,
    owner: swap(room.owner),
    members: room.members.map(swap),
    ...(room.people && { people: room.people.map(swap) }),
  };
}

/** Runs `fn` before the next paint, or after 100 ms where no frames are drawn (a hidden tab). */
function onNextFrame(fn: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    fn();
  };
  const frame = requestAnimationFrame(run);
  const timer = setTimeout(run, 100);
}
