import * as z from 'zod/mini';
import { errorCodeSchema, type Failure } from './errors.ts';
import { isJsonWithin } from './json-bounds.ts';
import { LIMITS } from './limits.ts';
import type { ConversationKnock, ConversationPending } from './outbox.ts';
import type { RoomListing } from './rooms.ts';

/** Room ids are URL-safe slugs, so `/rooms/<id>` deep links need no escaping. */
export const roomIdSchema = z
  .string()
  .check(
    z.minLength(1, 'enter a room'),
    z.maxLength(64, 'at most 64 characters'),
    z.regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lowercase letters, digits, "-" and "_"'),
  );
export type RoomId = z.infer<typeof roomIdSchema>;

/** One browser tab in one room; chosen by the server. */
export const peerIdSchema = z.string().check(z.minLength(1), z.maxLength(64));
export type PeerId = z.infer<typeof peerIdSchema>;

/** Who a person is, as the server vouches for them (from their session, never from their words). */
export const userSummarySchema = z.object({
  username: z.string().check(z.minLength(1), z.maxLength(LIMITS.usernameMax)),
  displayName: z.string().check(z.minLength(1), z.maxLength(LIMITS.displayNameChars)),
  /** `/api/users/<username>/avatar?v=…`, or null: show initials. */
  avatarUrl: z.nullable(z.string().check(z.maxLength(200))),
});
export type UserSummary = z.infer<typeof userSummarySchema>;

/** One peer in a room: a tab of a person. */
export const memberSchema = z.object({
  peerId: peerIdSchema,
  user: userSummarySchema,
});
export type Member = z.infer<typeof memberSchema>;

/** What the handshake carries (`io(url, { auth })`); who the person is comes from the session cookie. */
export const handshakeAuthSchema = z.object({
  protocol: z.int(),
  /**
   * A random key the page picks once per load: its peer id then stays the same across reconnections, so a
   * dropped connection or a server restart does not cost the page its data channels. Without it, every
   * connection is a new peer.
   */
  tab: z.optional(z.string().check(z.regex(/^[0-9a-f]{32}$/))),
});
export type HandshakeAuth = z.infer<typeof handshakeAuthSchema>;

/** RTCIceServer as handed to browsers. */
export const iceServerSchema = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.optional(z.string()),
  credential: z.optional(z.string()),
});
export type IceServer = z.infer<typeof iceServerSchema>;

// ---- client → server payloads ----

/** `resume`: this page was in the room before it lost the server (no "joined" notice after a server restart). */
export const roomJoinSchema = z.object({ roomId: roomIdSchema, resume: z.optional(z.boolean()) });
export const roomLeaveSchema = z.object({ roomId: roomIdSchema });

/**
 * An opaque WebRTC signal (offer, answer or candidate); the server never looks inside, only at its size and depth,
 * measured without recursion (a payload nested thousands deep once overflowed the stack and took the process down).
 */
export const signalDataSchema = z
  .record(z.string(), z.unknown())
  .check(
    z.refine(
      (data) => isJsonWithin(data, { maxDepth: LIMITS.signalDepth, maxLength: LIMITS.signalBytes }),
      `signal too large: at most ${LIMITS.signalBytes} bytes of JSON, nested at most ${LIMITS.signalDepth} deep`,
    ),
  );

export const signalSendSchema = z.object({
  roomId: roomIdSchema,
  to: peerIdSchema,
  data: signalDataSchema,
});

/** Ask someone who is online to come into a room you are in. */
export const inviteSendSchema = z.object({
  roomId: roomIdSchema,
  username: z.string().check(z.minLength(1), z.maxLength(LIMITS.usernameMax)),
});
export type InviteSend = z.infer<typeof inviteSendSchema>;

/** "I opened our conversation": the other of its two people gets `conversation:invite` on every page they have. */
export const conversationInviteSendSchema = z.object({ roomId: roomIdSchema });
export type ConversationInviteSend = z.infer<typeof conversationInviteSendSchema>;

export type RoomJoinRequest = z.infer<typeof roomJoinSchema>;
export type RoomLeaveRequest = z.infer<typeof roomLeaveSchema>;
export type SignalSend = z.infer<typeof signalSendSchema>;

export type RoomJoinResult =
  | { ok: true; room: RoomListing; self: Member; peers: Member[]; iceServers: IceServer[] }
  | Failure;
export type OkResult = { ok: true } | Failure;
/** Fresh ICE servers (TURN credentials expire: a page asks again before they do). */
export type IceServersResult = { ok: true; iceServers: IceServer[] } | Failure;
/** The lobby's first list: at most `LIMITS.lobbyRooms` rooms in lobby order, and how many are open in all. */
export type LobbyWatchResult = { ok: true; rooms: RoomListing[]; total: number } | Failure;

export const emptySchema = z.optional(z.object({}));

const failureSchema = z.object({ ok: z.literal(false), code: errorCodeSchema, message: z.string() });
/** Acks as the client checks them: a result, or a failure with a known code. */
export const okResultSchema = z.union([z.object({ ok: z.literal(true) }), failureSchema]);

// ---- server → client payloads ----

/** Another tab joined the room: connect to it (it will initiate). */
export const peerJoinedSchema = z.object({ roomId: roomIdSchema, peer: memberSchema });
export type PeerJoined = z.infer<typeof peerJoinedSchema>;

/** A tab left the room: drop its connection. */
export const peerLeftSchema = z.object({ roomId: roomIdSchema, peerId: peerIdSchema });
export type PeerLeft = z.infer<typeof peerLeftSchema>;

/** A person arrived or left (not sent for a reload within the presence grace period). */
export const memberEventSchema = z.object({ roomId: roomIdSchema, user: userSummarySchema });
export type MemberEvent = z.infer<typeof memberEventSchema>;

