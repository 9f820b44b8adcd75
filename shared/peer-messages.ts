import * as z from 'zod/mini';
import { LIMITS } from './limits.ts';
import { userSummarySchema } from './socket-events.ts';

/** Sender-chosen message id; unique per sender. */
export const messageIdSchema = z.string().check(z.minLength(8), z.maxLength(64));

/** A room message, sent to every peer. */
export const chatMessageSchema = z.object({
  type: z.literal('chat'),
  id: messageIdSchema,
  /** Sender's clock, ms since epoch. Display only: never used for ordering trust. */
  sentAt: z.int().check(z.nonnegative()),
  text: z.string().check(z.minLength(1), z.maxLength(LIMITS.messageChars)),
});

/** A message for one person only: sent over the data channels to that person's tabs and nobody else's. */
export const personalMessageSchema = z.object({
  type: z.literal('personal'),
  id: messageIdSchema,
  sentAt: z.int().check(z.nonnegative()),
  text: z.string().check(z.minLength(1), z.maxLength(LIMITS.messageChars)),
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

/** Everything that travels over a data channel. The sender is whoever's connection delivered it. */
export const peerMessageSchema = z.discriminatedUnion('type', [
  chatMessageSchema,
  personalMessageSchema,
  ackMessageSchema,
  refusedMessageSchema,
  typingMessageSchema,
  historyRequestMessageSchema,
  historyLineMessageSchema,
  historyEndMessageSchema,
]);

export type ChatMessage = z.infer<typeof chatMessageSchema>;
export type PersonalMessage = z.infer<typeof personalMessageSchema>;
export type TypingMessage = z.infer<typeof typingMessageSchema>;
export type AckMessage = z.infer<typeof ackMessageSchema>;
export type RefusedMessage = z.infer<typeof refusedMessageSchema>;
export type PeerMessage = z.infer<typeof peerMessageSchema>;
export type HistoryLineMessage = z.infer<typeof historyLineMessageSchema>;

export type PeerDecodeResult = { ok: true; message: PeerMessage } | { ok: false; reason: string };

/** Parses one data-channel frame; never throws. */
export function decodePeerMessage(frame: unknown): PeerDecodeResult {
  const text = typeof frame === 'string' ? frame : frameToText(frame);
  if (text === undefined) return { ok: false, reason: 'not text' };
  if (utf8Over(text, LIMITS.peerFrameBytes)) return { ok: false, reason: 'frame too large' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = peerMessageSchema.safeParse(json);
  return parsed.success
    ? { ok: true, message: parsed.data }
    : { ok: false, reason: parsed.error.issues[0]?.message ?? 'invalid' };
}

/** Serialises one message; throws if it would exceed the frame cap (a programming error on our side). */
export function encodePeerMessage(message: PeerMessage): string {
  const text = JSON.stringify(peerMessageSchema.parse(message));
  if (new TextEncoder().encode(text).length > LIMITS.peerFrameBytes) throw new RangeError('peer frame too large');
  return text;
}

/** Whether `text` takes more than `bytes` in UTF-8; encodes it only when its length alone cannot tell. */
function utf8Over(text: string, bytes: number): boolean {
  if (text.length > bytes) return true;
  return text.length * 3 > bytes && new TextEncoder().encode(text).length > bytes;
}

function frameToText(frame: unknown): string | undefined {
  if (frame instanceof Uint8Array) return new TextDecoder('utf-8', { fatal: false }).decode(frame);
  if (frame instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(frame));
  return undefined;
}
