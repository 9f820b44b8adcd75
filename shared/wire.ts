import * as z from 'zod/mini';
import { fileAcceptSchema, fileCancelSchema, fileDoneSchema, fileOfferSchema } from './file-messages.ts';
import { conversationKnockSchema, conversationPendingSchema } from './outbox.ts';
import {
  ackMessageSchema,
  chatMessageSchema,
  historyEndMessageSchema,
  historyLineMessageSchema,
  historyRequestMessageSchema,
  personalMessageSchema,
  refusedMessageSchema,
  typingMessageSchema,
} from './peer-messages.ts';
import {
  connectErrorDataSchema,
  conversationInviteSchema,
  conversationInviteSendSchema,
  emptySchema,
  handshakeAuthSchema,
  iceServersResultSchema,
  inviteSchema,
  inviteSendSchema,
  lobbyChangedSchema,
  lobbyWatchResultSchema,
  memberEventSchema,
  okResultSchema,
  peerJoinedSchema,
  peerLeftSchema,
  presenceChangedSchema,
  roomDeletedSchema,
  roomJoinResultSchema,
  roomJoinSchema,
  roomLeaveSchema,
  roomUpdatedSchema,
  signalRelaySchema,
  signalSendSchema,
  userUpdatedSchema,
} from './socket-events.ts';

export * from './routes.ts';

/**
 * The wire as one table: every socket.io event with its payload schema and, for the events a client emits, the
 * schema of the ack's result; every data-channel message by its `type` (HTTP routes: routes.ts). Types are inferred from these schemas; the server registers its handlers and the
 * page its listeners by these keys, so an event missing on either side is a type error.
 */

/** What a client may emit. Every one takes an ack whose result is `{ ok: true, … } | Failure`. */
export const clientEvents = {
  /** Enter a room: answers the room, this tab's member entry, the peers already there and ICE servers. */
  'room:join': { payload: roomJoinSchema, result: roomJoinResultSchema },
  'room:leave': { payload: roomLeaveSchema, result: okResultSchema },
  /** Relay a WebRTC signal to another peer of a room both are in. */
  signal: { payload: signalSendSchema, result: okResultSchema },
  /** Start receiving `lobby:changed`; answers the current list (capped). */
  'lobby:watch': { payload: emptySchema, result: lobbyWatchResultSchema },
  'lobby:unwatch': { payload: emptySchema, result: okResultSchema },
  /** Invite an online person into a room the sender is in. */
  invite: { payload: inviteSendSchema, result: okResultSchema },
  /** Tell the other person of a direct conversation the sender is in that they want to talk (if they are online). */
  'conversation:invite': { payload: conversationInviteSendSchema, result: okResultSchema },
  /** Fresh ICE servers for new connections (TURN credentials with a new expiry). */
  'ice:servers': { payload: emptySchema, result: iceServersResultSchema },
  /** Flag (or clear) that this person has messages waiting for the other person of a direct conversation. */
  'conversation:pending': { payload: conversationPendingSchema, result: okResultSchema },
} as const satisfies Record<string, { payload: z.ZodMiniType; result: z.ZodMiniType }>;

/**
 * Who receives an event the server emits: every socket in a room ('room'), one tab ('tab'), every socket of one
 * person ('person'), every socket watching the lobby ('lobby'), or every socket ('everyone').
 */
export type Audience = 'room' | 'tab' | 'person' | 'lobby' | 'everyone';

