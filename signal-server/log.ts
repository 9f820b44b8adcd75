import { AsyncLocalStorage } from 'node:async_hooks';
import { pino } from 'pino';

/** The few log calls the server makes; main.ts picks a pino logger, tests pick silence. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** LOG_LEVEL: the lowest level written (`silent`: nothing). */
export const LOG_LEVELS = ['error', 'warn', 'info', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The HTTP request being answered (http/request-log.ts): every line logged while answering it carries its id,
 * however deep the call that logs.
 */
export const requestScope = new AsyncLocalStorage<{ requestId: string }>();

/**
 * Never written, whoever passes them in a log call's fields: credentials in headers (a logged request's or
 * response's) and passwords in a logged body.
 */
const REDACTED = [
  'headers.cookie',
  'headers.authorization',
  'headers["set-cookie"]',
  '*.headers.cookie',
  '*.headers.authorization',
  '*.headers["set-cookie"]',
  'password',
  'currentPassword',
  'newPassword',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
];

export interface LoggerOptions {
  /** Default `info`. */
  level?: LogLevel;
  /** Where the JSON lines go. Default: `info` lines to stdout, warnings and errors to stderr. */
  destination?: pino.DestinationStream;
}

/**
 * One JSON line per entry through pino: `level` (as a word), ISO `time`, `pid`, `hostname`, the request's
 * `requestId` while answering one, the fields, and `message`. Fields too deep or too wide are cut by pino's
 * limits rather than thrown through the caller: a log call must never be what fails a request.
 */
export function createLogger({ level = 'info', destination }: LoggerOptions = {}): Logger {
  const logger = pino(
    {
      level,
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => requestScope.getStore() ?? {},
      redact: { paths: REDACTED, censor: '[redacted]' },
    },
    destination ??
      pino.multistream(
        [
          { level: 'info', stream: process.stdout },
          { level: 'warn', stream: process.stderr },
        ],
        { dedupe: true },
      ),
  );
  return {
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
  };
}

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
