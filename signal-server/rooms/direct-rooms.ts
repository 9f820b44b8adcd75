import type { RoomListing } from '../../shared/protocol.ts';
import type { RoomRecord } from './room-store.ts';

/** What a non-member of a direct conversation is told, over HTTP and on the socket alike. */
export const PRIVATE_CONVERSATION = 'This conversation is private to the two people in it.';

/** A private conversation between two people (never in the lobby, nobody else may enter). */
export const isDirect = (room: Pick<RoomRecord, 'kind'>): boolean => room.kind === 'direct';

/** Whether `username` may see and enter the room: anyone for a room, only its two people for a conversation. */
export function mayEnter(room: RoomRecord, username: string): boolean {
  return !isDirect(room) || (room.people ?? []).includes(username);
}

/** As `mayEnter`, on a listing (the HTTP routes and the invitation handler hold listings). */
export function listingMayEnter(room: RoomListing, username: string): boolean {
  return room.kind !== 'direct' || (room.people ?? []).some((p) => p.username === username);
}

/** The two people of a conversation, in a fixed order: the same pair always gives the same key. */
export const pairOf = (a: string, b: string): [string, string] => (a < b ? [a, b] : [b, a]);

/** The stored conversation between `a` and `b`, if any. */
export function findConversation(rooms: RoomRecord[], a: string, b: string): RoomRecord | undefined {
  const [first, second] = pairOf(a, b);
  return rooms.find((r) => isDirect(r) && r.people?.[0] === first && r.people?.[1] === second);
}
