import type { Logger } from '../log.ts';
import type { PresenceStore } from '../presence/presence-store.ts';
import { refusal } from './handshake.ts';
import type { DialogSocket } from './types.ts';

/**
 * Caps the sockets one person may hold, so one account cannot take every connection the server has; the one over
 * the cap is refused with TOO_MANY_CONNECTIONS. Runs after the handshake (which says who the person is). The slot
 * is held until the socket is gone, or its connection if the socket never came up. A person's first socket and the
 * end of their last one are announced to every socket as `presence:changed`, so directories update live.
 */
export function connectionCap(presence: PresenceStore, maxSockets: number, log: Logger) {
  return (socket: DialogSocket, next: (err?: Error) => void): void => {
    const { username } = socket.data.user;
    const announce = (online: boolean) => socket.nsp.emit('presence:changed', { username, online });
    presence
      .isOnline(username)
      .then(async (wasOnline) => {
        const counted = await presence.connected(username, maxSockets);
        return { wasOnline, counted };
      })
      .then(
        ({ wasOnline, counted }) => {
          if (!counted) {
            const message = `You have ${maxSockets} connections open already: close a tab and try again.`;
            return next(refusal('TOO_MANY_CONNECTIONS', message));
          }
          let held = true;
          const release = () => {
            if (!held) return;
            held = false;
            presence
              .disconnected(username)
              .then(() => presence.isOnline(username))
              .then(
                (online) => {
                  if (!online) announce(false);
                },
                (err) => log.error('presence update failed', { error: String(err) }),
              );
          };
          socket.once('disconnect', release);
          socket.conn.once('close', release);
          // The client may have gone while presence answered: then no 'close' is coming.
          if (socket.conn.readyState === 'closed') release();
          else if (!wasOnline) announce(true);
          next();
        },
        (err) => {
          log.error('presence check failed', { error: String(err) });
          next(refusal('INTERNAL', 'Could not check your connections; try again.'));
        },
      );
  };
}
