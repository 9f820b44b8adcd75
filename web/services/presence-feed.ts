import type { PresenceChanged } from '../../shared/protocol.ts';
import { Emitter } from './emitter.ts';
import type { SignalingConnection } from './signaling-connection.ts';

export interface PresenceFeedEvents extends Record<string, unknown> {
  /** Someone came online or went offline (pushed by the server while the socket is up). */
  changed: PresenceChanged;
  /** The socket (re)connected: changes may have been missed, so an online list should be fetched again. */
  stale: undefined;
}

/** Who comes online and goes offline, as the server pushes it, for the pages that show online flags. */
export class PresenceFeed extends Emitter<PresenceFeedEvents> {
  constructor(connection: SignalingConnection) {
    super();
    connection.on('opened', () => this.emit('stale', undefined));
    connection.on('resumed', () => this.emit('stale', undefined));
  }

  /** A `presence:changed` push. */
  changed(change: PresenceChanged): void {
    this.emit('changed', change);
  }
}
