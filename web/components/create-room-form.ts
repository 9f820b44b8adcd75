import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { createRoomSchema, LIMITS } from '../../shared/protocol.ts';
import { t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';
import { CreateRoomEvent } from './events.ts';
import { field, formAlert, formStyles, invalidFields } from './form-fields.ts';

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
  protected readonly language = localized(this);

  override render() {
    return html`
      <h2>${t('createRoom.heading')}</h2>
      <form @submit=${this.#submit} novalidate aria-label=${t('createRoom.heading')}>
        ${field({
          name: 'name',
          label: t('createRoom.name'),
          value: this.name,
          hint: t('createRoom.nameHint'),
          counter: { length: this.name.length, max: LIMITS.roomNameChars },
          error: this.fields.name,
          onInput: (v) => (this.name = v),
        })}
        ${field({
          name: 'topic',
          label: t('createRoom.topic'),
          value: this.topic,
          counter: { length: this.topic.length, max: LIMITS.roomTopicChars },
          error: this.fields.topic,
          onInput: (v) => (this.topic = v),
        })}
        ${formAlert(this.error)}
        <div><button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? t('createRoom.creating') : t('createRoom.submit')}</button></div>
      </form>
    `;
  }

  #submit(event: SubmitEvent): void {
    event.preventDefault();
    const parsed = createRoomSchema.safeParse({ name: this.name, topic: this.topic });
    if (!parsed.success) {
      this.fields = invalidFields(parsed.error);
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
