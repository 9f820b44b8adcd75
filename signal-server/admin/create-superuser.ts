import { passwordSchema, usernameSchema } from '../../shared/protocol.ts';
import type { PasswordHasher } from '../accounts/password-hasher.ts';
import type { UserStore } from '../accounts/user-store.ts';

export type SuperuserResult = { ok: true; username: string } | { ok: false; message: string };

/** Creates an administrator account; refuses a weak password or a taken name with a sentence a person can act on. */
export async function createSuperuser(
  users: UserStore,
  hasher: PasswordHasher,
  input: { username: unknown; password: unknown },
): Promise<SuperuserResult> {
  const username = usernameSchema.safeParse(input.username);
  if (!username.success) return { ok: false, message: `Username: ${username.error.issues[0]?.message ?? 'invalid'}.` };
  const password = passwordSchema.safeParse(input.password);
  if (!password.success) return { ok: false, message: `Password: ${password.error.issues[0]?.message ?? 'invalid'}.` };
  const created = await users.create({
    username: username.data,
    displayName: username.data,
    email: null,
    about: '',
    passwordHash: await hasher.hash(password.data),
    isAdmin: true,
    disabled: false,
    createdAt: new Date().toISOString(),
    avatarTag: null,
  });
  if (created === 'taken') return { ok: false, message: `The username "${username.data}" is already taken.` };
  return { ok: true, username: created.username };
}
