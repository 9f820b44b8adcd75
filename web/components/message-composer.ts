import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LIMITS, type MessageRoom, messageRoom } from '../../shared/protocol.ts';
import { AttachFilesEvent, SendMessageEvent, TypingEvent } from './events.ts';
import './file-attach.ts';
import { t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';

/**
 * The counter under a message box: characters against the limit, and why a text is refused. A text of control
 * characters or symbols can be short yet too large for one frame, so the counter says that in words, not in bytes.
 */
export function counterText(room: MessageRoom): string {
  const count = `${room.chars} / ${LIMITS.messageChars}`;
  if (room.fits) return count;
  if (room.chars > LIMITS.messageChars) return t('composer.tooLong', count);
  const share = Math.round((room.bytes / LIMITS.messageBytes) * 100);
  return t('composer.tooHeavy', count, share);
}

/**
 * The text box, Attach and Send. Enter sends, Shift+Enter adds a line; empty text is never sent. Pasting files (a
 * picture copied from elsewhere) attaches them instead of inserting text.
 */
@customElement('message-composer')
export class MessageComposer extends LitElement {
  /** `focus()` on the composer puts the cursor in its text box. */
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static override styles = css`
    form { display: grid; grid-template-columns: 1fr auto auto; gap: 0.5rem; align-items: end; }
    textarea { font: inherit; padding: 0.5rem; min-height: 2.5rem; resize: vertical; border: 1px solid var(--dialog-control-border); border-radius: 6px; }
    button { font: inherit; padding: 0.5rem 1rem; border-radius: 6px; border: 0; background: var(--dialog-accent); color: var(--dialog-on-accent); }
    button[disabled] { opacity: 0.5; }
    .counter { grid-column: 1 / -1; font-size: 0.8rem; color: var(--dialog-muted); margin: 0; }
    .counter.over { color: var(--dialog-danger); font-weight: 600; }
  `;

  @property({ type: Boolean }) disabled = false;
  @state() private text = '';
  protected readonly language = localized(this);

  override render() {
    const room = messageRoom(this.text.trim());
    const over = !room.fits;
    const empty = this.text.trim() === '';
    return html`
      <form @submit=${this.#submit}>
        <textarea
          aria-label=${t('composer.message')}
          aria-describedby="counter"
          rows="2"
          .value=${this.text}
          ?disabled=${this.disabled}
          @input=${this.#input}
          @keydown=${this.#keydown}
          @paste=${this.#paste}
        ></textarea>
        <file-attach ?disabled=${this.disabled}></file-attach>
        <button type="submit" ?disabled=${this.disabled || empty || over}>${t('composer.send')}</button>
        <p id="counter" class="counter ${over ? 'over' : ''}">${counterText(room)}</p>
      </form>
    `;
  }

  #input(event: InputEvent): void {
    this.text = (event.target as HTMLTextAreaElement).value;
    if (this.text.trim()) this.dispatchEvent(new TypingEvent());
  }

  #paste(event: ClipboardEvent): void {
    const files = [...(event.clipboardData?.files ?? [])];
    if (!files.length || this.disabled) return;
    event.preventDefault();
    this.dispatchEvent(new AttachFilesEvent(files));
  }

  #keydown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    this.#send();
  }

  #submit(event: SubmitEvent): void {
    event.preventDefault();
    this.#send();
  }

  #send(): void {
    const text = this.text.trim();
    if (this.disabled || !text || !messageRoom(text).fits) return;
    // Cancelled: it could not go now (see SendMessageEvent), so the text stays to send again.
    if (this.dispatchEvent(new SendMessageEvent(text))) this.text = '';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'message-composer': MessageComposer;
  }
}
