import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { createRoomSchema, fieldErrors, LIMITS } from '../../shared/protocol.ts';
import { CreateRoomEvent } from './events.ts';
import { field, formAlert, formStyles } from './form-fields.ts';

/**
 * The lobby's "new room" form: a name and an optional topic; the room is created and entered at once (its link
 * invites others). Dispatches `create-room`; the page creates it and reports a refusal back through `error`.
 */
@customElement('create-room-form')
export class CreateRoomForm extends LitElement {
  static override styles = [formStyles, css`h2 { font-size: 1.2rem; margin: 0 0 1rem; }`];

  /** The server's refusal. */
  @property() error = '';
  @property({ type: Boolean }) busy = false;
  @state() private name = '';
  @state() private topic = '';
  @state() private fields: Record<string, string> = {};

  override render() {
    return html`
      <h2>Start a room</h2>
      <form @submit=${this.#submit} novalidate aria-label="Start a room">
        ${field({
          name: 'name',
          label: 'Room name',
          value: this.name,
          hint: 'You enter it at once; others join from this list or by its address.',
          counter: { length: this.name.length, max: LIMITS.roomNameChars },
          error: this.fields.name,
          onInput: (v) => (this.name = v),
        })}
        ${field({
          name: 'topic',
          label: 'Topic (optional)',
          value: this.topic,
          counter: { length: this.topic.length, max: LIMITS.roomTopicChars },
          error: this.fields.topic,
          onInput: (v) => (this.topic = v),
        })}
        ${formAlert(this.error)}
        <div><button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? 'Creating…' : 'Create room'}</button></div>
      </form>
    `;
  }

  #submit(event: SubmitEvent): void {
    event.preventDefault();
    const parsed = createRoomSchema.safeParse({ name: this.name, topic: this.topic });
    if (!parsed.success) {
      this.fields = fieldErrors(parsed.error);
      return;
    }
    this.fields = {};
    this.dispatchEvent(new CreateRoomEvent(parsed.data.name, parsed.data.topic ?? ''));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'create-room-form': CreateRoomForm;
  }
}
