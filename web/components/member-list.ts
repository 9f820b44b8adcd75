import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { RoomPeer } from '../services/room-session.ts';
import './user-avatar.ts';

const STATE_TEXT: Record<RoomPeer['connection'], string> = {
  self: 'you',
  connecting: 'connecting…',
  connected: 'connected',
  failed: 'connection failed',
};

/** Who is in the room and how our connection to each of them is doing. */
@customElement('member-list')
export class MemberList extends LitElement {
  static override styles = css`
    ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.35rem; }
    li { display: flex; align-items: center; gap: 0.5rem; }
    .name { flex: 1; min-width: 0; overflow-wrap: anywhere; }
    .state { font-size: 0.8rem; color: #555; }
    .state.connected { color: #17713a; }
    .state.failed { color: #a00; }
  `;

  @property({ attribute: false }) members: readonly RoomPeer[] = [];

  override render() {
    return html`
      <ul aria-label="People in this room">
        ${repeat(
          this.members,
          (m) => m.peerId,
          (m) =>
            // One line: the row's text is exactly "<name> <state>".
            html`<li><user-avatar size="small" decorative name=${m.user.displayName} .src=${m.user.avatarUrl}></user-avatar><span class="name">${m.user.displayName}</span> <span class="state ${m.connection}">${STATE_TEXT[m.connection]}</span></li>`,
        )}
      </ul>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'member-list': MemberList;
  }
}
