import { LIMITS } from './limits.ts';
import { utf8Over } from './peer-messages.ts';
import { type PeerMessage, peerMessageSchema } from './wire.ts';

/** What reading one frame gave: a message of the wire table's `peerMessages`, or why the frame was rejected. */
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

/**
 * Serialises one message; throws if it is invalid or would exceed the frame cap (a programming error on our side:
 * callers check a text with messageRoom first, and a text that fits always makes a frame under the cap).
 */
export function encodePeerMessage(message: PeerMessage): string {
  const text = JSON.stringify(peerMessageSchema.parse(message));
  if (utf8Over(text, LIMITS.peerFrameBytes)) throw new RangeError('peer frame too large');
  return text;
}

function frameToText(frame: unknown): string | undefined {
  if (frame instanceof Uint8Array) return new TextDecoder('utf-8', { fatal: false }).decode(frame);
  if (frame instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(frame));
  return undefined;
}
