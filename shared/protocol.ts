/**
 * Dialog's wire vocabulary: the one module both the signal server and the web app import.
 * `wire.ts` is the table of socket.io events, HTTP routes and data-channel messages; the other modules hold the
 * schemas it names, error codes and limits.
 */
export const PROTOCOL_VERSION = 1;

export * from './api.ts';
export * from './blocks.ts';
export * from './errors.ts';
export * from './file-messages.ts';
export * from './history.ts';
export * from './limits.ts';
export * from './outbox.ts';
export * from './peer-frames.ts';
export * from './peer-messages.ts';
export * from './rooms.ts';
export * from './socket-events.ts';
export * from './wire.ts';
