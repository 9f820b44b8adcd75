import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';

/** "You're in <room> — back": shown on the other pages while a room stays open in this tab; links back to it. */
@customElement('room-chip')
export class RoomChip extends LitElement {
  static override styles = css`
    :host { display: block; margin: 0 0 0.75rem; }
    a {
      display: inline-block; padding: 0.3rem 0.8rem; border-radius: 999px; background: #dbe7ff; color: #1b1b1f;
      text-decoration: none; overflow-wrap: anywhere;
    }
    a:hover { background: #c5d8ff; }
  `;

  @property() roomId = '';
  @property() roomName = '';

  override render() {
    if (!this.roomId) return nothing;
    return html`<a href="/rooms/${encodeURIComponent(this.roomId)}">You're in ${this.roomName || 'a room'} — back</a>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'room-chip': RoomChip;
  }
}
