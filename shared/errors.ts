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
  'INTERNAL',
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** The HTTP status each code is answered with (a socket ack carries the code alone). */
export const HTTP_STATUS: Record<ErrorCode, number> = {
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
  INTERNAL: 500,
};

/** The body of every failure: HTTP error responses and `{ ok: false }` acks alike. */
export const errorBodySchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** A failed ack. */
export type Failure = { ok: false } & ErrorBody;

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
