import * as z from 'zod/mini';
import { roomIdSchema } from '../../shared/protocol.ts';
import { localRoomTitle, t } from '../i18n/locale.ts';
import type { Attention, PageVisibility } from './attention.ts';
import { Emitter } from './emitter.ts';
import type { ChatEntry, RoomSession } from './room-session.ts';
import type { Router } from './router.ts';
import type { SessionService } from './session-service.ts';
import { SoftChime } from './soft-chime.ts';

/** What a person chose, kept per account: desktop notifications and the sound (both off at first), muted rooms. */
export interface AlertSettings {
  notify: boolean;
  sound: boolean;
  /** Room ids. */
  muted: string[];
}

/** Desktop notifications: shown, not chosen, refused by the browser, or impossible in this browser. */
export type NotifyState = 'on' | 'off' | 'blocked' | 'unsupported';

/** The part of the browser's `Notification` the service uses. */
export interface NotificationApi {
  readonly permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  new (title: string, options?: NotificationOptions): Notification;
}

export interface AlertsEvents extends Record<string, unknown> {
  change: undefined;
}

export interface AlertsOptions {
  /** Where settings are kept. Default `localStorage`. */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
  /** Whether the tab is hidden. Default `document`. */
  page?: PageVisibility;
  /** The browser's notifications; undefined where there are none. Default `globalThis.Notification`. */
  notifications?: NotificationApi;
  /** The sound. Default a WebAudio chime. */
  chime?: Pick<SoftChime, 'prepare' | 'play'>;
}

/**
 * Alerts for what is addressed to the person — personal messages, lines in a direct conversation and `@username`
 * mentions — arriving while the tab is hidden: a desktop notification and a soft sound, each only once the person
 * turns it on. A muted room alerts nothing (its unread count still shows). Settings live in localStorage per
 * account. Emits `change` when a setting changes.
 */
export class Alerts extends Emitter<AlertsEvents> {
  readonly #session: SessionService;
  readonly #router: Router;
  readonly #storage: Pick<Storage, 'getItem' | 'setItem'>;
  readonly #page: PageVisibility;
  readonly #api: NotificationApi | undefined;
  readonly #chime: Pick<SoftChime, 'prepare' | 'play'>;
  #settings: AlertSettings = defaults();
  #username: string | undefined;
  /** The browser refused when asked (this page's life). */
  #refused = false;

  constructor(attention: Attention, session: SessionService, router: Router, options: AlertsOptions = {}) {
    super();
    this.#session = session;
    this.#router = router;
    this.#storage = options.storage ?? localStorage;
    this.#page = options.page ?? document;
    this.#api = 'notifications' in options ? options.notifications : globalThis.Notification;
    this.#chime = options.chime ?? new SoftChime();
    session.on('change', () => this.#load());
    attention.on('arrived', ({ room, lines }) => this.#arrived(room, lines));
    this.#load();
  }

  get notifications(): NotifyState {
    if (!this.#api) return 'unsupported';
    if (this.#refused || (this.#settings.notify && this.#api.permission === 'denied')) return 'blocked';
    return this.#settings.notify && this.#api.permission === 'granted' ? 'on' : 'off';
  }

  get sound(): boolean {
    return this.#settings.sound;
  }

  isMuted(roomId: string): boolean {
    return this.#settings.muted.includes(roomId);
  }

  /** Turns notifications on; the browser asks the person first. Call it from a click. */
  async enableNotifications(): Promise<void> {
    if (!this.#api) return;
    const permission = await this.#api.requestPermission();
    this.#refused = permission !== 'granted';
    this.#save({ notify: !this.#refused });
  }

  disableNotifications(): void {
    this.#save({ notify: false });
  }

  /** Turns the sound on or off; call it from a click (browsers start audio only after one). */
  setSound(on: boolean): void {
    if (on) this.#chime.prepare();
    this.#save({ sound: on });
  }

  setMuted(roomId: string, muted: boolean): void {
    const others = this.#settings.muted.filter((id) => id !== roomId);
    // Rooms come and go: the oldest mutes are forgotten past MUTED_KEPT.
    this.#save({ muted: muted ? [...others, roomId].slice(-MUTED_KEPT) : others });
  }

  #arrived(room: RoomSession, lines: ChatEntry[]): void {
    const me = this.#session.user?.username;
    if (!me || !this.#page.hidden || this.isMuted(room.roomId)) return;
    const direct = room.room?.kind === 'direct';
    const addressed = lines.filter((line) => direct || line.personal || mentions(line.text, me));
    const last = addressed.at(-1);
    if (!last) return;
    if (this.#settings.sound) this.#chime.play();
    if (this.notifications === 'on') this.#notify(room, last, addressed.length, direct);
  }

  #notify(room: RoomSession, line: ChatEntry, count: number, direct: boolean): void {
    const api = this.#api as NotificationApi;
    const where = room.room && localRoomTitle(room.room, this.#session.user?.username);
    const what =
      direct || line.personal ? t('notify.personal') : where ? t('notify.mentionIn', where) : t('notify.mention');
    const title = `${line.author.displayName} · ${what}`;
    const more = count > 1 ? `\n${t('notify.more', count - 1)}` : '';
    let notification: Notification;
    try {
      // One notification per room: a later one replaces it rather than piling up.
      notification = new api(title, { body: `${line.text.slice(0, 200)}${more}`, tag: `dialog:${room.roomId}` });
    } catch (err) {
      // Some browsers (Chrome on Android) show notifications only through a service worker: the message stays.
      console.warn('dialog: could not show a notification', err);
      return;
    }
    notification.onclick = () => {
      window.focus();
      this.#router.navigate(`/rooms/${encodeURIComponent(room.roomId)}`);
      notification.close();
    };
  }

  #load(): void {
    const username = this.#session.user?.username;
    if (username === this.#username) return;
    this.#username = username;
    this.#refused = false;
    this.#settings = username ? read(this.#storage.getItem(storageKey(username))) : defaults();
    this.emit('change', undefined);
  }

  #save(change: Partial<AlertSettings>): void {
    this.#settings = { ...this.#settings, ...change };
    if (this.#username) this.#storage.setItem(storageKey(this.#username), JSON.stringify(this.#settings));
    this.emit('change', undefined);
  }
}

/** Whether `text` mentions `@username` (any case), not as part of a longer name or an e-mail address. */
export function mentions(text: string, username: string): boolean {
  const escaped = username.replace(/[.]/g, '\\.');
  return new RegExp(`(^|[^\\w.@-])@${escaped}(?![\\w-]|\\.\\w)`, 'i').test(text);
}

/** How many muted rooms are remembered. */
const MUTED_KEPT = 200;

const defaults = (): AlertSettings => ({ notify: false, sound: false, muted: [] });

const storageKey = (username: string) => `dialog:alerts:${username}`;

/** Settings as kept in localStorage: read back through this check, since anything may have been written there. */
const settingsSchema = z.object({
  notify: z.boolean(),
  sound: z.boolean(),
  muted: z.array(roomIdSchema).check(z.maxLength(MUTED_KEPT)),
});

/** Settings as stored; anything unreadable (edited by hand, an older shape) falls back to the defaults. */
function read(raw: string | null): AlertSettings {
  if (!raw) return defaults();
  try {
    const parsed = settingsSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
    console.warn('dialog: alert settings unreadable, using the defaults', parsed.error);
  } catch (err) {
    console.warn('dialog: alert settings unreadable, using the defaults', err);
  }
  return defaults();
}
