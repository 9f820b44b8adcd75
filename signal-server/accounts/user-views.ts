import type { AdminUser, PublicUser, SelfUser, UserSummary } from '../../shared/protocol.ts';
import type { UserRecord } from './user-store.ts';

/** Where a user's avatar is served; the tag busts caches when it changes. */
export const avatarUrl = (user: UserRecord): string | null =>
  user.avatarTag ? `/api/users/${encodeURIComponent(user.username)}/avatar?v=${user.avatarTag}` : null;

export const toSummary = (user: UserRecord): UserSummary => ({
  username: user.username,
  displayName: user.displayName,
  avatarUrl: avatarUrl(user),
});

export const toPublic = (user: UserRecord, online: boolean): PublicUser => ({
  ...toSummary(user),
  about: user.about,
  online,
});

export const toSelf = (user: UserRecord, online: boolean): SelfUser => ({
  ...toPublic(user, online),
  email: user.email,
  isAdmin: user.isAdmin,
  createdAt: user.createdAt,
  relayOnly: user.relayOnly === true,
});

export const toAdmin = (user: UserRecord, online: boolean): AdminUser => ({
  ...toSelf(user, online),
  disabled: user.disabled,
});
