import * as z from 'zod/mini';
import { errorCodeSchema } from './errors.ts';
import { LIMITS } from './limits.ts';

/** Bytes of UTF-8: what bcrypt actually reads of a password. */
export const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

/** 3–32 of a-z 0-9 _ . - ; case-insensitive, so always lowercased. */
export const usernameSchema = z
  .string()
  .check(
    z.trim(),
    z.toLowerCase(),
    z.minLength(LIMITS.usernameMin, `at least ${LIMITS.usernameMin} characters`),
    z.maxLength(LIMITS.usernameMax, `at most ${LIMITS.usernameMax} characters`),
    z.regex(/^[a-z0-9_.-]+$/, 'use only letters, digits, "_", "." and "-"'),
  );

/** 8–72 bytes of UTF-8 (bcrypt ignores anything past 72 bytes, so longer is refused rather than truncated). */
export const passwordSchema = z.string().check(
  z.refine((p) => utf8Bytes(p) >= LIMITS.passwordMinBytes, `at least ${LIMITS.passwordMinBytes} characters`),
  z.refine(
    (p) => utf8Bytes(p) <= LIMITS.passwordMaxBytes,
    `too long: at most ${LIMITS.passwordMaxBytes} bytes of UTF-8 (accented letters and emoji take 2–4 bytes each)`,
  ),
);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** An email address, or '' for none. */
export const emailSchema = z.string().check(
  z.trim(),
  z.maxLength(254, 'at most 254 characters'),
  z.refine((e) => e === '' || EMAIL.test(e), 'enter a valid email address, like ann@example.org'),
);

export const registerSchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  email: z.optional(emailSchema),
});
export type RegisterRequest = z.infer<typeof registerSchema>;

export const loginSchema = z.object({
  username: z.string().check(z.trim(), z.toLowerCase(), z.minLength(1, 'enter your username'), z.maxLength(64)),
  password: z.string().check(z.minLength(1, 'enter your password'), z.maxLength(1024)),
});
export type LoginRequest = z.infer<typeof loginSchema>;

export const changePasswordSchema = z.object({
  currentPassword: z.string().check(z.minLength(1, 'enter your current password'), z.maxLength(1024)),
  newPassword: passwordSchema,
});
export type ChangePasswordRequest = z.infer<typeof changePasswordSchema>;

/** Control characters and direction overrides/isolates: they can reverse or hide the text around a name. */
const CONTROL_OR_BIDI = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
/** Text that shows nothing: format characters (zero-width…), spaces, lone combining marks, blank fillers. */
const INVISIBLE = /^[\p{Cf}\p{Z}\p{M}\s\u115F\u1160\u3164\uFFA0\u2800]*$/u;

/**
 * A display name, NFC-normalised: no control or direction-override characters and something visible in it, so
 * nobody can pose as a blank or flip the text of a message line. '' means "use my username".
 */
export const displayNameSchema = z.string().check(
  z.trim(),
  z.normalize('NFC'),
  z.maxLength(LIMITS.displayNameChars, `at most ${LIMITS.displayNameChars} characters`),
  z.refine((name) => !CONTROL_OR_BIDI.test(name), 'no control or text-direction characters'),
  z.refine((name) => name === '' || !INVISIBLE.test(name), 'use at least one visible letter, digit or symbol'),
);

/** Profile edits; '' for displayName means "use my username". */
export const profilePatchSchema = z.object({
  displayName: z.optional(displayNameSchema),
  email: z.optional(emailSchema),
  about: z.optional(
    z.string().check(z.trim(), z.maxLength(LIMITS.aboutChars, `at most ${LIMITS.aboutChars} characters`)),
  ),
  /** "Hide my network address from others": this person's browser connects through the TURN relay only. */
  relayOnly: z.optional(z.boolean()),
});
export type ProfilePatch = z.infer<typeof profilePatchSchema>;

/** Who a person is, as the server vouches for them (from their session, never from their words). */
export const userSummarySchema = z.object({
  username: z.string().check(z.minLength(1), z.maxLength(LIMITS.usernameMax)),
  displayName: z.string().check(z.minLength(1), z.maxLength(LIMITS.displayNameChars)),
  /** `/api/users/<username>/avatar?v=…`, or null: show initials. */
  avatarUrl: z.nullable(z.string().check(z.maxLength(200))),
});
export type UserSummary = z.infer<typeof userSummarySchema>;

const publicUserShape = {
  username: z.string(),
  displayName: z.string(),
  about: z.string(),
  /** `/api/users/<username>/avatar?v=…`, or null: show initials. */
  avatarUrl: z.nullable(z.string()),
  online: z.boolean(),
};

/** A person as everyone may see them. */
export const publicUserSchema = z.object(publicUserShape);
export type PublicUser = z.infer<typeof publicUserSchema>;

/** The logged-in person's own view of their account. */
export const selfUserSchema = z.object({
  ...publicUserShape,
  email: z.nullable(z.string()),
  isAdmin: z.boolean(),
  createdAt: z.string(),
  /** Connect through the TURN relay only, so others never learn this person's network address. */
  relayOnly: z.boolean(),
});
export type SelfUser = z.infer<typeof selfUserSchema>;

/** A row of the administrators' people list. */
export const adminUserSchema = z.object({
  ...publicUserShape,
  email: z.nullable(z.string()),
  isAdmin: z.boolean(),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

/** `{ user }` answers: register, login, me, profile edits. */
export const selfUserAnswer = z.object({ user: selfUserSchema });
/** `GET /api/users/:username`. */
export const publicUserAnswer = z.object({ user: publicUserSchema });
/** `GET /api/users?q=`. */
export const peopleAnswer = z.object({ users: z.array(publicUserSchema) });
/** `GET /api/admin/users`. */
export const adminUsersAnswer = z.object({ users: z.array(adminUserSchema) });
/** Disable / enable. */
export const adminUserAnswer = z.object({ user: adminUserSchema });

/** Body of every HTTP error response. `fields` maps a request field to what is wrong with it. */
export const apiErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  fields: z.optional(z.record(z.string(), z.string())),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** Avatars as uploaded: bytes and pixels. */
export const AVATAR_LIMITS = { maxBytes: 5 * 1024 * 1024, maxPixels: 40_000_000, size: 256 } as const;

/** Turns a failed parse into the `fields` map of an ApiError: first problem per field. */
export function fieldErrors(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    fields[key] ??= issue.message;
  }
  return fields;
}
