import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ChatEntry, ConversationEntry } from '../services/room-session.ts';
import { dayKey, dayLabel, lineTime, linkify } from './message-text.ts';
import './user-avatar.ts';
import { locale, t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';

/** Lines rendered at first, and added per "Show earlier messages". */
const PAGE = 200;
/** New lines rendered per frame at most: a burst of arrivals shows over a few frames, not in one long task. */
const STEP = 40;
/** Consecutive messages by one author this close together show as one group (avatar and name once). */
const GROUP_MS = 5 * 60_000;

/** One row of the list: a line, or the date above the first line of a day. */
type Row =
  | { kind: 'day'; key: string; at: number }
  | { kind: 'line'; key: string; entry: ConversationEntry; grouped: boolean };

/**
 * The conversation: chat and personal messages, join/leave notices, a date above each day's first line, and
 * consecutive messages by one author grouped. Text is always rendered as text, never as HTML; only its `http(s)`
 * addresses become links. Stays scrolled to the newest line unless the person scrolled up to read; then a
 * "New messages" button tells of lines below and scrolls down to them.
 */
@customElement('message-list')
export class MessageList extends LitElement {
  static override styles = css`
    :host { display: block; overflow-y: auto; }
    :host(:focus-visible) { outline: 2px solid var(--dialog-accent); outline-offset: 2px; }
    ol { list-style: none; margin: 0; padding: 0.5rem; display: grid; gap: 0.5rem; }
    /* Lines out of view skip layout and paint (their last size is remembered): a line added to a long list costs
       what is on screen, not the whole list, which a flood made one long task per frame. */
    li { content-visibility: auto; contain-intrinsic-size: auto 2.5rem; }
    .chat { display: flex; gap: 0.5rem; align-items: flex-start; max-width: 85%; }
    .chat.own { justify-self: end; flex-direction: row-reverse; }
    .grouped { margin-top: -0.3rem; }
    .grouped .spacer { width: 1.5rem; flex: none; }
    .hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
    .day { justify-self: center; font-size: 0.8rem; font-weight: 600; color: var(--dialog-muted); padding: 0.1rem 0.7rem; border-radius: 999px; background: var(--dialog-hover); }
    .text a { color: var(--dialog-accent); }
    .pill {
      position: sticky; bottom: 0.5rem; display: block; margin: 0 auto; font: inherit; font-size: 0.85rem; padding: 0.3rem 0.9rem;
      border-radius: 999px; border: none; background: var(--dialog-accent); color: var(--dialog-on-accent); cursor: pointer; box-shadow: 0 1px 4px #0004;
    }
    .bubble { padding: 0.4rem 0.6rem; border-radius: 8px; background: var(--dialog-hover); min-width: 0; }
    .own .bubble { background: var(--dialog-info-bg); }
    .personal .bubble { background: var(--dialog-notice-bg); border: 1px dashed var(--dialog-warning); }
    .meta { font-size: 0.75rem; color: var(--dialog-muted); display: flex; flex-wrap: wrap; gap: 0.5rem; }
    .author { font-weight: 600; color: var(--dialog-fg); }
    .tag { font-weight: 600; color: var(--dialog-warning); }
    .text { margin: 0.15rem 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
    .notice { justify-self: center; font-size: 0.85rem; color: var(--dialog-muted); }
    .empty { color: var(--dialog-muted); text-align: center; }
    .earlier { display: block; margin: 0.5rem auto 0; font: inherit; font-size: 0.85rem; padding: 0.3rem 0.8rem; border-radius: 6px; border: 1px solid var(--dialog-control-border); background: var(--dialog-surface); color: var(--dialog-fg); cursor: pointer; }
  `;

  @property({ attribute: false }) entries: readonly ConversationEntry[] = [];
  /** How many of the newest lines are shown; older ones appear on request, so a long day stays fast to render. */
  @state() private shown = PAGE;
  /** Lines arrived below while the person was scrolled up: the "New messages" button shows. */
  @state() private newBelow = false;
  protected readonly language = localized(this);
  #pinned = true;
  /** Where the list was last scrolled to (by the person, or to follow new lines). */
  #top = 0;
  /** The newest line seen by `willUpdate`, by key: a different one at the end is a new line. */
  #newest: string | undefined;
  /** Text parts (with links) per chat line: a line is linkified once, not on every frame it stays in view. */
  readonly #texts = new WeakMap<ChatEntry, ReturnType<typeof linkify>>();
  /** How many entries are rendered so far (catching up by `STEP` a frame), and the first of them. */
  #upTo = 0;
  /** A frame is asked for to render the next step. */
  #stepping = false;
  #first: ConversationEntry | undefined;

  override render() {
    if (this.entries.length === 0) return html`<p class="empty">${t('list.empty')}</p>`;
    // A different or re-read conversation shows at once; lines added to the one shown catch up a step a frame.
    const fresh = this.entries[0] !== this.#first;
    this.#first = this.entries[0];
    this.#upTo = fresh ? this.entries.length : Math.min(this.entries.length, this.#upTo + STEP);
    const hidden = Math.max(0, this.#upTo - this.shown);
    return html`${
      hidden
        ? html`<button type="button" class="earlier" @click=${() => (this.shown += PAGE)}>
            ${t('list.earlier', hidden)}
          </button>`
        : nothing
    }<ol>${repeat(
      rows(this.entries.slice(hidden, this.#upTo)),
      (row) => row.key,
      (row) => {
        if (row.kind === 'day') return html`<li class="day">${dayLabel(row.at)}</li>`;
        const e = row.entry;
        return e.kind === 'notice' ? html`<li class="notice">${e.text}</li>` : this.#chat(e, row.grouped);
      },
    )}</ol>${
      this.newBelow
        ? html`<button type="button" class="pill" @click=${this.#toNewest}>${t('list.newMessages')} <span aria-hidden="true">↓</span></button>`
        : nothing
    }`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('entries')) return;
    const last = this.entries.at(-1);
    const newest = last && lineKey(last);
    const added = newest !== undefined && newest !== this.#newest && this.entries[0] === this.#first;
    this.#newest = newest;
    if (!added || this.#pinned) return;
    // Scrolled up to read: the view stays; one's own new message brings it down, others' show the button.
    if (last?.kind === 'chat' && last.own) this.#pinned = true;
    else this.newBelow = true;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('scroll', this.#onScroll, { passive: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('scroll', this.#onScroll);
  }

  override updated(): void {
    if (this.#pinned) this.scrollTop = this.scrollHeight;
    this.#top = this.scrollTop;
    // One step a frame, however many updates ran since the last one (each line received is an update of its own).
    if (this.#upTo >= this.entries.length || this.#stepping) return;
    this.#stepping = true;
    requestAnimationFrame(() => {
      this.#stepping = false;
      this.requestUpdate();
    });
  }

  #onScroll = (): void => {
    // Lines rendered or let go move the bottom away without the person scrolling: only a move up unpins.
    if (this.scrollHeight - this.scrollTop - this.clientHeight < 40) this.#pinned = true;
    else if (this.scrollTop < this.#top) this.#pinned = false;
    this.#top = this.scrollTop;
    if (this.#pinned && this.newBelow) this.newBelow = false;
  };

  #toNewest = (): void => {
    this.#pinned = true;
    this.newBelow = false;
    this.scrollTop = this.scrollHeight;
  };

  #chat(entry: ChatEntry, grouped: boolean) {
    const personal = entry.personal || entry.personalTo;
    const text = this.#texts.get(entry) ?? linkify(entry.text);
    this.#texts.set(entry, text);
    // In a group the avatar and name show once, on its first line; screen readers still hear who said each one.
    return html`
      <li class="chat ${entry.own ? 'own' : ''} ${personal ? 'personal' : ''} ${grouped ? 'grouped' : ''}">
        ${
          grouped
            ? html`<span class="spacer"></span>`
            : html`<user-avatar size="small" decorative name=${entry.author.displayName} .src=${entry.author.avatarUrl}></user-avatar>`
        }
        <div class="bubble">
          <div class="meta">
            <span class="author ${grouped ? 'hidden' : ''}">${entry.own ? t('list.you') : entry.author.displayName}</span>
            ${entry.personalTo ? html`<span class="tag">${t('list.to', entry.personalTo.displayName)}</span>` : nothing}
            ${entry.personal ? html`<span class="tag">${t('list.personal')}</span>` : nothing}
            <time datetime=${new Date(entry.sentAt).toISOString()}>${locale.time(entry.sentAt)}</time>
            ${entry.own ? html`<span class="delivery">${delivery(entry)}</span>` : nothing}
          </div>
          <p class="text">${text}</p>
        </div>
      </li>
    `;
  }
}

/** Rows for the lines shown: a date before each day's first line; each line grouped or not with the one before. */
function rows(lines: readonly ConversationEntry[]): Row[] {
  const out: Row[] = [];
  let before: ConversationEntry | undefined;
  for (const entry of lines) {
    const at = lineTime(entry);
    const key = lineKey(entry);
    const newDay = !before || dayKey(at) !== dayKey(lineTime(before));
    if (newDay) out.push({ kind: 'day', key: `day:${key}`, at });
    out.push({ kind: 'line', key, entry, grouped: !newDay && sameGroup(before, entry) });
    before = entry;
  }
  return out;
}

/** The same author (same tab, or both one's own), the same kind of message, said within `GROUP_MS`. */
function sameGroup(before: ConversationEntry | undefined, entry: ConversationEntry): boolean {
  if (before?.kind !== 'chat' || entry.kind !== 'chat') return false;
  if (before.own !== entry.own || (!entry.own && before.authorPeerId !== entry.authorPeerId)) return false;
  if (!!before.personal !== !!entry.personal || before.personalTo?.username !== entry.personalTo?.username)
    return false;
  const gap = entry.sentAt - before.sentAt;
  return gap >= 0 && gap <= GROUP_MS;
}

function lineKey(e: ConversationEntry): string {
  return `${e.kind === 'chat' ? e.authorPeerId : ''}:${e.id}`;
}

function delivery(entry: ChatEntry): string {
  const sent = entry.sentTo.length;
  const delivered = entry.deliveredTo.length;
  if (entry.waiting) return t('delivery.waiting');
  if (sent === 0) return t('delivery.nobody');
  if (delivered === 0) return t(entry.refusedBy?.length ? 'delivery.notDelivered' : 'delivery.sending');
  return delivered === sent ? t('delivery.delivered') : t('delivery.some', delivered, sent);
}

declare global {
  interface HTMLElementTagNameMap {
    'message-list': MessageList;
  }
}
