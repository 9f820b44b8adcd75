import { html, type TemplateResult } from 'lit';
import { locale, t } from '../i18n/locale.ts';
import type { ConversationEntry } from '../services/room-session.ts';

/** An `http(s)` address in running text; what follows it up to the next space or quote. */
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"']+/gi;
/** Punctuation that ends a sentence rather than an address: "see https://example.com." */
const TRAILING = /[.,;:!?)\]}]+$/;

/**
 * A message's text with its `http://` and `https://` addresses as links opening in a new tab. Built from text and
 * lit templates only (never HTML): markup in a message stays text, and no other scheme (`javascript:`) is linked.
 */
export function linkify(text: string): (string | TemplateResult)[] {
  const parts: (string | TemplateResult)[] = [];
  let from = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const address = match[0].replace(TRAILING, '');
    const url = parse(address);
    if (!url) continue;
    if (match.index > from) parts.push(text.slice(from, match.index));
    parts.push(html`<a href=${url} rel="noopener noreferrer" target="_blank">${address}</a>`);
    from = match.index + address.length;
  }
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}

function parse(address: string): string | undefined {
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch (err) {
    if (err instanceof TypeError) return undefined; // not an address after all: stays text
    throw err;
  }
}

/** When a line was said (a chat line by its sender's clock, a notice by ours). */
export function lineTime(entry: ConversationEntry): number {
  return entry.kind === 'chat' ? entry.sentAt : entry.at;
}

/** The local calendar day of a moment, as a comparable key. */
export function dayKey(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

/** "Today", "Yesterday", or the date, in the page's language. */
export function dayLabel(at: number, now: number = Date.now()): string {
  const day = dayKey(at);
  if (day === dayKey(now)) return t('list.today');
  const yesterday = new Date(now);
  yesterday.setDate(yesterday.getDate() - 1);
  return day === dayKey(yesterday.getTime()) ? t('list.yesterday') : locale.date(at);
}
