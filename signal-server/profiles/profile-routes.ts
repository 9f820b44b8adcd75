import multer from '@koa/multer';
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { AVATAR_LIMITS } from '../../shared/protocol.ts';
import { requireUser } from '../accounts/auth-middleware.ts';
import type { UserRecord, UserStore } from '../accounts/user-store.ts';
import { toPublic, toSelf } from '../accounts/user-views.ts';
import { HttpError } from '../http/errors.ts';
import { route } from '../http/route.ts';
import type { PresenceStore } from '../presence/presence-store.ts';
import { processAvatar } from './avatar-image.ts';
import { DEFAULT_UPLOAD_SLOTS, type UploadSlotOptions, UploadSlots, uploadSlot } from './upload-slots.ts';

export interface ProfileDeps {
  users: UserStore;
  presence: PresenceStore;
  /** Tells the rooms a person is in about their new name or picture. */
  profileChanged(user: UserRecord): Promise<void>;
  /** Avatar uploads in flight. Defaults in upload-slots.ts. */
  uploadSlots?: Partial<UploadSlotOptions>;
}

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: AVATAR_LIMITS.maxBytes, files: 1, fields: 5 },
});

/** Multer's limit errors as clear 413/400 answers. */
async function avatarUpload(ctx: Context, next: Next): Promise<void> {
  try {
    await upload.single('avatar')(ctx, async () => undefined);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'LIMIT_FILE_SIZE') throw new HttpError('TOO_LARGE', 'The picture is larger than 5 MB.');
    throw new HttpError('INVALID', 'Send the picture as multipart/form-data in the field "avatar".', {
      avatar: 'Choose a picture to upload.',
    });
  }
  await next();
}

/** The people directory, profiles, and avatars. */
export function profileRoutes(deps: ProfileDeps): Router {
  const { users, presence } = deps;
  const router = new Router();
  const slots = new UploadSlots({ ...DEFAULT_UPLOAD_SLOTS, ...deps.uploadSlots });

  route(router, 'users:search', async (ctx) => {
    requireUser(ctx);
    const q = String(ctx.query.q ?? '')
      .trim()
      .toLowerCase()
      .slice(0, 64);
    const all = (await users.list()).filter(
      (u) => !u.disabled && (!q || u.username.includes(q) || u.displayName.toLowerCase().includes(q)),
    );
    const online = await Promise.all(all.map((u) => presence.isOnline(u.username)));
    const people = all.map((u, i) => toPublic(u, online[i] ?? false));
    people.sort((a, b) => Number(b.online) - Number(a.online) || a.displayName.localeCompare(b.displayName));
    ctx.body = { users: people.slice(0, 200) };
  });

  route(router, 'users:get', async (ctx) => {
    requireUser(ctx);
    const user = await users.get(ctx.params.username ?? '');
    if (!user || user.disabled) throw new HttpError('NOT_FOUND', 'No such person.');
    ctx.body = { user: toPublic(user, await presence.isOnline(user.username)) };
  });

  route(router, 'profile:update', async (ctx, read) => {
    const { user } = requireUser(ctx);
    const patch = read();
    const updated = await users.update(user.username, {
      ...(patch.displayName !== undefined && { displayName: patch.displayName || user.username }),
      ...(patch.email !== undefined && { email: patch.email || null }),
      ...(patch.about !== undefined && { about: patch.about }),
      ...(patch.relayOnly !== undefined && { relayOnly: patch.relayOnly }),
    });
    if (!updated) throw new HttpError('NOT_FOUND', 'Your account no longer exists.');
    await deps.profileChanged(updated);
    ctx.body = { user: toSelf(updated, await presence.isOnline(user.username)) };
  });

  // The session and a slot are checked before multer reads (and buffers) the body.
  route(router, 'profile:avatar', uploadSlot(slots), avatarUpload, async (ctx) => {
    const { user } = requireUser(ctx);
    const file = (ctx as unknown as { file?: { buffer: Buffer } }).file;
    if (!file) throw new HttpError('INVALID', 'Choose a picture to upload.', { avatar: 'Choose a picture to upload.' });
    const result = await processAvatar(file.buffer);
    if (!result.ok) {
      throw new HttpError(result.code, result.message, {
        avatar: result.message,
      });
    }
    const updated = await users.setAvatar(user.username, { webp: result.webp, tag: result.tag });
    if (!updated) throw new HttpError('NOT_FOUND', 'Your account no longer exists.');
    await deps.profileChanged(updated);
    ctx.body = { user: toSelf(updated, await presence.isOnline(user.username)) };
  });

  route(router, 'profile:avatar-delete', async (ctx) => {
    const { user } = requireUser(ctx);
    const updated = await users.setAvatar(user.username, null);
    if (updated) await deps.profileChanged(updated);
    ctx.status = 204;
  });

  route(router, 'users:avatar', async (ctx) => {
    requireUser(ctx);
    const owner = await users.get(ctx.params.username ?? '');
    const avatar = owner && !owner.disabled ? await users.getAvatar(owner.username) : undefined;
    if (!avatar) throw new HttpError('NOT_FOUND', 'No avatar.');
    ctx.set('ETag', `"${avatar.tag}"`);
    ctx.set('Cache-Control', 'private, max-age=86400');
    if (ctx.get('If-None-Match') === `"${avatar.tag}"`) {
      ctx.status = 304;
      return;
    }
    ctx.type = 'image/webp';
    ctx.set('Content-Disposition', 'inline');
    ctx.body = avatar.webp;
  });

  return router;
}
