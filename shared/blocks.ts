import * as z from 'zod/mini';
import { usernameSchema } from './api.ts';

/**
 * Blocking: a person stops another from inviting them, opening a conversation with them, signalling into it, and
 * writing to them personally in a shared room. Kept by the server per account; either direction refuses the pair.
 */

/** One block as the server stores it (a document per blocker and blocked person). */
export const blockRecordSchema = z.object({
  blocker: usernameSchema,
  blocked: usernameSchema,
  /** When the block was made, ISO 8601. */
  at: z.string().check(z.maxLength(40)),
});
export type BlockRecord = z.infer<typeof blockRecordSchema>;

/** `GET /api/blocks`, and the answer to `PUT`/`DELETE /api/blocks/:username`: whom the person has blocked. */
export const blockListSchema = z.object({ blocked: z.array(usernameSchema) });
export type BlockList = z.infer<typeof blockListSchema>;

/** How two people stand: `blocks` (the actor blocked the other), `blocked` (the other blocked the actor), or none. */
export type BlockRelation = 'none' | 'blocks' | 'blocked';

/** What a refused actor is told when a block stands between them and `other` (a display name). */
export function blockRefusal(relation: Exclude<BlockRelation, 'none'>, other: string): string {
  return relation === 'blocks'
    ? `You blocked ${other}. Unblock them on their page to talk again.`
    : `${other} does not accept conversations or invitations from you.`;
}
