import type { PatchRoomRequest } from '../../shared/protocol.ts';

/** Custom DOM events components dispatch; declared once so listeners are typed. */

/** The lobby form asks for a new room with this name and topic (trimmed and checked). */
export class CreateRoomEvent extends Event {
  static readonly type = 'create-room';
  constructor(
    readonly name: string,
    readonly topic = '',
  ) {
    super(CreateRoomEvent.type, { bubbles: true, composed: true });
  }
}

/** Cancelled by a listener that could not send the text (too fast): the box keeps it. */
export class SendMessageEvent extends Event {
  static readonly type = 'send-message';
  constructor(readonly text: string) {
    super(SendMessageEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

/** The person confirmed leaving the room (which forgets its conversation in this tab). */
export class LeaveRoomEvent extends Event {
  static readonly type = 'leave-room';
  constructor() {
    super(LeaveRoomEvent.type, { bubbles: true, composed: true });
  }
}

/** The person chose to stay in the room instead of leaving it. */
export class LeaveCancelEvent extends Event {
  static readonly type = 'leave-cancel';
  constructor() {
    super(LeaveCancelEvent.type, { bubbles: true, composed: true });
  }
}

/** A personal message for one person, from the people list; cancelled like SendMessageEvent. */
export class PersonalMessageEvent extends Event {
  static readonly type = 'personal-message';
  constructor(
    readonly username: string,
    readonly text: string,
  ) {
    super(PersonalMessageEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

/** The person is typing in the composer (the room session throttles what it sends). */
export class TypingEvent extends Event {
  static readonly type = 'typing';
  constructor() {
    super(TypingEvent.type, { bubbles: true, composed: true });
  }
}

/** The owner (or an administrator) saves a room's name, topic and whether newcomers see earlier messages. */
export class RoomEditEvent extends Event {
  static readonly type = 'room-edit';
  constructor(
    readonly roomId: string,
    readonly changes: PatchRoomRequest,
  ) {
    super(RoomEditEvent.type, { bubbles: true, composed: true });
  }
}

/** The owner (or an administrator) confirmed deleting a room. */
export class RoomDeleteEvent extends Event {
  static readonly type = 'room-delete';
  constructor(readonly roomId: string) {
    super(RoomDeleteEvent.type, { bubbles: true, composed: true });
  }
}

/** The person declined an invitation into a room or a conversation (on this page only). */
export class InviteDismissEvent extends Event {
  static readonly type = 'invite-dismiss';
  constructor(readonly roomId: string) {
    super(InviteDismissEvent.type, { bubbles: true, composed: true });
  }
}

/** The person pressed "Log out"; with `forget`, this browser also forgets their conversations. */
export class LogoutRequestEvent extends Event {
  static readonly type = 'logout-request';
  constructor(readonly forget = false) {
    super(LogoutRequestEvent.type, { bubbles: true, composed: true });
  }
}

/** The person chose files to send: to the room, or with `to` to that person only. */
export class AttachFilesEvent extends Event {
  static readonly type = 'attach-files';
  constructor(
    readonly files: readonly File[],
    readonly to?: string,
  ) {
    super(AttachFilesEvent.type, { bubbles: true, composed: true });
  }
}

/** The person stops a file going out or coming in. */
export class FileCancelEvent extends Event {
  static readonly type = 'file-cancel';
  constructor(readonly id: string) {
    super(FileCancelEvent.type, { bubbles: true, composed: true });
  }
}

/** The person refuses (or takes again) files from someone. */
export class RefuseFilesEvent extends Event {
  static readonly type = 'refuse-files';
  constructor(
    readonly username: string,
    readonly refuse: boolean,
  ) {
    super(RefuseFilesEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'attach-files': AttachFilesEvent;
    'file-cancel': FileCancelEvent;
    'refuse-files': RefuseFilesEvent;
    'create-room': CreateRoomEvent;
    'send-message': SendMessageEvent;
    'leave-room': LeaveRoomEvent;
    'leave-cancel': LeaveCancelEvent;
    'logout-request': LogoutRequestEvent;
    'personal-message': PersonalMessageEvent;
    typing: TypingEvent;
    'room-edit': RoomEditEvent;
    'room-delete': RoomDeleteEvent;
    'invite-dismiss': InviteDismissEvent;
  }
}
