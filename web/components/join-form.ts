import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LIMITS, roomIdSchema } from '../../shared/protocol.ts';
import { JoinRequestEvent } from './events.ts';

/** Turns what a person typed as a room into a room id: "Team Chat" → "team-chat". */
export function toRoomId(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|-+$/g, '');
}

/** Name + room form; dispatches `join-request`. */
@customElement('join-form')
export class JoinForm extends LitElement {
  static override styles = css`
    form { display: grid; gap: 0.75rem; max-width: 22rem; }
    label { display: grid; gap: 0.25rem; font-weight: 600; }
    input { font: inherit; padding: 0.5rem; border: 1px solid #99a; border-radius: 6px; }
    button { font: inherit; padding: 0.5rem 1rem; border-radius: 6px; border: 0; background: #2457c5; color: white; }
    button[disabled] { opacity: 0.6; }
    [role='alert'] { color: #a00; margin: 0; }
  `;

  @property() name = '';
  @property() room = '';
  /** Shown under the form, e.g. the server's refusal. */
  @property() error = '';
  @property({ type: Boolean }) busy = false;
  @state() private localError = '';

  override render() {
    const message = this.localError || this.error;
    return html`
      <form @submit=${this.#submit} novalidate>
        <label>Your name
          <input name="name" autocomplete="nickname" required maxlength=${LIMITS.displayNameChars} .value=${this.name} />
        </label>
        <label>Room
          <input name="room" required maxlength="64" .value=${this.room} />
        </label>
        <button type="submit" ?disabled=${this.busy}>${this.busy ? 'Joining…' : 'Join'}</button>
        ${message ? html`<p role="alert">${message}</p>` : null}
      </form>
    `;
  }

  #submit(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const name = String(data.get('name') ?? '').trim();
    const roomId = toRoomId(String(data.get('room') ?? ''));
    if (!name) {
      this.localError = 'Enter your name.';
      return;
    }
    if (!roomIdSchema.safeParse(roomId).success) {
      this.localError = 'Enter a room name using letters or digits.';
      return;
    }
    this.localError = '';
    this.dispatchEvent(new JoinRequestEvent(name, roomId));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'join-form': JoinForm;
  }
}
