import type { Logger } from '../log.ts';
import type { PresenceStore } from '../presence/presence-store.ts';
import { refusal } from './handshake.ts';
import type { DialogSocket } from './types.ts';

type Connection = DialogSocket['conn'];

/**
 * Caps the sockets one person may hold, so one account cannot take every connection the server has; the one over
 * the cap is refused with TOO_MANY_CONNECTIONS. `middleware` runs after the handshake (which says who the person
 * is); `attach` runs when the socket comes up. The slot is held until the socket is gone, or its connection if the
 * socket never came up. A person's first socket and the end of their last one are announced to every socket as
 * `presence:changed`, so directories update live. The listeners are made once, not per socket: socket.io and
 * engine.io call them with the socket (or its connection) as `this`.
 */
export function connectionCap(presence: PresenceStore, maxSockets: number, log: Logger) {
  /** Sockets counted but not up yet, by their connection: if it closes first, their slot is given back. */
  const waiting = new WeakMap<Connection, DialogSocket>();
  const announce = (socket: DialogSocket, online: boolean) =>
    socket.nsp.emit('presence:changed', { username: socket.data.user.username, online });

  const release = (socket: DialogSocket) => {
    const { username } = socket.data.user;
    presence
      .disconnected(username)
      .then(() => presence.isOnline(username))
      .then(
        (online) => {
          if (!online) announce(socket, false);
        },
        (err) => log.error('presence update failed', { error: String(err) }),
      );
  };
  function onConnectionClose(this: Connection): void {
    const socket = waiting.get(this);
    waiting.delete(this);
    if (socket) release(socket);
  }
  function onDisconnect(this: DialogSocket): void {
    release(this);
  }

  const middleware = (socket: DialogSocket, next: (err?: Error) => void): void => {
    const { username } = socket.data.user;
    presence
      .isOnline(username)
      .then(async (wasOnline) => ({ wasOnline, counted: await presence.connected(username, maxSockets) }))
      .then(
        ({ wasOnline, counted }) => {
          if (!counted) {
            const message = `You have ${maxSockets} connections open already: close a tab and try again.`;
            return next(refusal('TOO_MANY_CONNECTIONS', message));
          }
          // The client may have gone while presence answered: then no 'close' is coming.
          if (socket.conn.readyState === 'closed') release(socket);
          else {
            waiting.set(socket.conn, socket);
            socket.conn.once('close', onConnectionClose);
            if (!wasOnline) announce(socket, true);
          }
          next();
        },
        (err) => {
          log.error('presence check failed', { error: String(err) });
          next(refusal('INTERNAL', 'Could not check your connections; try again.'));
        },
      );
  };

  /** A counted socket came up: its slot is now held until it disconnects. */
  const attach = (socket: DialogSocket): void => {
    socket.conn.off('close', onConnectionClose);
    waiting.delete(socket.conn);
    socket.on('disconnect', onDisconnect);
  };

  return { middleware, attach };
}
