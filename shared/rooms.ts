import * as z from 'zod/mini';
import { usernameSchema, userSummarySchema } from './api.ts';
import { LIMITS } from './limits.ts';

/** Room ids are URL-safe slugs, so `/rooms/<id>` deep links need no escaping. */
export const roomIdSchema = z
  .string()
  .check(
    z.minLength(1, 'enter a room'),
    z.maxLength(64, 'at most 64 characters'),
    z.regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lowercase letters, digits, "-" and "_"'),
  );
export type RoomId = z.infer<typeof roomIdSchema>;

/** Room name: 1–60 characters after trimming. */
export const roomNameSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'enter a name'),
    z.maxLength(LIMITS.roomNameChars, `at most ${LIMITS.roomNameChars} characters`),
  );

/** Topic: up to 200 characters after trimming; '' for none. */
export const roomTopicSchema = z
  .string()
  .check(z.trim(), z.maxLength(LIMITS.roomTopicChars, `at most ${LIMITS.roomTopicChars} characters`));

export const createRoomSchema = z.object({ name: roomNameSchema, topic: z.optional(roomTopicSchema) });
export type CreateRoomRequest = z.infer<typeof createRoomSchema>;

export const patchRoomSchema = z.object({
  name: z.optional(roomNameSchema),
  topic: z.optional(roomTopicSchema),
  /** Whether a newcomer is shown the room's last messages by a member's browser. */
  shareHistory: z.optional(z.boolean()),
});
export type PatchRoomRequest = z.infer<typeof patchRoomSchema>;

/** 'room': listed in the lobby, anyone may join. 'direct': a private conversation between exactly two people. */
export const roomKindSchema = z.enum(['room', 'direct']);
export type RoomKind = z.infer<typeof roomKindSchema>;

/** Open (or reopen) the private conversation with one person: `POST /api/conversations`. */
export const startConversationSchema = z.object({ username: usernameSchema });
export type StartConversationRequest = z.infer<typeof startConversationSchema>;

/**
 * One of a person's private conversations as the server knows it (`GET /api/conversations`): with whom, and whether
 * they are online. Never its text: each browser keeps that.
 */
export const conversationListingSchema = z.object({
  roomId: roomIdSchema,
  with: z.extend(userSummarySchema, { online: z.boolean() }),
});
export type ConversationListing = z.infer<typeof conversationListingSchema>;
/** `GET /api/conversations`. */
export const conversationsAnswer = z.object({ conversations: z.array(conversationListingSchema) });

/** A room as its viewers see it (a direct conversation is seen only by its two people). */
export const roomSchema = z.object({
  id: roomIdSchema,
  name: z.string(),
  topic: z.string(),
  owner: userSummarySchema,
  createdAt: z.string(),
  /** Absent on answers from before conversations existed: 'room'. */
  kind: z.optional(roomKindSchema),
  /** A direct conversation's two people; absent for rooms. */
  people: z.optional(z.array(userSummarySchema)),
  /** A newcomer is shown the room's last messages by a member's browser (absent on older answers: yes). */
  shareHistory: z.optional(z.boolean()),
});
export type Room = z.infer<typeof roomSchema>;

/** A room with the people in it (each person once, however many tabs). */
export const roomListingSchema = z.extend(roomSchema, {
  memberCount: z.int(),
  members: z.array(userSummarySchema),
});
export type RoomListing = z.infer<typeof roomListingSchema>;

/** What a page calls a room: its name, or for a conversation "Conversation with" the other person. */
export function roomTitle(
  room: Room,
  me: string | undefined,
  /** How a conversation is named after the other person, in the reader's language. */
  conversationWith = (name: string) => `Conversation with ${name}`,
): string {
  if (room.kind !== 'direct') return room.name;
  const other = room.people?.find((p) => p.username !== me);
  return other ? conversationWith(other.displayName) : room.name;
}

/** What the lobby sorts rooms by. */
export type LobbyOrderKey = Pick<RoomListing, 'memberCount' | 'createdAt'>;

/** The lobby's order: fullest rooms first, then newest. Server and page sort alike, so a capped list is the top. */
export function lobbyOrder(a: LobbyOrderKey, b: LobbyOrderKey): number {
  return b.memberCount - a.memberCount || b.createdAt.localeCompare(a.createdAt);
}

/** `{ room }` answers: creating, reading and editing a room, opening a conversation. */
export const roomAnswer = z.object({ room: roomListingSchema });
/** `GET /api/rooms`: the open rooms in lobby order (capped), and how many are open in all. */
export const roomsAnswer = z.object({ rooms: z.array(roomListingSchema), total: z.int() });
