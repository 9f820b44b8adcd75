/** Custom DOM events components dispatch; declared once so listeners are typed. */

/** The lobby form asks to enter a room. */
export class JoinRequestEvent extends Event {
  static readonly type = 'join-request';
  constructor(readonly roomId: string) {
    super(JoinRequestEvent.type, { bubbles: true, composed: true });
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
    'join-request': JoinRequestEvent;
    'send-message': SendMessageEvent;
    'leave-room': LeaveRoomEvent;
    'logout-request': LogoutRequestEvent;
  }
}
