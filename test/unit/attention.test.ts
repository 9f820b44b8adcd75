import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoomListing } from '../../shared/protocol.ts';
import { Attention, type PageVisibility } from '../../web/services/attention.ts';
import type { CurrentRoom } from '../../web/services/current-room.ts';
import { Emitter } from '../../web/services/emitter.ts';
import type { ConversationEntry } from '../../web/services/room-session.ts';
import type { Route, Router } from '../../web/services/router.ts';

type Changes = { change: undefined };

/** Stands in for a RoomSession: a conversation and a description that tests change, then announce. */
class FakeRoom extends Emitter<Changes> {
  conversation: readonly ConversationEntry[] = [];
  room: RoomListing | undefined;
  constructor(readonly roomId: string) {
    super();
  }
  set(lines: readonly ConversationEntry[]): void {
    this.conversation = lines;
    this.emit('change', undefined);
  }
}

class FakeRooms extends Emitter<Changes> {
  current: FakeRoom | undefined;
  open(room: FakeRoom | undefined): void {
    this.current = room;
    this.emit('change', undefined);
  }
}

class FakeRouter extends Emitter<Changes> {
  route: Route = { name: 'room', roomId: 'r1' } as Route;
  go(route: Route): void {
    this.route = route;
    this.emit('change', undefined);
  }
}

class FakePage implements PageVisibility {
  hidden = false;
  readonly #listeners = new Set<() => void>();
  addEventListener(_type: 'visibilitychange', listener: () => void): void {
    this.#listeners.add(listener);
  }
  removeEventListener(_type: 'visibilitychange', listener: () => void): void {
    this.#listeners.delete(listener);
  }
  set(hidden: boolean): void {
    this.hidden = hidden;
    for (const l of this.#listeners) l();
  }
}

let n = 0;
const chat = (own: boolean, sentAt = Date.now()): ConversationEntry => ({
  kind: 'chat',
  id: `m${++n}`,
  author: { username: own ? 'bob' : 'ann', displayName: own ? 'Bob' : 'Ann', avatarUrl: null },
  authorPeerId: own ? '' : 'ann-tab',
  own,
  text: 'hi',
  sentAt,
  sentTo: [],
  deliveredTo: [],
});
const notice = (): ConversationEntry => ({ kind: 'notice', id: `n${++n}`, text: 'Cat joined', at: Date.now() });

function setUp() {
  const rooms = new FakeRooms();
  const router = new FakeRouter();
  const page = new FakePage();
  const room = new FakeRoom('r1');
  rooms.open(room);
  const attention = new Attention(rooms as unknown as CurrentRoom, router as unknown as Router, page);
  return { rooms, router, page, room, attention };
}

describe('Attention', () => {
  it("counts others' messages while the tab is hidden, not own ones or notices, and clears when it is shown", () => {
    const { page, room, attention } = setUp();
    room.set([chat(false)]);
    assert.equal(attention.unread, 0, 'seen while looking');
    page.set(true);
    room.set([...room.conversation, chat(false), chat(true), notice(), chat(false)]);
    assert.equal(attention.unread, 2);
    room.set([...room.conversation, chat(false)]);
    assert.equal(attention.unread, 3);
    page.set(false);
    assert.equal(attention.unread, 0);
  });

  it('counts while another page is shown beside the open room, and clears on going back to it', () => {
    const { router, room, attention } = setUp();
    router.go({ name: 'people' } as Route);
    room.set([chat(false)]);
    assert.equal(attention.unread, 1);
    router.go({ name: 'room', roomId: 'r1' } as Route);
    assert.equal(attention.unread, 0);
  });

  it('does not count what the browser kept from before (read back on joining), nor lines a change only edits', () => {
    const { page, room, attention } = setUp();
    page.set(true);
    const kept = [chat(false, Date.now() - 3_600_000), chat(false, Date.now() - 3_500_000)];
    room.set(kept);
    assert.equal(attention.unread, 0, 'history read back');
    const fresh = chat(false);
    room.set([...kept, fresh]);
    room.set([chat(false, Date.now() - 4_000_000), ...kept, { ...fresh }]);
    assert.equal(attention.unread, 1, 'only the new line, once');
  });

  it('starts at zero for another room, and tells the page when the room is renamed', () => {
    const { rooms, page, room, attention } = setUp();
    page.set(true);
    room.set([chat(false)]);
    assert.equal(attention.unread, 1);
    let changes = 0;
    attention.on('change', () => changes++);
    const other = new FakeRoom('r2');
    other.conversation = [chat(false)];
    rooms.open(other);
    assert.equal(attention.unread, 0);
    other.room = { name: 'Renamed' } as RoomListing;
    other.set(other.conversation);
    assert.equal(changes, 2, 'the new room, then its new description');
    attention.dispose();
    other.set([...other.conversation, chat(false)]);
    assert.equal(attention.unread, 0, 'no longer listening');
  });
});
