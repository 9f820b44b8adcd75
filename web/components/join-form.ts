import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { roomIdSchema } from '../../shared/protocol.ts';
import { JoinRequestEvent } from './events.ts';

/** Turns what a person typed as a room into a room id: "Team Chat" → "team-chat". */
export function toRoomId(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|-+$/g, '');
}

/** The lobby's "enter a room" form; dispatches `join-request`. Who enters comes from the session. */
@customElement('join-form')
export class JoinForm extends LitElement {
  static override styles = css`
    h1 { font-size: 1.4rem; margin: 0 0 1rem; }
    form { display: grid; gap: 0.75rem; max-width: 22rem; }
    label { display: grid; gap: 0.25rem; font-weight: 600; }
    input { font: inherit; padding: 0.5rem; border: 1px solid #99a; border-radius: 6px; }
    button { font: inherit; padding: 0.5rem 1rem; border-radius: 6px; border: 0; background: #2457c5; color: white; }
    [role='alert'] { color: #a00; margin: 0; }
  `;

  @property() room = '';
  /** Shown under the form, e.g. the server's refusal. */
  @property() error = '';
  @state() private localError = '';

  override render() {
    const message = this.localError || this.error;
    return html`
      <h1>Enter a room</h1>
      <form @submit=${this.#submit} novalidate>
        <label>Room
          <input
            name="room"
            required
            maxlength="64"
            .value=${this.room}
            aria-invalid=${message ? 'true' : 'false'}
            aria-describedby=${message ? 'room-error' : nothing}
          />
        </label>
        <button type="submit">Join</button>
        ${message ? html`<p id="room-error" role="alert">${message}</p>` : null}
      </form>
    `;
  }

  #submit(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const roomId = toRoomId(String(data.get('room') ?? ''));
    if (!roomIdSchema.safeParse(roomId).success) {
      this.localError = 'Enter a room name using letters or digits.';
      return;
    }
    this.localError = '';
    this.dispatchEvent(new JoinRequestEvent(roomId));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'join-form': JoinForm;
  }
}
