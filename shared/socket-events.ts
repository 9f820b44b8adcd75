import * as z from 'zod/mini';
import { userSummarySchema } from './api.ts';
import { errorBodySchema, failureSchema } from './errors.ts';
import { isJsonWithin } from './json-bounds.ts';
import { LIMITS } from './limits.ts';
import { roomIdSchema, roomListingSchema } from './rooms.ts';

/** One browser tab in one room; chosen by the server. */
export const peerIdSchema = z.string().check(z.minLength(1), z.maxLength(64));
export type PeerId = z.infer<typeof peerIdSchema>;

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

/** Events without a payload take `{}`. */
export const emptySchema = z.optional(z.object({}));

/** An ack that only says whether it worked. */
export const okResultSchema = z.union([z.object({ ok: z.literal(true) }), failureSchema]);
export type OkResult = z.infer<typeof okResultSchema>;

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
export type RoomJoinResult = z.infer<typeof roomJoinResultSchema>;

/** Fresh ICE servers (TURN credentials expire: a page asks again before they do). */
export const iceServersResultSchema = z.union([
  z.object({ ok: z.literal(true), iceServers: z.array(iceServerSchema) }),
  failureSchema,
]);
export type IceServersResult = z.infer<typeof iceServersResultSchema>;

/** The lobby's first list: at most `LIMITS.lobbyRooms` rooms in lobby order, and how many are open in all. */
export const lobbyWatchResultSchema = z.union([
  z.object({ ok: z.literal(true), rooms: z.array(roomListingSchema), total: z.int() }),
  failureSchema,
]);
export type LobbyWatchResult = z.infer<typeof lobbyWatchResultSchema>;

/** A room someone is in was renamed or re-topiced. */
export const roomUpdatedSchema = z.object({ room: roomListingSchema });
export type RoomUpdated = z.infer<typeof roomUpdatedSchema>;

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

/** A room someone is in was deleted: they are out of it. */
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

/** A WebRTC signal from another peer in the room, stamped by the server with who sent it. */
export const signalRelaySchema = z.object({
  roomId: roomIdSchema,
  from: peerIdSchema,
  fromUser: userSummarySchema,
  data: z.record(z.string(), z.unknown()),
});
export type SignalRelay = z.infer<typeof signalRelaySchema>;

/** The `connect_error` data the server attaches when it refuses a handshake. */
export const connectErrorDataSchema = errorBodySchema;
export type ConnectErrorData = z.infer<typeof connectErrorDataSchema>;
