import { randomBytes } from 'node:crypto';
import {
  type ConversationListing,
  type CreateRoomRequest,
  type Failure,
  failure,
  LIMITS,
  lobbyOrder,
  type Member,
  type PatchRoomRequest,
  type RoomListing,
  type UserSummary,
} from '../../shared/protocol.ts';
import type { UserRecord, UserStore } from '../accounts/user-store.ts';
import { toSummary } from '../accounts/user-views.ts';
import type { Logger } from '../log.ts';
import type { PresenceStore } from '../presence/presence-store.ts';
import type { RateLimiterFactory } from '../rate-limiters.ts';
import { findConversation, isDirect, mayEnter, PRIVATE_CONVERSATION, pairOf } from './direct-rooms.ts';
import type { GraceMarks } from './grace-marks.ts';
import { KeyedQueue } from './keyed-queue.ts';
import { type LobbyChange, LobbyFeed } from './lobby-feed.ts';
import type { RoomAnnouncer } from './room-announcer.ts';
import { type QuotaFailure, RoomQuota, type RoomQuotaOptions } from './room-quota.ts';
import type { RoomRecord, RoomStore } from './room-store.ts';

export interface RoomServiceOptions {
  /** An empty room stays joinable this long, then is gone. Default 30 s. */
  roomGraceMs: number;
  /** A person whose last tab dropped (not left on purpose) is announced as gone after this long. Default 10 s. */
  presenceGraceMs: number;
  /** People per room (a person's extra tabs take nobody's place). Default 16. */
  maxMembers: number;
  /** Tabs one person may have in one room. Default 3. */
  maxTabsPerPerson: number;
  /** Rooms in a lobby list (the busiest first). Default LIMITS.lobbyRooms. */
  lobbyMaxRooms: number;
  /** Open rooms per person and creations per minute. Defaults in room-quota.ts. */
  quota: RoomQuotaOptions;
  /**
   * For this long after start, a page re-entering a room it was in before the restart (`resume`) is not announced:
   * the server forgot who was there, the others did not. Default 15 s.
   */
  restartGraceMs: number;
}

export interface RoomServiceDeps {
  rooms: RoomStore;
  users: UserStore;
  presence: PresenceStore;
  /** Which grace periods are running, shared by every process so exactly one acts when one ends. */
  marks: GraceMarks;
  /** Where the room creation rate is counted. */
  rateLimiter: RateLimiterFactory;
  /** How members and lobby watchers hear what happened (signaling implements it). */
  announce: RoomAnnouncer;
  log: Logger;
}

type JoinResult = { ok: true; room: RoomListing; peersBefore: Member[] } | Failure;

/** The lobby's list: the first `rooms` in lobby order, and how many rooms are open in all. */
export interface LobbyList {
  rooms: RoomListing[];
  total: number;
}

