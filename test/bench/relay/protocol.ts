/**
 * The baseline's wire: a server-relayed chat the way the original messenger worked (Django Channels group
 * broadcast). The browser sends each message to the server; the server stamps the sender and sends it to everyone
 * in the room, the sender included (`group_send`). Messages are Dialog's own chat envelope, so sizes match.
 */
import * as z from 'zod/mini';
import { chatMessageSchema } from '../../../shared/protocol.ts';

/** `join` (with an ack): enter one room; a socket is in at most one. */
export const relayJoinSchema = z.object({ room: z.string().check(z.minLength(1), z.maxLength(64)) });

/** `chat` from the server: a room message and who sent it (stamped by the server). */
export const relayedChatSchema = z.object({ from: z.string(), message: chatMessageSchema });
export type RelayedChat = z.infer<typeof relayedChatSchema>;

/**
 * `signal` (with an ack): one opaque payload to one socket, as Dialog relays WebRTC signaling; the server answers
 * once it has sent it on. The baseline of the signaling capacity figures (ack latency at load).
 */
export const relaySignalSchema = z.object({ to: z.string().check(z.maxLength(64)), data: z.unknown() });
