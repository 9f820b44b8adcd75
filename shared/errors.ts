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
  'INTERNAL',
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

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
