import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ChangeController } from '../controllers/emitter-controller.ts';
import type { RoomPeer, RoomSession } from '../services/room-session.ts';
import { LeaveRoomEvent } from './events.ts';
import './member-list.ts';
import './message-composer.ts';
import './message-list.ts';

/** The room page: header, conversation, composer and people. Renders a RoomSession; holds no WebRTC code. */
@customElement('chat-room')
export class ChatRoom extends LitElement {
  static override styles = css`
    :host { display: grid; grid-template-columns: 1fr 14rem; grid-template-rows: auto 1fr auto; gap: 0.75rem; height: 100%; min-height: 0; }
    header { grid-column: 1 / -1; display: flex; align-items: center; justify-content: space-between; }
    h1 { margin: 0; font-size: 1.3rem; }
    message-list { border: 1px solid #dde; border-radius: 8px; min-height: 0; }
    aside { grid-row: 2 / 4; grid-column: 2; border-left: 1px solid #dde; padding-left: 0.75rem; }
    h2 { font-size: 1rem; margin: 0 0 0.5rem; }
    button { font: inherit; padding: 0.4rem 0.8rem; border-radius: 6px; border: 1px solid #99a; background: white; }
    [role='status'] { margin: 0; color: #555; }
    @media (max-width: 640px) {
      :host { grid-template-columns: 1fr; grid-template-rows: auto auto 1fr auto; }
      aside { grid-row: 2; grid-column: 1; border-left: 0; padding: 0; }
    }
  `;

  readonly #session = new ChangeController<RoomSession>(this);

  @property({ attribute: false })
  set session(session: RoomSession | undefined) {
    this.#session.source = session;
  }
  get session(): RoomSession | undefined {
    return this.#session.source;
  }

  override render() {
    const session = this.session;
    if (!session) return null;
    const people: RoomPeer[] = session.self ? [{ ...session.self, connection: 'self' }, ...session.peers.values()] : [];
    return html`
      <header>
        <h1>${session.room?.name ?? session.roomId}</h1>
        <button type="button" @click=${() => this.dispatchEvent(new LeaveRoomEvent())}>Leave room</button>
      </header>
      <message-list role="log" aria-label="Conversation" aria-live="polite" .entries=${[...session.conversation]}></message-list>
      <message-composer
        ?disabled=${session.status !== 'joined'}
        @send-message=${(e: { text: string }) => session.send(e.text)}
      ></message-composer>
      <aside>
        <h2>People (${people.length})</h2>
        <member-list .members=${people}></member-list>
        <p role="status">${statusText(session)}</p>
      </aside>
    `;
  }
}

function statusText(session: RoomSession): string {
  if (session.status === 'joining') return 'Joining…';
  if (session.status === 'error') return session.error;
  return '';
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-room': ChatRoom;
  }
}
