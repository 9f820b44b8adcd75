/** The few log calls the server makes; main.ts picks the console, tests pick silence. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** One JSON line per entry on stdout/stderr. */
export const consoleLogger: Logger = {
  info: (message, fields) =>
    console.log(JSON.stringify({ level: 'info', time: new Date().toISOString(), message, ...fields })),
  warn: (message, fields) =>
    console.warn(JSON.stringify({ level: 'warn', time: new Date().toISOString(), message, ...fields })),
  error: (message, fields) =>
    console.error(JSON.stringify({ level: 'error', time: new Date().toISOString(), message, ...fields })),
};

/** Drops everything. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
