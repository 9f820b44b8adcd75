import * as z from 'zod/mini';
import type { AdminUser, ConversationListing, PublicUser, SelfUser } from '../../shared/protocol.ts';

/** Runtime checks for the API's success answers; typed against shared/api.ts so the two cannot drift apart. */

const publicUserShape = {
  username: z.string(),
  displayName: z.string(),
  about: z.string(),
  avatarUrl: z.nullable(z.string()),
  online: z.boolean(),
};

export const publicUserSchema: z.ZodMiniType<PublicUser> = z.object(publicUserShape);

export const selfUserSchema: z.ZodMiniType<SelfUser> = z.object({
  ...publicUserShape,
  email: z.nullable(z.string()),
  isAdmin: z.boolean(),
  createdAt: z.string(),
  relayOnly: z.boolean(),
});

export const adminUserSchema: z.ZodMiniType<AdminUser> = z.object({
  ...publicUserShape,
  email: z.nullable(z.string()),
  isAdmin: z.boolean(),
  disabled: z.boolean(),
  createdAt: z.string(),
});

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
/** `GET /api/conversations`. */
export const conversationsAnswer: z.ZodMiniType<{ conversations: ConversationListing[] }> = z.object({
  conversations: z.array(
    z.object({
      roomId: z.string(),
      with: z.object({
        username: z.string(),
        displayName: z.string(),
        avatarUrl: z.nullable(z.string()),
        online: z.boolean(),
      }),
    }),
  ),
});
