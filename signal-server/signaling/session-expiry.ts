import type { Sessions } from '../accounts/sessions.ts';
import type { Logger } from '../log.ts';
import type { DialogSocket } from './types.ts';

/** The longest delay setTimeout honours (about 24.8 days); a longer wait is simply checked again then. */
const MAX_DELAY_MS = 2 ** 31 - 1;
/** After a failed check (the store unreachable), the next try. */
const RETRY_MS = 60_000;

/**
 * Ends a socket when its session ends by the clock, as a logout would: it re-checks the session at its absolute
 * end (and every half idle period, which renews it: an open socket is use). Revoked sessions already cut their
 * sockets at once; this covers expiry, which happens without any request.
 */
export function endWithSession(socket: DialogSocket, sessions: Sessions, log: Logger): void {
  let timer: NodeJS.Timeout | undefined;
  const check = async (): Promise<void> => {
    const auth = await sessions.resolveId(socket.data.sessionId);
    if (!socket.connected) return;
    if (!auth) {
      socket.disconnect(true);
      return;
    }
    timer = setTimeout(run, Math.min(Math.max(1, sessions.msUntilCheck(auth.session)), MAX_DELAY_MS));
    timer.unref();
  };
  const run = () => {
    check().catch((err) => {
      log.error('session check failed', { sessionId: socket.data.sessionId, error: String(err) });
      timer = setTimeout(run, RETRY_MS); // the store may be back by then
      timer.unref();
    });
  };
  socket.once('disconnect', () => clearTimeout(timer));
  run();
}
