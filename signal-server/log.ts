/** The few log calls the server makes; main.ts picks the console, tests pick silence. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * One JSON line. Fields that cannot be serialized (too deep, circular) are replaced by a note rather than thrown
 * through the caller: a log call must never be what fails a request.
 */
function line(level: string, message: string, fields?: Record<string, unknown>): string {
  const entry = { level, time: new Date().toISOString(), message };
  try {
    return JSON.stringify({ ...entry, ...fields });
  } catch (err) {
    return JSON.stringify({ ...entry, fields: `not serializable: ${describeError(err)}` });
  }
}

/** One JSON line per entry on stdout/stderr. */
export const consoleLogger: Logger = {
  info: (message, fields) => console.log(line('info', message, fields)),
  warn: (message, fields) => console.warn(line('warn', message, fields)),
  error: (message, fields) => console.error(line('error', message, fields)),
};

/** Drops everything. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/**
 * A thrown or rejected value as one string for the log: an Error's stack, a primitive as itself, anything else by
 * its type only. It never walks the value, which may be what an attacker sent (`String([[[…]]])` recurses).
 */
export function describeError(err: unknown): string {
  if (err instanceof Error) return String(err.stack ?? `${err.name}: ${err.message}`);
  if (typeof err === 'object' && err !== null) return Object.prototype.toString.call(err);
  return String(err).slice(0, 2000);
}
