import { type ErrorCode, type Room, roomTitle } from '../../shared/protocol.ts';
import { Emitter } from '../services/emitter.ts';
import { type Catalog, en } from './en.ts';

/** The languages the UI speaks; English is the source and the fallback. */
export const LOCALES = ['en', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language's name in itself, for the language control. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', ru: 'Русский' };

/** The key under which the person's choice is remembered in this browser. */
export const LOCALE_STORAGE_KEY = 'dialog.locale';

/** The Russian module: its catalog, the server's errors by code, and field sentences. */
type Russian = typeof import('./ru.ts');

/** The parameters a message takes: none for a plain string. */
type Args<K extends keyof Catalog> = Catalog[K] extends (...args: infer A) => string ? A : [];

/** What the person chose before on this browser, else the first of the browser's languages the UI speaks. */
export function preferredLocale(stored: string | null, languages: readonly string[]): Locale {
  const known = (tag: string | null) => LOCALES.find((l) => tag?.toLowerCase().split('-')[0] === l);
  return known(stored) ?? languages.map(known).find((l) => l !== undefined) ?? 'en';
}

/**
 * The UI's language: which catalog `t` reads, `<html lang>`, and how dates are written. Emits `change` after a
 * switch so localized components re-render. Only English ships in the main bundle; Russian is loaded on demand.
 */
class LocaleState extends Emitter<{ change: undefined }> {
  #locale: Locale = 'en';
  #catalog: Catalog = en;
  #russian: Russian | undefined;
  /** Undefined until `start`: Intl then uses the browser's default. */
  #tag: string | undefined;
  /** The latest switch asked for: a slower earlier one (Russian still loading) must not win. */
  #switches = 0;

  get current(): Locale {
    return this.#locale;
  }

  /** Switches the UI to `locale` (loading its catalog first); `remember` keeps the choice in this browser. */
  async set(locale: Locale, options: { remember?: boolean } = {}): Promise<void> {
    const turn = ++this.#switches;
    if (locale === 'ru') this.#russian ??= await import('./ru.ts');
    if (turn !== this.#switches) return;
    this.#catalog = (locale === 'ru' && this.#russian?.ru) || en;
    this.#locale = locale;
    // The browser's own variant when it has one (en-GB writes 24-hour times), else the plain language.
    this.#tag = navigator.languages.find((l) => l.toLowerCase().split('-')[0] === locale) ?? locale;
    document.documentElement.lang = locale;
    if (options.remember) {
      try {
        localStorage.setItem(LOCALE_STORAGE_KEY, locale);
      } catch (err) {
        // Storage can be off (private mode, a policy): the choice then lasts this page only.
        console.warn('dialog: could not remember the language', err);
      }
    }
    this.emit('change', undefined);
  }

  /** The boot choice: remembered, else from `navigator.languages`. */
  async start(): Promise<void> {
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(LOCALE_STORAGE_KEY);
    } catch (err) {
      console.warn('dialog: could not read the remembered language', err);
    }
    await this.set(preferredLocale(stored, navigator.languages));
  }

  /** One message of the current catalog, with its parameters. */
  t<K extends keyof Catalog>(id: K, ...args: Args<K>): string {
    const message = this.#catalog[id] as string | ((...a: Args<K>) => string);
    return typeof message === 'string' ? message : message(...args);
  }

  /**
   * A server error for people: its own English sentence in English (it can name the field or the limit), the
   * catalog's sentence for its code in other languages.
   */
  error(failure: { code: ErrorCode; message: string }): string {
    return this.#locale === 'ru' && this.#russian ? this.#russian.errors[failure.code] : failure.message;
  }

  /** "14:05" (or "2:05 PM"): a message's time, the way the current language writes it. */
  time(at: number): string {
    return this.#format('time', { hour: '2-digit', minute: '2-digit' }).format(at);
  }

  /** "Friday, 27 November 2026": a day above the conversation's lines. */
  date(at: number): string {
    return this.#format('date', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(at);
  }

  readonly #formats = new Map<string, Intl.DateTimeFormat>();

  /** One formatter per language and style, made once: building an Intl formatter is slow next to using one. */
  #format(style: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    const key = `${this.#tag}:${style}`;
    let format = this.#formats.get(key);
    if (!format) {
      format = new Intl.DateTimeFormat(this.#tag, options);
      this.#formats.set(key, format);
    }
    return format;
  }

  /** What is wrong with a form field (a sentence of shared/'s schemas), in the current language. */
  field(message: string): string {
    if (this.#locale !== 'ru' || !this.#russian) return message;
    for (const [pattern, say] of this.#russian.fieldMessages) {
      const match = pattern.exec(message);
      if (match) return say(Number(match[1]));
    }
    return this.#russian.errors.INVALID;
  }

  /** The BCP 47 tag for Intl formatters. */
  get tag(): string | undefined {
    return this.#tag;
  }
}

/** The page's one language state, like `@lit/localize`'s module-level locale. */
export const locale = new LocaleState();

/** Shorthand for `locale.t`. */
export const t: LocaleState['t'] = (id, ...args) => locale.t(id, ...args);

/** A room's title in the page's language: a conversation is named after the other person. */
export function localRoomTitle(room: Room, me: string | undefined): string {
  return roomTitle(room, me, (name) => t('room.conversationWith', name));
}