/** What the server emits, and to whom. */
export const serverEvents = {
  /** Another tab joined the room: it will open a connection to each tab already there. */
  'room:peer-joined': { payload: peerJoinedSchema, to: 'room' },
  'room:peer-left': { payload: peerLeftSchema, to: 'room' },
  /** A person arrived or left (once per person, and not for a reload within the grace period). */
  'room:member-joined': { payload: memberEventSchema, to: 'room' },
  'room:member-left': { payload: memberEventSchema, to: 'room' },
  'room:updated': { payload: roomUpdatedSchema, to: 'room' },
  /** A person in the room changed their name or picture. */
  'room:user-updated': { payload: userUpdatedSchema, to: 'room' },
  'room:deleted': { payload: roomDeletedSchema, to: 'room' },
  signal: { payload: signalRelaySchema, to: 'tab' },
  invite: { payload: inviteSchema, to: 'person' },
  /** The other person of a direct conversation opened it and wants to talk. */
  'conversation:invite': { payload: conversationInviteSchema, to: 'person' },
  /** Only after `lobby:watch`, until `lobby:unwatch`. */
  'lobby:changed': { payload: lobbyChangedSchema, to: 'lobby' },
  'presence:changed': { payload: presenceChangedSchema, to: 'everyone' },
  /** Someone has messages waiting for this person in a conversation: open it in the background and connect. */
  'conversation:knock': { payload: conversationKnockSchema, to: 'person' },
} as const satisfies Record<string, { payload: z.ZodMiniType; to: Audience }>;

/**
 * Everything that travels over a data channel, by its `type` (each key is its schema's `type` literal). The sender
 * is whoever's connection delivered it.
 */
export const peerMessages = {
  chat: chatMessageSchema,
  personal: personalMessageSchema,
  ack: ackMessageSchema,
  refused: refusedMessageSchema,
  typing: typingMessageSchema,
  'history-request': historyRequestMessageSchema,
  'history-line': historyLineMessageSchema,
  'history-end': historyEndMessageSchema,
  'file-offer': fileOfferSchema,
  'file-accept': fileAcceptSchema,
  'file-done': fileDoneSchema,
  'file-cancel': fileCancelSchema,
} as const;

type PeerMessageTypeSchema = (typeof peerMessages)[keyof typeof peerMessages];
/** Any data-channel message: the union of the table, discriminated on `type`. */
export const peerMessageSchema = z.discriminatedUnion(
  'type',
  Object.values(peerMessages) as [PeerMessageTypeSchema, ...PeerMessageTypeSchema[]],
);
export type PeerMessage = z.infer<typeof peerMessageSchema>;
export type PeerMessageType = keyof typeof peerMessages;

/** The socket.io handshake: `auth` the client sends, and the `connect_error` data of a refusal. */
export const socketHandshake = { auth: handshakeAuthSchema, refusal: connectErrorDataSchema } as const;

export type ClientEvent = keyof typeof clientEvents;
export type ServerEvent = keyof typeof serverEvents;
/** A client event's payload as sent (before the server's schema trims or defaults anything). */
export type ClientPayload<E extends ClientEvent> = z.input<(typeof clientEvents)[E]['payload']>;
/** A client event's payload as the server's handler receives it, parsed. */
export type ClientRequest<E extends ClientEvent> = z.output<(typeof clientEvents)[E]['payload']>;
export type ClientResult<E extends ClientEvent> = z.infer<(typeof clientEvents)[E]['result']>;
export type ServerPayload<E extends ServerEvent> = z.infer<(typeof serverEvents)[E]['payload']>;
/** The server events one room's page handles: those sent to a room's members or to one of its tabs. */
export type RoomEvent = {
  [E in ServerEvent]: (typeof serverEvents)[E]['to'] extends 'room' | 'tab' ? E : never;
}[ServerEvent];
/** A listener for each of the events `E`: a map that `satisfies` it handles every one of them. */
export type ServerListeners<E extends ServerEvent = ServerEvent> = { [K in E]: (event: ServerPayload<K>) => void };

/** socket.io's map of what a client emits, derived from the table. */
export type ClientToServerEvents = {
  [E in ClientEvent]: (payload: ClientPayload<E>, ack: (result: ClientResult<E>) => void) => void;
};

/** socket.io's map of what the server emits, derived from the table. */
export type ServerToClientEvents = {
  [E in ServerEvent]: (event: ServerPayload<E>) => void;
};