/** 12 random lowercase letters and digits: unguessable enough that a room's link is its invitation. */
const newRoomId = (): string =>
  Array.from(randomBytes(12), (b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');

/**
 * Rooms and who is in them: the one place that creates, edits and deletes rooms, admits and releases peers,
 * announces people arriving and leaving (quietly for a reload), lets empty rooms vanish after a grace period and
 * keeps the lobby's list live. HTTP routes and socket handlers both call it.
 */
export class RoomService {
  readonly #deps: RoomServiceDeps;
  readonly #options: RoomServiceOptions;
  readonly #expiry = new Map<string, Grace>();
  readonly #leaving = new Map<string, Grace>();
  readonly #lobby: LobbyFeed;
  readonly #quota: RoomQuota;
  readonly #pairs = new KeyedQueue();
  #orphanSweep: NodeJS.Timeout | undefined;
  /** A grace period's end failed and none succeeded since: its retries are not logged again. */
  #endsFailing = false;

  #startedAt = Date.now();

  constructor(deps: RoomServiceDeps, options: RoomServiceOptions) {
    this.#deps = deps;
    this.#options = options;
    this.#lobby = new LobbyFeed({ announce: deps.announce, log: deps.log, listing: (id) => this.get(id) });
    this.#quota = new RoomQuota(options.quota, deps.rateLimiter);
  }

  /** After a restart nobody is present: every stored room starts its grace period. */
  async start(): Promise<void> {
    this.#startedAt = Date.now();
    // A conversation stays until one of its two people deletes it: its invitation must still lead somewhere.
    const rooms = (await this.#deps.rooms.list()).filter((room) => !isDirect(room));
    await Promise.all(rooms.map((room) => this.#scheduleExpiry(room.id)));
    this.#orphanSweep = setInterval(() => {
      // A warning: it fails every time while Redis is away (logged once as an error) and the next sweep retries.
      this.#releaseOrphans().catch((err) => this.#deps.log.warn('orphan sweep failed', { error: String(err) }));
    }, ORPHAN_SWEEP_MS);
    this.#orphanSweep.unref();
  }

  /** The peers of a process that died leave their rooms as if their connections dropped (shared presence only). */
  async #releaseOrphans(): Promise<void> {
    for (const { roomId, peerId } of await this.#deps.presence.orphans()) await this.leave(roomId, peerId, false);
  }

  /** Stops every timer; resolves once the lobby push under way (if any) is done with the database. */
  close(): Promise<void> {
    clearInterval(this.#orphanSweep);
    for (const grace of [...this.#expiry.values(), ...this.#leaving.values()]) clearTimeout(grace.timer);
    this.#expiry.clear();
    this.#leaving.clear();
    return this.#lobby.close();
  }

  /** Creates a room, unless its owner has too many open or is creating them too fast (see RoomQuota). */
  create(owner: UserRecord, request: CreateRoomRequest): Promise<RoomListing | QuotaFailure> {
    const ownRooms = async () =>
      (await this.#deps.rooms.list()).filter((r) => r.owner === owner.username && !isDirect(r)).length;
    return this.#quota.admit(owner, ownRooms, () => this.#create(owner, request));
  }

  async #create(owner: UserRecord, request: CreateRoomRequest): Promise<RoomListing> {
    const record: RoomRecord = {
      id: newRoomId(),
      name: request.name,
      topic: request.topic ?? '',
      owner: owner.username,
      createdAt: new Date().toISOString(),
    };
    await this.#deps.rooms.create(record);
    await this.#scheduleExpiry(record.id); // a room created but never entered goes the same way
    this.#lobby.changed(record.id, 'added');
    return this.#listing(record);
  }

  /**
   * The private conversation between `actor` and `username`: the existing one (`created: false`), else a new one,
   * counted against the actor's creation rate. Never yourself, nor someone unknown or disabled.
   */
  async openConversation(
    actor: UserRecord,
    username: string,
  ): Promise<{ ok: true; room: RoomListing; created: boolean } | QuotaFailure> {
    if (username === actor.username) return failure('INVALID', 'You cannot start a conversation with yourself.');
    const other = await this.#deps.users.get(username);
    if (!other || other.disabled) return failure('NOT_FOUND', 'No such person.');
    const people = pairOf(actor.username, other.username);
    return this.#pairs.run(people.join('\n'), async () => {
      const existing = findConversation(await this.#deps.rooms.list(), ...people);
      if (existing) return { ok: true as const, room: await this.#listing(existing), created: false };
      const record: RoomRecord = {
        id: newRoomId(),
        name: `${actor.displayName} & ${other.displayName}`.slice(0, LIMITS.roomNameChars),
        topic: '',
        owner: actor.username,
        createdAt: new Date().toISOString(),
        kind: 'direct',
        people,
      };
      const created = await this.#quota.admit(
        actor,
        async () => 0,
        () => this.#deps.rooms.create(record),
      );
      if (created && 'ok' in created) return created;
      return { ok: true as const, room: await this.#listing(record), created: true };
    });
  }

  /** `username`'s private conversations: only with whom, the one thing the server keeps of them. */
  async conversationsOf(username: string): Promise<ConversationListing[]> {
    const mine = (await this.#deps.rooms.list()).filter((r) => mayEnter(r, username) && isDirect(r));
    return Promise.all(
      mine.map(async (room) => {
        const other = room.people?.find((p) => p !== username) ?? username;
        const [summary, online] = await Promise.all([this.#summary(other), this.#deps.presence.isOnline(other)]);
        return { roomId: room.id, with: { ...summary, online } };
      }),
    );
  }

  async get(id: string): Promise<RoomListing | undefined> {
    const record = await this.#deps.rooms.get(id);
    return record && this.#listing(record);
  }

  /** The lobby's list, capped at `lobbyMaxRooms`: a flood of rooms stays cheap to serve. */
  async list(): Promise<LobbyList> {
    const records = (await this.#deps.rooms.list()).filter((room) => !isDirect(room));
    // Sort on who is inside (presence, cheap), then look owners up only for the rooms served.
    const counted = await Promise.all(
      records.map(async (room) => {
        const members = distinctPeople(await this.#deps.presence.peers(room.id));
        return { room, members, memberCount: members.length, createdAt: room.createdAt };
      }),
    );
    const served = counted.sort(lobbyOrder).slice(0, this.#options.lobbyMaxRooms);
    const rooms = await Promise.all(served.map(({ room, members }) => this.#listing(room, members)));
    return { rooms, total: records.length };
  }

  /** For /metrics: rooms in the lobby's list, and people in rooms, conversations included (once per room each). */
  async census(): Promise<{ open: number; members: number }> {
    const records = await this.#deps.rooms.list();
    const people = await Promise.all(
      records.map(async (room) => distinctPeople(await this.#deps.presence.peers(room.id)).length),
    );
    return { open: records.filter((room) => !isDirect(room)).length, members: people.reduce((a, b) => a + b, 0) };
  }

  /** Renames, re-topics or changes the sharing of a room (owner or administrator); members see it at once. */
  async update(id: string, actor: UserRecord, changes: PatchRoomRequest): Promise<RoomListing | Failure> {
    const room = await this.#deps.rooms.get(id);
    if (!room) return failure('NOT_FOUND', 'This room no longer exists.');
    if (isDirect(room)) return failure('FORBIDDEN', 'A conversation has no name or topic to change.');
    if (!canManage(actor, room))
      return failure('FORBIDDEN', 'Only the owner or an administrator may change this room.');
    const updated = await this.#deps.rooms.update(id, changes);
    if (!updated) return failure('NOT_FOUND', 'This room no longer exists.');
    const listing = await this.#listing(updated);
    this.#deps.announce.toRoom(id, 'room:updated', { room: listing });
    this.#lobby.changed(id, 'updated');
    return listing;
  }

  /** Deletes a room (owner or administrator): everyone inside is told and released. */
  async delete(id: string, actor: UserRecord): Promise<{ ok: true } | Failure> {
    const room = await this.#deps.rooms.get(id);
    if (!room) return failure('NOT_FOUND', 'This room no longer exists.');
    if (isDirect(room) && !mayEnter(room, actor.username)) return failure('FORBIDDEN', PRIVATE_CONVERSATION);
    if (!isDirect(room) && !canManage(actor, room))
      return failure('FORBIDDEN', 'Only the owner or an administrator may delete this room.');
    await this.#remove(room, toSummary(actor));
    return { ok: true };
  }

  /**
   * Admits a peer; announces it to the room (and the person, unless they are back from a reload, or were in it
   * before the server restarted). A peer still here (its page came back on a new connection) is not news at all.
   */
  async join(roomId: string, member: Member, resume = false): Promise<JoinResult> {
    const { rooms, presence, announce } = this.#deps;
    const room = await rooms.get(roomId);
    if (!room) return failure('NOT_FOUND', 'This room no longer exists.');
    if (!mayEnter(room, member.user.username)) return failure('FORBIDDEN', PRIVATE_CONVERSATION);
    const { maxMembers, maxTabsPerPerson } = this.#options;
    const stillHere = !!(await presence.peer(roomId, member.peerId));
    const joined = await presence.joinPeer(roomId, member, { people: maxMembers, tabsPerPerson: maxTabsPerPerson });
    if (joined === 'full') return failure('ROOM_FULL', `This room is full (${maxMembers} people).`);
    if (joined === 'too-many-tabs') {
      return failure('TOO_MANY_CONNECTIONS', `You have this room open in ${maxTabsPerPerson} tabs already.`);
    }
    await this.#cancel(this.#expiry, emptyKey(roomId));
    if (stillHere) return { ok: true, room: await this.#listing(room), peersBefore: joined.peersBefore };
    const backFromReload = await this.#cancel(this.#leaving, personKey(roomId, member.user.username));
    const alreadyHere = joined.peersBefore.some((m) => m.user.username === member.user.username);
    const backFromRestart = resume && Date.now() - this.#startedAt < this.#options.restartGraceMs;
    if (!backFromReload && !alreadyHere && !backFromRestart)
      announce.toRoom(roomId, 'room:member-joined', { roomId, user: member.user }, member.peerId);
    announce.toRoom(roomId, 'room:peer-joined', { roomId, peer: member }, member.peerId);
    this.#lobbyChanged(room, 'updated');
    return { ok: true, room: await this.#listing(room), peersBefore: joined.peersBefore };
  }

  /**
   * Releases a peer. A person who leaves on purpose is announced at once; one whose connection dropped only after
   * the presence grace, so a reload makes no noise.
   */
  async leave(roomId: string, peerId: string, onPurpose: boolean): Promise<boolean> {
    const { presence, announce } = this.#deps;
    const left = await presence.leavePeer(roomId, peerId);
    if (!left) return false;
    const room = await this.#deps.rooms.get(roomId);
    announce.toRoom(roomId, 'room:peer-left', { roomId, peerId });
    if (!left.personStillHere) {
      const user = left.member.user;
      if (onPurpose) announce.toRoom(roomId, 'room:member-left', { roomId, user });
      else await this.#schedulePersonLeft(roomId, user);
    }
    if (room && isDirect(room)) return true; // not in the lobby, and it stays until deleted
    if ((await presence.peers(roomId)).length === 0) await this.#scheduleExpiry(roomId);
    if (room) this.#lobbyChanged(room, 'updated');
    return true;
  }

  /**
   * A person changed their name or picture: their sockets, the rooms they are in and the lobby show the new one
   * at once.
   */
  async userUpdated(user: UserSummary): Promise<void> {
    const { announce, presence } = this.#deps;
    await announce.userChanged(user);
    const roomIds = await presence.updateUser(user);
    for (const roomId of roomIds) {
      announce.toRoom(roomId, 'room:user-updated', { roomId, user });
      const room = await this.#deps.rooms.get(roomId);
      if (room) this.#lobbyChanged(room, 'updated');
    }
  }

  /**
   * Puts back the marks of the grace periods this process is timing, in case the shared store lost them (Redis
   * restarted empty): else no process would act when they end, and an empty room would stay forever. Each starts
   * over at its full length: the other processes may not have put their peers back yet, and a room must not go
   * for looking empty meanwhile.
   */
  async restoreMarks(): Promise<void> {
    const restored = [this.#expiry, this.#leaving].flatMap((timers) =>
      [...timers].map(([key, grace]) => {
        clearTimeout(grace.timer);
        this.#arm(timers, key, grace);
        // A claimed mark is this process's to act on already (its end is being retried): not to be put back.
        return grace.claimed ? undefined : this.#deps.marks.restore(key, grace.token, grace.ms + MARK_MARGIN_MS);
      }),
    );
    await Promise.all(restored);
  }

  #schedulePersonLeft(roomId: string, user: UserSummary): Promise<void> {
    return this.#schedule(this.#leaving, personKey(roomId, user.username), this.#options.presenceGraceMs, async () => {
      // Back already (on another process, while a restored mark said otherwise): nobody left.
      if ((await this.#deps.presence.peers(roomId)).some((m) => m.user.username === user.username)) return;
      this.#deps.announce.toRoom(roomId, 'room:member-left', { roomId, user });
    });
  }

  #scheduleExpiry(roomId: string): Promise<void> {
    return this.#schedule(this.#expiry, emptyKey(roomId), this.#options.roomGraceMs, async () => {
      if ((await this.#deps.presence.peers(roomId)).length > 0) return;
      if (await this.#deps.rooms.delete(roomId)) this.#lobby.changed(roomId, 'removed');
    });
  }

  /**
   * Starts a grace period: marks it (replacing an earlier one, anywhere) and runs `end` after `ms` if the mark is
   * still this one. A join in any process removes the mark, so only the process that marked last acts, once.
   */
  async #schedule(timers: Map<string, Grace>, key: string, ms: number, end: () => Promise<void>) {
    clearTimeout(timers.get(key)?.timer);
    const token = await this.#deps.marks.mark(key, ms + MARK_MARGIN_MS);
    clearTimeout(timers.get(key)?.timer); // another schedule of the same key while this mark was written
    this.#arm(timers, key, { token, ms, end, claimed: false, retries: 0 });
  }

  /** Runs the grace's `end` after `delay` (its `ms`) if the mark on `key` is still its token. */
  #arm(timers: Map<string, Grace>, key: string, grace: Omit<Grace, 'timer'>, delay = grace.ms): void {
    const armed: Grace = { ...grace, timer: setTimeout(() => this.#end(timers, key, armed), delay) };
    armed.timer.unref();
    timers.set(key, armed);
  }

  /**
   * Ends a grace period if its mark is still this process's. A failure (Redis away) is retried, backing off to every
   * few seconds, until it succeeds or the grace is ended early or started over: else an empty room whose grace ended
   * during an outage would stay. The grace stays in `timers` meanwhile, so Redis coming back restores its mark.
   */
  async #end(timers: Map<string, Grace>, key: string, grace: Grace): Promise<void> {
    try {
      grace.claimed ||= await this.#deps.marks.claim(key, grace.token);
      if (grace.claimed) await grace.end();
      if (timers.get(key) === grace) timers.delete(key);
      this.#endsFailing = false;
    } catch (err) {
      if (timers.get(key) !== grace) return; // ended early, started over or closed meanwhile
      // A warning, once until an end succeeds again: Redis being away is logged as an error already.
      if (!this.#endsFailing) this.#deps.log.warn('grace period end failed, retrying', { key, error: String(err) });
      this.#endsFailing = true;
      const delay = Math.min(END_RETRY_MS * 2 ** grace.retries, END_RETRY_MAX_MS);
      this.#arm(timers, key, { ...grace, retries: grace.retries + 1 }, delay);
    }
  }

  async #remove(room: RoomRecord, by: UserSummary): Promise<void> {
    const { rooms, presence, announce } = this.#deps;
    const roomId = room.id;
    await rooms.delete(roomId);
    await this.#cancel(this.#expiry, emptyKey(roomId));
    const leaving = [...this.#leaving.keys()].filter((key) => key.startsWith(personKey(roomId, '')));
    await Promise.all(leaving.map((key) => this.#cancel(this.#leaving, key)));
    await presence.clearRoom(roomId);
    announce.toRoom(roomId, 'room:deleted', { roomId, by });
    announce.emptyRoom(roomId);
    this.#lobbyChanged(room, 'removed');
  }

  /** Tells lobby watchers about a room; never about a conversation (not even that it went). */
  #lobbyChanged(room: RoomRecord, change: LobbyChange): void {
    if (!isDirect(room)) this.#lobby.changed(room.id, change);
  }

  async #listing(room: RoomRecord, people?: UserSummary[]): Promise<RoomListing> {
    const members = people ?? distinctPeople(await this.#deps.presence.peers(room.id));
    const owner = await this.#summary(room.owner);
    const direct = isDirect(room)
      ? { kind: 'direct' as const, people: await Promise.all((room.people ?? []).map((u) => this.#summary(u))) }
      : { kind: 'room' as const };
    return {
      id: room.id,
      name: room.name,
      topic: room.topic,
      owner,
      createdAt: room.createdAt,
      ...direct,
      shareHistory: room.shareHistory !== false,
      memberCount: members.length,
      members,
    };
  }

  async #summary(username: string): Promise<UserSummary> {
    const user = await this.#deps.users.get(username);
    return user ? toSummary(user) : { username, displayName: username, avatarUrl: null };
  }

  /** Ends a grace period early, whichever process started it; answers whether one was running. */
  async #cancel(timers: Map<string, Grace>, key: string): Promise<boolean> {
    clearTimeout(timers.get(key)?.timer);
    timers.delete(key);
    return this.#deps.marks.unmark(key);
  }
}

/**
 * A grace period this process is timing: its timer, the token of its mark, its length, what its end does, whether
 * its mark was claimed (its end failed after: only the end is retried), and how many times its end was retried.
 */
interface Grace {
  timer: NodeJS.Timeout;
  token: string;
  ms: number;
  end: () => Promise<void>;
  claimed: boolean;
  retries: number;
}

/** Each person once, however many tabs they have in the room. */
const distinctPeople = (peers: Member[]): UserSummary[] => [
  ...new Map(peers.map((p) => [p.user.username, p.user])).values(),
];
const personKey = (roomId: string, username: string) => `left:${roomId}\n${username}`;
const emptyKey = (roomId: string) => `empty:${roomId}`;
/** A mark outlives its grace by this much, so the timer that set it always finds it; a dead process's expires. */
const MARK_MARGIN_MS = 60_000;
/** A grace period's end that failed is retried after this, then twice as long each time up to END_RETRY_MAX_MS. */
const END_RETRY_MS = 500;
const END_RETRY_MAX_MS = 5_000;
/** How often a process looks for the peers of processes that died. */
const ORPHAN_SWEEP_MS = 5_000;
const canManage = (actor: UserRecord, room: RoomRecord) => actor.isAdmin || actor.username === room.owner;
