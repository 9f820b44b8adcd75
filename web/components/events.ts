/** Custom DOM events components dispatch; declared once so listeners are typed. */

export class JoinRequestEvent extends Event {
  static readonly type = 'join-request';
  constructor(
    readonly name: string,
    readonly roomId: string,
  ) {
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

declare global {
  interface HTMLElementEventMap {
    'join-request': JoinRequestEvent;
    'send-message': SendMessageEvent;
    'leave-room': LeaveRoomEvent;
  }
}
