import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SelfUser } from '../../shared/protocol.ts';
import { Alerts, mentions, type NotificationApi } from '../../web/services/alerts.ts';
import type { Attention, AttentionEvents, PageVisibility } from '../../web/services/attention.ts';
import { Emitter } from '../../web/services/emitter.ts';
import type { ChatEntry, RoomSession } from '../../web/services/room-session.ts';
import type { Router } from '../../web/services/router.ts';
import type { SessionService } from '../../web/services/session-service.ts';

class FakeAttention extends Emitter<AttentionEvents> {
  arrive(room: RoomSession, lines: ChatEntry[]): void {
    this.emit('arrived', { room, lines });
  }
}

class FakeSession extends Emitter<{ change: undefined }> {
  user: SelfUser | null = { username: 'bob' } as SelfUser;
  as(username: string | null): void {
    this.user = username ? ({ username } as SelfUser) : null;
    this.emit('change', undefined);
  }
}

const page: PageVisibility & { hidden: boolean } = {
  hidden: true,
  addEventListener() {},
  removeEventListener() {},
};

const room = { roomId: 'r1', room: { name: 'Book club', kind: 'room' } } as unknown as RoomSession;

let n = 0;
const line = (text: string, personal = false): ChatEntry => ({
  kind: 'chat',
  id: `m${++n}`,
  author: { username: 'ann', displayName: 'Ann', avatarUrl: null },
  authorPeerId: 'ann-tab',
  own: false,
  text,
  sentAt: Date.now(),
  personal,
  sentTo: [],
  deliveredTo: [],
});

function setUp(storage = new Map<string, string>()) {
  const shown: string[] = [];
  let chimes = 0;
  let permission: NotificationPermission = 'default';
  const api = class {
    static get permission() {
      return permission;
    }
    static async requestPermission() {
      permission = 'granted';
      return permission;
    }
    constructor(title: string) {
      shown.push(title);
    }
  } as unknown as NotificationApi;
  const attention = new FakeAttention();
  const session = new FakeSession();
  const alerts = new Alerts(attention as unknown as Attention, session as unknown as SessionService, {} as Router, {
    storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => storage.set(k, v) },
    page,
    notifications: api,
    chime: { prepare() {}, play: () => chimes++ },
  });
  return { alerts, attention, session, shown, storage, chimes: () => chimes };
}

describe('mentions', () => {
  it('finds @username as a word, in any case, and nothing longer or inside an address', () => {
    const cases: [string, boolean][] = [
      ['@bob hi', true],
      ['hi @Bob!', true],
      ['(@bob)', true],
      ['@bob.', true],
      ['@bobby hi', false],
      ['@bob-smith', false],
      ['mail bob@bob.example', false],
      ['x@bob', false],
      ['bob without the at', false],
    ];
    for (const [text, expected] of cases) assert.equal(mentions(text, 'bob'), expected, text);
    assert.equal(mentions('@ann.lee hi', 'ann.lee'), true);
    assert.equal(mentions('@annxlee hi', 'ann.lee'), false, 'a dot in the name is a dot');
  });
});

describe('Alerts', () => {
  it('starts with everything off and asks the browser only when turned on', async () => {
    const { alerts, attention, shown, chimes } = setUp();
    assert.equal(alerts.notifications, 'off');
    attention.arrive(room, [line('@bob look', false), line('psst', true)]);
    assert.deepEqual(shown, []);
    assert.equal(chimes(), 0);
    await alerts.enableNotifications();
    assert.equal(alerts.notifications, 'on');
  });

  it('alerts personal messages and mentions while hidden, once per batch, and never from a muted room', async () => {
    const { alerts, attention, shown, chimes } = setUp();
    await alerts.enableNotifications();
    alerts.setSound(true);
    attention.arrive(room, [line('just chatting')]);
    assert.deepEqual(shown, [], 'a normal line');
    attention.arrive(room, [line('psst', true), line('@bob see this')]);
    assert.deepEqual(shown, ['Ann · mention in Book club'], 'the newest of the batch');
    assert.equal(chimes(), 1);

    page.hidden = false;
    attention.arrive(room, [line('psst again', true)]);
    page.hidden = true;
    assert.equal(shown.length, 1, 'not while the tab is shown');

    alerts.setMuted('r1', true);
    attention.arrive(room, [line('psst', true)]);
    assert.equal(shown.length, 1, 'muted');
    assert.equal(chimes(), 1, 'muted');
    alerts.setMuted('r1', false);
    attention.arrive(room, [line('psst', true)]);
    assert.deepEqual(shown.at(-1), 'Ann · personal message');
  });

  it('keeps settings per account and reads a damaged entry as the defaults', async () => {
    const storage = new Map<string, string>();
    const first = setUp(storage);
    first.alerts.setSound(true);
    first.alerts.setMuted('r1', true);
    assert.equal(setUp(storage).alerts.sound, true);
    assert.equal(setUp(storage).alerts.isMuted('r1'), true);

    first.session.as('cat');
    assert.equal(first.alerts.sound, false, "Cat's own settings");
    assert.equal(first.alerts.isMuted('r1'), false);

    storage.set('dialog:alerts:bob', '{"sound": "yes", "muted": [1]}');
    const damaged = setUp(storage).alerts;
    assert.equal(damaged.sound, false);
    assert.equal(damaged.isMuted('r1'), false);
  });
});
