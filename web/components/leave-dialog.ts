import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';
import { LeaveCancelEvent, LeaveRoomEvent } from './events.ts';

/**
 * Asks before leaving a room, which ends this tab's part in it and forgets the conversation here: a modal
 * `<dialog>` with "Leave and forget the conversation" (dispatches `leave-room`) and "Stay" (`leave-cancel`, also
 * on Escape). Shown while `open`; the owner closes it by clearing `open`.
 */
@customElement('leave-dialog')
export class LeaveDialog extends LitElement {
  static override styles = css`
    dialog { max-width: 26rem; border: 1px solid var(--dialog-control-border); border-radius: 10px; padding: 1rem 1.25rem; }
    dialog::backdrop { background: rgb(0 0 0 / 0.3); }
    h2 { margin: 0 0 0.5rem; font-size: 1.1rem; overflow-wrap: anywhere; }
    p { margin: 0 0 1rem; }
    .buttons { display: flex; flex-wrap: wrap; gap: 0.5rem; }
    button { font: inherit; padding: 0.4rem 0.8rem; border-radius: 6px; border: 1px solid var(--dialog-control-border); background: var(--dialog-surface); color: var(--dialog-fg); cursor: pointer; }
    button.danger { border-color: var(--dialog-danger); background: var(--dialog-danger); color: var(--dialog-on-danger); }
  `;

  @property({ type: Boolean }) open = false;
  /** The room that would be left. */
  @property() roomName = '';
  /** Why it would be left, when it is not the Leave button: e.g. "to enter “Other room”". */
  @property() reason = '';
  /** Own messages not delivered yet (a conversation's outbox): leaving discards them, so the dialog says so. */
  @property({ type: Number }) undelivered = 0;
  protected readonly language = localized(this);
  @query('dialog') private dialog!: HTMLDialogElement;

  override render() {
    const what = this.reason ? t('leave.questionWhy', this.roomName, this.reason) : t('leave.question', this.roomName);
    return html`<dialog aria-labelledby="title" aria-describedby="text" @cancel=${this.#cancel}>
      <h2 id="title">${what}</h2>
      <p id="text">
        ${t('leave.text')}${this.undelivered ? ` ${t('leave.undelivered', this.undelivered)}` : ''}
      </p>
      <div class="buttons">
        <button type="button" class="danger" @click=${() => this.dispatchEvent(new LeaveRoomEvent())}>
          ${t('leave.confirm')}
        </button>
        <button type="button" autofocus @click=${() => this.dispatchEvent(new LeaveCancelEvent())}>${t('leave.stay')}</button>
      </div>
    </dialog>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.open && !this.dialog.open) this.dialog.showModal();
    else if (!this.open && this.dialog.open) this.dialog.close();
  }

  #cancel = (event: Event): void => {
    // Escape means Stay; the owner closes the dialog through `open`.
    event.preventDefault();
    this.dispatchEvent(new LeaveCancelEvent());
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'leave-dialog': LeaveDialog;
  }
}