const roomSchema = z.object({
  id: roomIdSchema,
  name: z.string(),
  topic: z.string(),
  owner: userSummarySchema,
  createdAt: z.string(),
  kind: z.optional(z.enum(['room', 'direct'])),
  people: z.optional(z.array(userSummarySchema)),
  shareHistory: z.optional(z.boolean()),
});
export const roomListingSchema = z.extend(roomSchema, {
  memberCount: z.int(),
  members: z.array(userSummarySchema),
});

export const roomJoinResultSchema = z.union([
  z.object({
    ok: z.literal(true),
    room: roomListingSchema,
    self: memberSchema,
    peers: z.array(memberSchema),
    iceServers: z.array(iceServerSchema),
  }),
  failureSchema,
]);

export const iceServersResultSchema = z.union([
  z.object({ ok: z.literal(true), iceServers: z.array(iceServerSchema) }),
  failureSchema,
]);

export const lobbyWatchResultSchema = z.union([
  z.object({ ok: z.literal(true), rooms: z.array(roomListingSchema), total: z.int() }),
  failureSchema,
]);

export const roomUpdatedSchema = z.object({ room: roomListingSchema });

/** Someone asks you into a room. */
export const inviteSchema = z.object({
  from: userSummarySchema,
  room: z.object({ id: roomIdSchema, name: z.string() }),
});
export type Invite = z.infer<typeof inviteSchema>;

/** The other person of a private conversation opened it and wants to talk ("Ann wants to talk — Open / Not now"). */
export const conversationInviteSchema = z.object({ roomId: roomIdSchema, from: userSummarySchema });
export type ConversationInvite = z.infer<typeof conversationInviteSchema>;

/** Someone in the room changed their name or picture. */
export const userUpdatedSchema = z.object({ roomId: roomIdSchema, user: userSummarySchema });
export type UserUpdated = z.infer<typeof userUpdatedSchema>;
export type RoomUpdated = z.infer<typeof roomUpdatedSchema>;

export const roomDeletedSchema = z.object({ roomId: roomIdSchema, by: userSummarySchema });
export type RoomDeleted = z.infer<typeof roomDeletedSchema>;

/**
 * What changed in the lobby since the last push: rooms opened, rooms whose name, topic or people changed (each as it
 * is now), rooms gone. A room the watcher has not seen may arrive as `updated` (the first list is capped): add it.
 */
export const lobbyChangedSchema = z.object({
  added: z.array(roomListingSchema),
  updated: z.array(roomListingSchema),
  removed: z.array(roomIdSchema),
});
export type LobbyChanged = z.infer<typeof lobbyChangedSchema>;

/** A person came online (their first socket) or went offline (their last socket closed). Sent to every socket. */
export const presenceChangedSchema = z.object({
  username: z.string().check(z.minLength(1), z.maxLength(LIMITS.usernameMax)),
  online: z.boolean(),
});
export type PresenceChanged = z.infer<typeof presenceChangedSchema>;

export const signalRelaySchema = z.object({
  roomId: roomIdSchema,
  from: peerIdSchema,
  fromUser: userSummarySchema,
  data: z.record(z.string(), z.unknown()),
});
export type SignalRelay = z.infer<typeof signalRelaySchema>;

/** Events a client emits. Every one takes an ack whose result is `{ ok: true, … } | Failure`. */
export interface ClientToServerEvents {
  'room:join': (payload: RoomJoinRequest, ack: (result: RoomJoinResult) => void) => void;
  'room:leave': (payload: RoomLeaveRequest, ack: (result: OkResult) => void) => void;
  signal: (payload: SignalSend, ack: (result: OkResult) => void) => void;
  /** Start receiving `lobby:changed`; answers the current list (capped, see LobbyWatchResult). */
  'lobby:watch': (payload: Record<string, never>, ack: (result: LobbyWatchResult) => void) => void;
  'lobby:unwatch': (payload: Record<string, never>, ack: (result: OkResult) => void) => void;
  /** Invites an online person into a room the sender is in. */
  invite: (payload: InviteSend, ack: (result: OkResult) => void) => void;
  /** Tells the other person of a conversation the sender is in that they want to talk (if that person is online). */
  'conversation:invite': (payload: ConversationInviteSend, ack: (result: OkResult) => void) => void;
  /** Answers fresh ICE servers for new connections (TURN credentials with a new expiry). */
  'ice:servers': (payload: Record<string, never>, ack: (result: IceServersResult) => void) => void;
  /** Flags (or clears) that this person has messages waiting for the other person of a conversation. */
  'conversation:pending': (payload: ConversationPending, ack: (result: OkResult) => void) => void;
}

/** Events the server emits. */
export interface ServerToClientEvents {
  'room:peer-joined': (event: PeerJoined) => void;
  'room:peer-left': (event: PeerLeft) => void;
  'room:member-joined': (event: MemberEvent) => void;
  'room:member-left': (event: MemberEvent) => void;
  'room:updated': (event: RoomUpdated) => void;
  'room:user-updated': (event: UserUpdated) => void;
  'room:deleted': (event: RoomDeleted) => void;
  'lobby:changed': (event: LobbyChanged) => void;
  invite: (event: Invite) => void;
  'conversation:invite': (event: ConversationInvite) => void;
  signal: (event: SignalRelay) => void;
  'presence:changed': (event: PresenceChanged) => void;
  /** Someone has messages waiting for you in a conversation: open it in the background and connect. */
  'conversation:knock': (event: ConversationKnock) => void;
}

/** The `connect_error` data the server attaches when it refuses a handshake. */
export const connectErrorDataSchema = z.object({ code: z.string(), message: z.string() });
export type ConnectErrorData = z.infer<typeof connectErrorDataSchema>;
