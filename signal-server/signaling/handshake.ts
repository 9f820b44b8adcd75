import { randomUUID } from 'node:crypto';
import { describeIssues, handshakeAuthSchema, PROTOCOL_VERSION } from '../../shared/protocol.ts';
import type { DialogSocket } from './types.ts';

/** A refused handshake: the client sees `err.message` and `err.data.code`. */
function refusal(code: string, message: string): Error & { data: { code: string; message: string } } {
  return Object.assign(new Error(message), { data: { code, message } });
}

/**
 * Identifies a socket from its handshake. For now a person names themselves; the accounts feature replaces this
 * with the session cookie. Each socket is one peer with a server-chosen id.
 */
export function handshake(socket: DialogSocket, next: (err?: Error) => void): void {
  const parsed = handshakeAuthSchema.safeParse(socket.handshake.auth);
  if (!parsed.success) {
    next(refusal('INVALID', describeIssues(parsed.error)));
    return;
  }
  if (parsed.data.protocol !== PROTOCOL_VERSION) {
    next(refusal('PROTOCOL_MISMATCH', 'This page is out of date: reload it.'));
    return;
  }
  const name = parsed.data.name;
  socket.data.user = { id: `guest:${randomUUID()}`, name };
  socket.data.peerId = randomUUID();
  socket.data.rooms = new Set();
  next();
}
