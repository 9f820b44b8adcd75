import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ConversationEntry } from '../services/room-session.ts';

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** The conversation: chat messages and join/leave notices. Text is always rendered as text, never as HTML. */
@customElement('message-list')
export class MessageList extends LitElement {
  static override styles = css`
    :host { display: block; overflow-y: auto; }
    ol { list-style: none; margin: 0; padding: 0.5rem; display: grid; gap: 0.5rem; }
    .chat { max-width: 80%; padding: 0.4rem 0.6rem; border-radius: 8px; background: #eef0f6; }
    .chat.own { justify-self: end; background: #dbe7ff; }
    .meta { font-size: 0.75rem; color: #555; display: flex; gap: 0.5rem; }
    .author { font-weight: 600; color: #222; }
    .text { margin: 0.15rem 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
    .notice { justify-self: center; font-size: 0.85rem; color: #555; }
    .empty { color: #666; text-align: center; }
  `;

  @property({ attribute: false }) entries: readonly ConversationEntry[] = [];

  override render() {
    if (this.entries.length === 0) return html`<p class="empty">No messages yet. Say hello!</p>`;
    return html`<ol>${repeat(
      this.entries,
      (e) => e.id,
      (e) => this.#entry(e),
    )}</ol>`;
  }

  override updated(): void {
    this.scrollTop = this.scrollHeight;
  }

  #entry(entry: ConversationEntry) {
    if (entry.kind === 'notice') return html`<li class="notice">${entry.text}</li>`;
    return html`
      <li class="chat ${entry.own ? 'own' : ''}">
        <div class="meta">
          <span class="author">${entry.own ? 'You' : entry.author.user.displayName}</span>
          <time datetime=${new Date(entry.sentAt).toISOString()}>${time.format(entry.sentAt)}</time>
          ${entry.own ? html`<span class="delivery">${delivery(entry.sentTo.length, entry.deliveredTo.length)}</span>` : nothing}
        </div>
        <p class="text">${entry.text}</p>
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
