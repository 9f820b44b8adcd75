import { describeError, type Logger } from './log.ts';

/**
 * Keeps the server serving when a promise rejects with nobody to catch it: the rejection is logged and the process
 * goes on, where Node's default would end it and drop every connected person. Each socket and HTTP handler already
 * turns its own errors into `{ code, message }`; this is the net behind them, for the one that slips through.
 * (Uncaught exceptions still end the process: after one, Node's state is not safe to keep using.)
 */
export function keepServingOnRejection(proc: NodeJS.EventEmitter, log: Logger): void {
  proc.on('unhandledRejection', (reason: unknown) => {
    log.error('unhandled rejection; still serving', { error: describeError(reason) });
  });
}
