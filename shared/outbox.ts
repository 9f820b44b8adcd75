import * as z from 'zod/mini';
import { usernameSchema, userSummarySchema } from './api.ts';
import { LIMITS } from './limits.ts';
import { messageIdSchema } from './peer-messages.ts';
import { roomIdSchema } from './rooms.ts';

/**
 * The offline outbox of direct conversations. Messages to someone offline or not yet connected wait in the
 * sender's browser and go peer to peer once both are online; the server only ever learns that something is
 * pending between two people, so it can prompt the other to connect — never what, nor how much.
 */

/** `conversation:pending` (client → server): this person has messages waiting in the conversation, or no longer. */
export const conversationPendingSchema = z.object({ roomId: roomIdSchema, pending: z.boolean() });
export type ConversationPending = z.infer<typeof conversationPendingSchema>;

/**
 * `conversation:knock` (server → client): `from` has messages waiting for you in the conversation `roomId`; the
 * page opens it in the background and connects, and they arrive peer to peer.
 */
export const conversationKnockSchema = z.object({ roomId: roomIdSchema, from: userSummarySchema });
export type ConversationKnock = z.infer<typeof conversationKnockSchema>;

/** A pending flag as the server stores it: who waits to reach whom, and where. No content, no count. */
export const pendingRecordSchema = z.object({ from: usernameSchema, to: usernameSchema, roomId: roomIdSchema });
export type PendingRecord = z.infer<typeof pendingRecordSchema>;

/** One undelivered message as the sender's browser keeps it (IndexedDB), until the other person's page confirms it. */
export const outboxEntrySchema = z.object({
  /** The sender (people may share a browser). */
  owner: usernameSchema,
  roomId: roomIdSchema,
  id: messageIdSchema,
  sentAt: z.int().check(z.nonnegative()),
  text: z.string().check(z.minLength(1), z.maxLength(LIMITS.messageChars)),
  /** Sorts a conversation's waiting messages: they go out in this order. */
  order: z.number(),
});
export type OutboxEntry = z.infer<typeof outboxEntrySchema>;
