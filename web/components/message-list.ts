import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ChatEntry, ConversationEntry } from '../services/room-session.ts';
import './user-avatar.ts';

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
/** Lines rendered at first, and added per "Show earlier messages". */
const PAGE = 200;
/** New lines rendered per frame at most: a burst of arrivals shows over a few frames, not in one long task. */
const STEP = 40;

/**
 * The conversation: chat and personal messages, join/leave notices. Text is always rendered as text, never as
 * HTML. Stays scrolled to the newest line unless the person scrolled up to read.
 */
@customElement('message-list')
export class MessageList extends LitElement {
  static override styles = css`
    :host { display: block; overflow-y: auto; }
    ol { list-style: none; margin: 0; padding: 0.5rem; display: grid; gap: 0.5rem; }
    .chat { display: flex; gap: 0.5rem; align-items: flex-start; max-width: 85%; }
    .chat.own { justify-self: end; flex-direction: row-reverse; }
    .bubble { padding: 0.4rem 0.6rem; border-radius: 8px; background: #eef0f6; min-width: 0; }
    .own .bubble { background: #dbe7ff; }
    .personal .bubble { background: #fff4d6; border: 1px dashed #b08400; }
    .meta { font-size: 0.75rem; color: #555; display: flex; flex-wrap: wrap; gap: 0.5rem; }
    .author { font-weight: 600; color: #222; }
    .tag { font-weight: 600; color: #7a5b00; }
    .text { margin: 0.15rem 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
    .notice { justify-self: center; font-size: 0.85rem; color: #555; }
    .empty { color: #666; text-align: center; }
    .earlier { display: block; margin: 0.5rem auto 0; font: inherit; font-size: 0.85rem; padding: 0.3rem 0.8rem; border-radius: 6px; border: 1px solid #99a; background: white; cursor: pointer; }
  `;

  @property({ attribute: false }) entries: readonly ConversationEntry[] = [];
  /** How many of the newest lines are shown; older ones appear on request, so a long day stays fast to render. */
  @state() private shown = PAGE;
  #pinned = true;
  /** How many entries are rendered so far (catching up by `STEP` a frame), and the first of them. */
  #upTo = 0;
  #first: ConversationEntry | undefined;

  override render() {
    if (this.entries.length === 0) return html`<p class="empty">No messages yet. Say hello!</p>`;
    // A different or re-read conversation shows at once; lines added to the one shown catch up a step a frame.
    const fresh = this.entries[0] !== this.#first;
    this.#first = this.entries[0];
    this.#upTo = fresh ? this.entries.length : Math.min(this.entries.length, this.#upTo + STEP);
    const hidden = Math.max(0, this.#upTo - this.shown);
    return html`${
      hidden
        ? html`<button type="button" class="earlier" @click=${() => (this.shown += PAGE)}>
            Show earlier messages (${hidden})
          </button>`
        : nothing
    }<ol>${repeat(
      this.entries.slice(hidden, this.#upTo),
      (e) => `${e.kind === 'chat' ? e.authorPeerId : ''}:${e.id}`,
      (e) => (e.kind === 'notice' ? html`<li class="notice">${e.text}</li>` : this.#chat(e)),
    )}</ol>`;
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
    if (this.#upTo < this.entries.length) requestAnimationFrame(() => this.requestUpdate());
  }

  #onScroll = (): void => {
    this.#pinned = this.scrollHeight - this.scrollTop - this.clientHeight < 40;
  };

  #chat(entry: ChatEntry) {
    const personal = entry.personal || entry.personalTo;
    return html`
      <li class="chat ${entry.own ? 'own' : ''} ${personal ? 'personal' : ''}">
        <user-avatar size="small" decorative name=${entry.author.displayName} .src=${entry.author.avatarUrl}></user-avatar>
        <div class="bubble">
          <div class="meta">
            <span class="author">${entry.own ? 'You' : entry.author.displayName}</span>
            ${entry.personalTo ? html`<span class="tag">to ${entry.personalTo.displayName}</span>` : nothing}
            ${entry.personal ? html`<span class="tag">personal</span>` : nothing}
            <time datetime=${new Date(entry.sentAt).toISOString()}>${time.format(entry.sentAt)}</time>
            ${entry.own ? html`<span class="delivery">${delivery(entry.sentTo.length, entry.deliveredTo.length)}</span>` : nothing}
          </div>
          <p class="text">${entry.text}</p>
        </div>
      </li>
    `;
  }
}

function delivery(sent: number, delivered: number): string {
  if (sent === 0) return 'nobody else here';
  if (delivered === 0) return 'sending…';
  return delivered === sent ? 'delivered' : `delivered to ${delivered} of ${sent}`;
}

declare global {
  interface HTMLElementTagNameMap {
    'message-list': MessageList;
  }
}
