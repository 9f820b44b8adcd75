import * as z from 'zod/mini';

/** Every error code a client can see, over HTTP or in a socket ack. */
export const ERROR_CODES = [
  'INVALID',
  'TOO_LARGE',
  'USERNAME_TAKEN',
  'BAD_CREDENTIALS',
  'ACCOUNT_DISABLED',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'RATE_LIMITED',
  'ROOM_FULL',
  'NOT_MEMBER',
  /** The person already has as many open rooms as one person may. */
  'TOO_MANY_ROOMS',
  /** The person already has as many sockets (or tabs in this room) as one person may. */
  'TOO_MANY_CONNECTIONS',
  /** The page speaks another `PROTOCOL_VERSION` than the server (socket handshake only): reload it. */
  'PROTOCOL_MISMATCH',
  'INTERNAL',
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** The HTTP status each code is answered with (a socket ack carries the code alone). */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  INVALID: 400,
  TOO_LARGE: 413,
  USERNAME_TAKEN: 409,
  BAD_CREDENTIALS: 401,
  ACCOUNT_DISABLED: 403,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  RATE_LIMITED: 429,
  ROOM_FULL: 409,
  NOT_MEMBER: 403,
  TOO_MANY_ROOMS: 409,
  TOO_MANY_CONNECTIONS: 429,
  PROTOCOL_MISMATCH: 400,
  INTERNAL: 500,
};

/** The codes that say no more than their status: what an error without a Dialog body (a proxy's page) stands for. */
const GENERIC_CODES = ['INVALID', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'TOO_LARGE', 'RATE_LIMITED'] as const;

/** The code for a bare HTTP status (an error thrown by middleware, a proxy's page): INTERNAL when none fits. */
export function codeForStatus(status: number): ErrorCode {
  // 415: a body that is not JSON is an invalid request.
  if (status === 415) return 'INVALID';
  return GENERIC_CODES.find((code) => STATUS_BY_CODE[code] === status) ?? 'INTERNAL';
}

/** The body of every failure: HTTP error responses and `{ ok: false }` acks alike. */
export const errorBodySchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** A failed ack: one of the wire's error codes and a sentence for people. */
export const failureSchema = z.extend(errorBodySchema, { ok: z.literal(false) });
export type Failure = z.infer<typeof failureSchema>;

/** Builds a failed ack. */
export function failure(code: ErrorCode, message: string): Failure {
  return { ok: false, code, message };
}

/** Turns a zod error into one readable sentence, e.g. `roomId: Too small`. */
export function describeIssues(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
