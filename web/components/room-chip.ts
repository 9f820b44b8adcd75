import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';

/** "You're in <room> — back": shown on the other pages while a room stays open in this tab; links back to it. */
@customElement('room-chip')
export class RoomChip extends LitElement {
  static override styles = css`
    :host { display: block; margin: 0 0 0.75rem; }
    a {
      display: inline-block; padding: 0.3rem 0.8rem; border-radius: 999px; background: var(--dialog-info-bg); color: var(--dialog-fg);
      text-decoration: none; overflow-wrap: anywhere;
    }
    a:hover { background: var(--dialog-hover); }
    .unread { margin-left: 0.4rem; padding: 0 0.45rem; border-radius: 999px; background: var(--dialog-accent); color: var(--dialog-on-accent); font-weight: 600; }
    .unread.muted { background: none; color: var(--dialog-muted); font-weight: 400; border: 1px solid var(--dialog-control-border); }
  `;

  @property() roomId = '';
  @property() roomName = '';
  /** Messages from others since the person last looked at the room. */
  @property({ type: Number }) unread = 0;
  /** The room is muted: the count shows quietly. */
  @property({ type: Boolean }) muted = false;
  protected readonly language = localized(this);

  override render() {
    if (!this.roomId) return nothing;
    return html`<a href="/rooms/${encodeURIComponent(this.roomId)}">${t('chip.inRoom', this.roomName || t('chip.aRoom'))} ${
      this.unread
        ? html`<span class="unread ${this.muted ? 'muted' : ''}">${unreadText(this.unread)}${this.muted ? t('chip.muted') : ''}</span>`
        : nothing
    }</a>`;
  }
}

/** "1 new message", "3 new messages". */
export function unreadText(count: number): string {
  return t('chip.unread', count);
}

declare global {
  interface HTMLElementTagNameMap {
    'room-chip': RoomChip;
  }
}
