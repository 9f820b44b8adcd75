import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { fieldErrors, LIMITS, roomNameSchema } from '../../shared/protocol.ts';
import { CreateRoomEvent } from './events.ts';
import { field, formStyles } from './form-fields.ts';

/**
 * The lobby's "new room" form: a name, and the room is created and entered at once (its link invites others).
 * Dispatches `create-room`; the shell creates it and reports a refusal back through `error`.
 */
@customElement('create-room-form')
export class CreateRoomForm extends LitElement {
  static override styles = [formStyles, css`h1 { font-size: 1.4rem; margin: 0 0 1rem; }`];

  /** The server's refusal, or why entering the last room failed. */
  @property() error = '';
  @property({ type: Boolean }) busy = false;
  @state() private localError = '';

  override render() {
    return html`
      <h1>Start a room</h1>
      <form @submit=${this.#submit} novalidate>
        ${field({
          name: 'name',
          label: 'Room name',
          hint: 'You enter it at once; share its address to invite people.',
          error: this.localError || this.error,
        })}
        <div><button class="primary" type="submit" ?disabled=${this.busy}>Create room</button></div>
      </form>
    `;
  }

  #submit(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const parsed = roomNameSchema.safeParse(String(data.get('name') ?? ''));
    if (!parsed.success) {
      this.localError = fieldErrors(parsed.error)._ ?? `Use 1–${LIMITS.roomNameChars} characters.`;
      return;
    }
    this.localError = '';
    this.dispatchEvent(new CreateRoomEvent(parsed.data));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'create-room-form': CreateRoomForm;
  }
}
