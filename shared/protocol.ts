/**
 * Dialog's wire vocabulary: the one module both the signal server and the web app import.
 * Socket.io events (client ↔ server), data-channel messages (browser ↔ browser), error codes and limits.
 */
export const PROTOCOL_VERSION = 1;

export * from './api.ts';
export * from './blocks.ts';
export * from './errors.ts';
export * from './file-messages.ts';
export * from './history.ts';
export * from './limits.ts';
export * from './outbox.ts';
export * from './peer-messages.ts';
export * from './rooms.ts';
export * from './socket-events.ts';
