import * as z from 'zod/mini';
import { userSummarySchema } from './api.ts';
import { LIMITS } from './limits.ts';

/** One line of a conversation as a person saw it; also its stored form in the browser (IndexedDB). */
export const conversationEntrySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('chat'),
    id: z.string().check(z.minLength(1), z.maxLength(64)),
    author: userSummarySchema,
    /** The tab that sent it (a person may have several). */
    authorPeerId: z.string().check(z.maxLength(64)),
    own: z.boolean(),
    text: z.string().check(z.minLength(1), z.maxLength(LIMITS.messageChars)),
    sentAt: z.int(),
    /** A personal message: for own ones, to whom; for received ones, true. */
    personalTo: z.optional(userSummarySchema),
    personal: z.optional(z.boolean()),
    /** For own messages: the tabs it went to, and those that confirmed it. */
    sentTo: z.array(z.string()),
    deliveredTo: z.array(z.string()),
    /** A room message from before this person came, as another member's browser kept it (late joiners). */
    earlier: z.optional(z.boolean()),
    /** For own messages in a direct conversation: kept in the outbox until the other person's browser confirms it. */
    waiting: z.optional(z.boolean()),
    /** For own personal messages: the tabs that would not take it (their person blocked you). */
    refusedBy: z.optional(z.array(z.string())),
  }),
  z.object({
    kind: z.literal('notice'),
    id: z.string().check(z.minLength(1), z.maxLength(64)),
    text: z.string().check(z.maxLength(500)),
    at: z.int(),
  }),
]);
export type ConversationEntry = z.infer<typeof conversationEntrySchema>;

/** How many lines a browser keeps per room. */
export const HISTORY_LIMIT = 1000;

/** One line as kept in the browser (IndexedDB): `order` sorts a conversation, `key` is the tab, person and room. */
export const storedEntrySchema = z.object({
  key: z.string().check(z.maxLength(300)),
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  order: z.number(),
  entry: conversationEntrySchema,
});
export type StoredEntry = z.infer<typeof storedEntrySchema>;

/** A room's conversation as the first version kept it (one record per room); read once, when upgrading. */
export const storedConversationSchema = z.object({
  version: z.literal(1),
  roomId: z.string(),
  savedAt: z.int(),
  entries: z.array(conversationEntrySchema).check(z.maxLength(HISTORY_LIMIT)),
});
export type StoredConversation = z.infer<typeof storedConversationSchema>;

/** How much of a conversation's last message the Conversations list keeps and shows. */
export const PREVIEW_CHARS = 200;

/**
 * What a browser keeps of one of its person's private conversations for the Conversations list (IndexedDB): the
 * last message's beginning and how many arrived unread. Only this browser has it; the server never does.
 */
export const conversationNoteSchema = z.object({
  username: z.string().check(z.minLength(1), z.maxLength(LIMITS.usernameMax)),
  roomId: z.string().check(z.minLength(1), z.maxLength(64)),
  last: z.optional(
    z.object({
      text: z.string().check(z.minLength(1), z.maxLength(PREVIEW_CHARS)),
      /** Sent by this person (shown as "You: …"). */
      own: z.boolean(),
      at: z.int(),
    }),
  ),
  unread: z.int().check(z.nonnegative()),
});
export type ConversationNote = z.infer<typeof conversationNoteSchema>;
