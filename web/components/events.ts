/** Custom DOM events components dispatch; declared once so listeners are typed. */

/** The lobby form asks for a new room with this name (trimmed and checked). */
export class CreateRoomEvent extends Event {
  static readonly type = 'create-room';
  constructor(readonly name: string) {
    super(CreateRoomEvent.type, { bubbles: true, composed: true });
  }
}

export class SendMessageEvent extends Event {
  static readonly type = 'send-message';
  constructor(readonly text: string) {
    super(SendMessageEvent.type, { bubbles: true, composed: true });
  }
}

export class LeaveRoomEvent extends Event {
  static readonly type = 'leave-room';
  constructor() {
    super(LeaveRoomEvent.type, { bubbles: true, composed: true });
  }
}

/** The person pressed "Log out". */
export class LogoutRequestEvent extends Event {
  static readonly type = 'logout-request';
  constructor() {
    super(LogoutRequestEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'create-room': CreateRoomEvent;
    'send-message': SendMessageEvent;
    'leave-room': LeaveRoomEvent;
    'logout-request': LogoutRequestEvent;
  }
}
