import * as z from 'zod/mini';
import { userSummarySchema } from './api.ts';
import { LIMITS } from './limits.ts';

/**
 * Files between browsers. Control messages are JSON frames like chat; the bytes travel as binary chunk frames
 * (`encodeChunk`): a 17-byte header (a zero byte JSON never starts with, then the transfer id) and the payload.
 * Binary, not JSON: base64 would add a third to every byte and a JSON parse per chunk; the channel is ordered and
 * reliable, so a chunk needs no offset: the receiver counts.
 *
 * offer (sender → each receiving tab) → accept or cancel (receiver) → chunks → done (hash verified) or cancel.
 */

/** A transfer's id: 128 random bits as 32 hex digits, so it fits the chunk header as 16 bytes. */
export const fileIdSchema = z.string().check(z.regex(/^[0-9a-f]{32}$/));

/** "Here is a file": what the receiver needs to accept it and to verify it once every byte is in. */
export const fileOfferSchema = z.object({
  type: z.literal('file-offer'),
  id: fileIdSchema,
  sentAt: z.int().check(z.nonnegative()),
  name: z.string().check(z.minLength(1), z.maxLength(LIMITS.fileNameChars)),
  size: z.int().check(z.positive(), z.maximum(LIMITS.fileBytesCap)),
  /** The type the sender's browser declared; display only (pictures are told by their bytes). */
  mime: z.string().check(z.maxLength(100)),
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  /** For this person only (sent to their tabs alone), not the room. */
  personal: z.optional(z.boolean()),
});

/** The receiver takes the offer: chunks may come. */
export const fileAcceptSchema = z.object({ type: z.literal('file-accept'), id: fileIdSchema });

/** Every byte arrived and matched the offer's SHA-256. */
export const fileDoneSchema = z.object({ type: z.literal('file-done'), id: fileIdSchema });

/** Why a transfer ended early, said by either side. */
export const FILE_CANCEL_REASONS = ['cancelled', 'refused', 'too-large', 'damaged', 'stalled'] as const;
export type FileCancelReason = (typeof FILE_CANCEL_REASONS)[number];

/** Either side stops a transfer; the other stops too and drops what it has. */
export const fileCancelSchema = z.object({
  type: z.literal('file-cancel'),
  id: fileIdSchema,
  reason: z.enum(FILE_CANCEL_REASONS),
});

export type FileOffer = z.infer<typeof fileOfferSchema>;
export type FileAccept = z.infer<typeof fileAcceptSchema>;
export type FileDone = z.infer<typeof fileDoneSchema>;
export type FileCancel = z.infer<typeof fileCancelSchema>;

/**
 * The data channel file chunks travel on, beside the connection's chat channel: both ends create it themselves
 * (`negotiated`) with this label and stream id. Only chunk frames are taken on it.
 */
export const FILE_CHANNEL = { label: 'dialog-files', id: 1000 } as const;

/** Bytes before a chunk's payload: the marker byte and the 16-byte transfer id. */
export const CHUNK_HEADER_BYTES = 17;

/** Whether a data-channel frame is a file chunk (binary, starting with the zero marker). */
export function isChunkFrame(frame: unknown): frame is Uint8Array {
  return frame instanceof Uint8Array && frame.length > CHUNK_HEADER_BYTES && frame[0] === 0;
}

/** A chunk frame: header, then `payload`. */
export function encodeChunk(id: string, payload: Uint8Array): Uint8Array {
  return chunkFrames(id, payload.length)(payload);
}

/**
 * Frames the chunks of one transfer, of up to `maxPayload` bytes each, in one buffer with the header written once:
 * each call answers a view of that buffer, valid until the next call (a data channel's `send` copies it at once).
 * A new 256 KiB buffer per chunk cost the sender more main-thread time than anything else it did per chunk.
 */
export function chunkFrames(id: string, maxPayload: number): (payload: Uint8Array) => Uint8Array {
  const buffer = new Uint8Array(CHUNK_HEADER_BYTES + maxPayload);
  for (let i = 0; i < 16; i++) buffer[1 + i] = Number.parseInt(id.slice(i * 2, i * 2 + 2), 16);
  return (payload) => {
    buffer.set(payload, CHUNK_HEADER_BYTES);
    return buffer.subarray(0, CHUNK_HEADER_BYTES + payload.length);
  };
}

/** The transfer id and payload of a chunk frame (a view, not a copy). */
export function decodeChunk(frame: Uint8Array): { id: string; payload: Uint8Array } {
  let id = '';
  for (let i = 1; i < CHUNK_HEADER_BYTES; i++) id += (frame[i] as number).toString(16).padStart(2, '0');
  return { id, payload: frame.subarray(CHUNK_HEADER_BYTES) };
}

/** A credit frame's length: the marker byte `1`, the 16-byte transfer id, and the bytes taken (uint32, big-endian). */
const CREDIT_BYTES = 21;

/** Whether a file-channel frame is a credit: the receiver telling the sender how much of a file it has taken. */
export function isCreditFrame(frame: unknown): frame is Uint8Array {
  return frame instanceof Uint8Array && frame.length === CREDIT_BYTES && frame[0] === 1;
}

/** A credit: the receiving tab has taken (checked and kept) the first `taken` bytes of transfer `id`. */
export function encodeCredit(id: string, taken: number): Uint8Array {
  const frame = new Uint8Array(CREDIT_BYTES);
  frame[0] = 1;
  for (let i = 0; i < 16; i++) frame[1 + i] = Number.parseInt(id.slice(i * 2, i * 2 + 2), 16);
  new DataView(frame.buffer).setUint32(17, taken);
  return frame;
}

export function decodeCredit(frame: Uint8Array): { id: string; taken: number } {
  return {
    id: decodeChunk(frame.subarray(0, CHUNK_HEADER_BYTES)).id,
    taken: new DataView(frame.buffer, frame.byteOffset, frame.length).getUint32(17),
  };
}

/**
 * A file as this browser keeps it (IndexedDB) so that a reload still shows it was shared: what its card says, and
 * the bytes of a received file until the device's budget or the person lets them go.
 */
export const keptFileSchema = z.object({
  owner: z.string().check(z.minLength(1), z.maxLength(LIMITS.usernameMax)),
  roomId: z.string().check(z.minLength(1), z.maxLength(64)),
  id: fileIdSchema,
  /** When it was kept: the oldest bytes go first when the budget is spent. */
  at: z.number(),
  direction: z.enum(['in', 'out']),
  name: z.string().check(z.minLength(1), z.maxLength(LIMITS.fileNameChars)),
  size: z.int().check(z.positive(), z.maximum(LIMITS.fileBytesCap)),
  mime: z.string().check(z.maxLength(100)),
  /** Incoming: who sent it. Outgoing personal: to whom. */
  person: z.optional(userSummarySchema),
  personal: z.boolean(),
  /** A received file's bytes, while kept (never an outgoing one's: the sender has the original). */
  blob: z.optional(z.instanceof(Blob)),
});
export type KeptFile = z.infer<typeof keptFileSchema>;
