import type { ConversationInvite, Invite, RoomId } from '../../shared/protocol.ts';
import { Emitter } from './emitter.ts';

export interface InvitationInboxEvents extends Record<string, unknown> {
  change: undefined;
}

/**
 * Invitations into rooms and "Ann wants to talk" from the other person of a conversation, shown on every page
 * until entered or dismissed. None is kept for the room this tab is in.
 */
export class InvitationInbox extends Emitter<InvitationInboxEvents> {
  /** Invitations into rooms, newest last. */
  rooms: Invite[] = [];
  /** The other person of a conversation opened it (or has messages waiting in it), newest last. */
  conversations: ConversationInvite[] = [];
  readonly #here: () => RoomId | undefined;

  /** `here`: the room this tab is in, if any. */
  constructor(here: () => RoomId | undefined) {
    super();
    this.#here = here;
  }

  /** An `invite` push: someone asks this person into a room. */
  invited(invite: Invite): void {
    if (this.#here() === invite.room.id) return;
    this.rooms = [...this.rooms.filter((i) => i.room.id !== invite.room.id), invite];
    this.#changed();
  }

  /** Someone wants to talk in a conversation (a `conversation:invite` push, or a knock this tab cannot answer). */
  asked(invite: ConversationInvite): void {
    if (this.#here() === invite.roomId) return;
    this.conversations = [...this.conversations.filter((i) => i.roomId !== invite.roomId), invite];
    this.#changed();
  }

  /** Forgets the invitations into `roomId` (entered, or declined on this page: nobody is told). */
  dismiss(roomId: RoomId): void {
    this.rooms = this.rooms.filter((i) => i.room.id !== roomId);
    this.conversations = this.conversations.filter((i) => i.roomId !== roomId);
    this.#changed();
  }

  /** Forgets every invitation (the person logged out). */
  clear(): void {
    this.rooms = [];
    this.conversations = [];
    this.#changed();
  }

  #changed(): void {
    this.emit('change', undefined);
  }
}
