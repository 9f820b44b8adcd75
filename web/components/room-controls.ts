import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { EARLIER_LINES, LIMITS, patchRoomSchema, type RoomListing } from '../../shared/protocol.ts';
import { t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';
import { RoomDeleteEvent, RoomEditEvent } from './events.ts';
import { field, formAlert, formStyles, invalidFields } from './form-fields.ts';

/**
 * The owner's (or an administrator's) powers over one room: edit its name and topic, or delete it after an
 * explicit confirmation. Dispatches `room-edit` / `room-delete`; the page does the work and reports back through
 * `busy` and `error`. When `busy` ends without an error, the form closes.
 */
@customElement('room-controls')
export class RoomControls extends LitElement {
  static override styles = [
    formStyles,
    css`
      :host { display: block; }
      .buttons { display: flex; gap: 0.4rem; flex-wrap: wrap; }
      button { padding: 0.35rem 0.75rem; }
      button.danger { border-color: var(--dialog-danger); color: var(--dialog-danger); }
      button.danger.confirm { background: var(--dialog-danger); color: var(--dialog-on-danger); }
      form, .confirm-box { margin-top: 0.5rem; }
      .confirm-box { display: grid; gap: 0.5rem; max-width: 28rem; }
      .confirm-box p { margin: 0; }
      label.check { display: flex; gap: 0.5rem; align-items: baseline; margin: 0.5rem 0; }
      /* Phones: both buttons on one line, leaving the height to the conversation. */
      @media (max-width: 640px) {
        button { padding: 0.25rem 0.5rem; font-size: 0.9rem; }
      }
    `,
  ];

  @property({ attribute: false }) room: RoomListing | undefined;
  @state() private mode: 'idle' | 'editing' | 'confirming' = 'idle';
  @property() error = '';
  @property({ type: Boolean }) busy = false;
  @state() private name = '';
  @state() private topic = '';
  @state() private shareHistory = true;
  @state() private fields: Record<string, string> = {};
  protected readonly language = localized(this);

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.get('busy') === true && !this.busy && !this.error) this.mode = 'idle';
  }

  override render() {
    const room = this.room;
    if (!room) return nothing;
    return html`
      <div class="buttons">
        <button type="button" aria-expanded=${this.mode === 'editing'} @click=${this.#edit}>${t('roomControls.edit', room.name)}</button>
        <button type="button" class="danger" aria-expanded=${this.mode === 'confirming'} @click=${() => this.#set('confirming')}>
          ${t('roomControls.delete', room.name)}
        </button>
      </div>
      ${this.mode === 'editing' ? this.#form() : nothing} ${this.mode === 'confirming' ? this.#confirm(room) : nothing}
      ${this.mode === 'idle' ? formAlert(this.error) : nothing}
    `;
  }

  #form() {
    return html`
      <form @submit=${this.#save} novalidate aria-label=${t('roomControls.editForm')}>
        ${field({
          name: 'room-name',
          label: t('roomControls.name'),
          value: this.name,
          counter: { length: this.name.length, max: LIMITS.roomNameChars },
          error: this.fields.name,
          onInput: (v) => (this.name = v),
        })}
        ${field({
          name: 'room-topic',
          label: t('roomControls.topic'),
          value: this.topic,
          counter: { length: this.topic.length, max: LIMITS.roomTopicChars },
          error: this.fields.topic,
          onInput: (v) => (this.topic = v),
        })}
        <label class="check">
          <input type="checkbox" .checked=${this.shareHistory} @change=${(e: Event) => (this.shareHistory = (e.target as HTMLInputElement).checked)} />
          ${t('roomControls.shareHistory', EARLIER_LINES)}
        </label>
        ${formAlert(this.error)}
        <div class="buttons">
          <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? t('roomControls.saving') : t('roomControls.save')}</button>
          <button type="button" @click=${() => this.#set('idle')}>${t('roomControls.cancel')}</button>
        </div>
      </form>
    `;
  }

  #confirm(room: RoomListing) {
    return html`
      <div class="confirm-box" role="group" aria-label=${t('roomControls.confirmLabel')}>
        <p>${t('roomControls.confirm', room.name)} ${room.memberCount ? t('roomControls.sentBack', room.memberCount) : ''}</p>
        ${formAlert(this.error)}
        <div class="buttons">
          <button type="button" class="danger confirm" ?disabled=${this.busy} @click=${() => this.dispatchEvent(new RoomDeleteEvent(room.id))}>
            ${this.busy ? t('roomControls.deleting') : t('roomControls.yesDelete')}
          </button>
          <button type="button" @click=${() => this.#set('idle')}>${t('roomControls.keep')}</button>
        </div>
      </div>
    `;
  }

  #edit = (): void => {
    this.name = this.room?.name ?? '';
    this.topic = this.room?.topic ?? '';
    this.shareHistory = this.room?.shareHistory !== false;
    this.fields = {};
    this.#set(this.mode === 'editing' ? 'idle' : 'editing');
  };

  #set(mode: 'idle' | 'editing' | 'confirming'): void {
    this.mode = mode;
    this.error = '';
  }

  #save = (event: SubmitEvent): void => {
    event.preventDefault();
    const parsed = patchRoomSchema.safeParse({ name: this.name, topic: this.topic, shareHistory: this.shareHistory });
    if (!parsed.success) {
      this.fields = invalidFields(parsed.error);
      return;
    }
    this.fields = {};
    const room = this.room;
    if (room) this.dispatchEvent(new RoomEditEvent(room.id, parsed.data));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'room-controls': RoomControls;
  }
}
