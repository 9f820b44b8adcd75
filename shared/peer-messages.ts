import * as z from 'zod/mini';
import { userSummarySchema } from './api.ts';
import { LIMITS } from './limits.ts';

/** Bytes `text` takes inside a data-channel frame: the UTF-8 of its JSON string, quotes left out. */
export function frameTextBytes(text: string): number {
  return new TextEncoder().encode(JSON.stringify(text)).length - 2;
}

/** How much room a message's text takes, against both limits; what a composer counts before anything is sent. */
export interface MessageRoom {
  /** UTF-16 code units, against LIMITS.messageChars. */
  chars: number;
  /** frameTextBytes, against LIMITS.messageBytes. */
  bytes: number;
  /** Within both: the message can be sent in one frame. */
  fits: boolean;
}

/** Measures a message's text (see MessageRoom). */
export function messageRoom(text: string): MessageRoom {
  const chars = text.length;
  // Past the character limit the bytes do not matter; short of it, most texts are clearly small enough.
  const bytes = chars > LIMITS.messageChars ? Number.POSITIVE_INFINITY : frameTextBytes(text);
  return { chars, bytes, fits: chars <= LIMITS.messageChars && bytes <= LIMITS.messageBytes };
}

/** A message's text: 1 to LIMITS.messageChars characters that take at most LIMITS.messageBytes in a frame. */
const messageTextSchema = z.string().check(
  z.minLength(1),
  z.maxLength(LIMITS.messageChars),
  z.refine((text) => !utf8Over(JSON.stringify(text), LIMITS.messageBytes + 2), 'text too large for one frame'),
);

/** Sender-chosen message id; unique per sender. */
export const messageIdSchema = z.string().check(z.minLength(8), z.maxLength(64));

/** A room message, sent to every peer. */
export const chatMessageSchema = z.object({
  type: z.literal('chat'),
  id: messageIdSchema,
  /** Sender's clock, ms since epoch. Display only: never used for ordering trust. */
  sentAt: z.int().check(z.nonnegative()),
  text: messageTextSchema,
});

/** A message for one person only: sent over the data channels to that person's tabs and nobody else's. */
export const personalMessageSchema = z.object({
  type: z.literal('personal'),
  id: messageIdSchema,
  sentAt: z.int().check(z.nonnegative()),
  text: messageTextSchema,
});

/** "I am typing" (throttled by the sender; the receiver lets it fade after a few seconds). */
export const typingMessageSchema = z.object({ type: z.literal('typing') });

/** Receipt for a message, sent back over the same channel. */
export const ackMessageSchema = z.object({
  type: z.literal('ack'),
  id: messageIdSchema,
});

/** "Not accepted": the receiver dropped this personal message (they blocked the sender); sent instead of an ack. */
export const refusedMessageSchema = z.object({
  type: z.literal('refused'),
  id: messageIdSchema,
});

/**
 * What a browser takes from one peer: `burst` frames at once, then `perSecond` on average. More are dropped unread
 * and the peer is marked as sending too fast. Receipts, and the chunks of a file transfer the receiver accepted, are
 * not counted.
 */
export const PEER_RECEIVE_LIMIT = { burst: 200, perSecond: 50 } as const;

/**
 * Frames over its limit after which a peer's connection is closed, discarding what it still has on the way: no
 * Dialog page sends that many (its own queue holds 500 frames per peer, and it sends at half the limit), so this is a
 * hostile or broken peer whose flood would otherwise cost the receiver every frame's arrival. The connection is
 * opened again as any lost one is; the peer's limit stays used up, so a new flood is cut off sooner.
 */
export const PEER_CUT_OFF_AFTER_DROPPED = 1000;

/**
 * What Dialog's own page sends (chat and personal messages): half the receive limit, so the earlier lines a newcomer
 * asks for and re-sent messages fit beside a burst. A send over it is refused and the person told to wait: their
 * message stays in the box instead of being dropped by every receiver.
 */
export const OWN_SEND_LIMIT = { burst: 100, perSecond: 25 } as const;

/** How many earlier room messages a newcomer is shown (late joiners see what the room was talking about). */
export const EARLIER_LINES = 50;

/** A newcomer asks one peer that was already in the room for its last room messages. */
export const historyRequestMessageSchema = z.object({ type: z.literal('history-request') });

/**
 * One earlier room message, as the answering browser kept it (never a personal one; its author is that browser's
 * word, so the page says whose browser it came from). At most EARLIER_LINES, oldest first, then `history-end`.
 */
export const historyLineMessageSchema = z.object({
  type: z.literal('history-line'),
  id: messageIdSchema,
  author: userSummarySchema,
  sentAt: z.int().check(z.nonnegative()),
  text: z.string().check(z.minLength(1), z.maxLength(LIMITS.messageChars)),
});

/** The answer is complete (also the whole answer when the room does not share its history). */
export const historyEndMessageSchema = z.object({ type: z.literal('history-end') });

export type ChatMessage = z.infer<typeof chatMessageSchema>;
export type PersonalMessage = z.infer<typeof personalMessageSchema>;
export type TypingMessage = z.infer<typeof typingMessageSchema>;
export type AckMessage = z.infer<typeof ackMessageSchema>;
export type RefusedMessage = z.infer<typeof refusedMessageSchema>;
export type HistoryLineMessage = z.infer<typeof historyLineMessageSchema>;

/** Whether `text` takes more than `bytes` in UTF-8; encodes it only when its length alone cannot tell. */
export function utf8Over(text: string, bytes: number): boolean {
  if (text.length > bytes) return true;
  return text.length * 3 > bytes && new TextEncoder().encode(text).length > bytes;
}
