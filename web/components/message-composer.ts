import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LIMITS, type MessageRoom, messageRoom } from '../../shared/protocol.ts';
import { SendMessageEvent, TypingEvent } from './events.ts';

/**
 * The counter under a message box: characters against the limit, and why a text is refused. A text of control
 * characters or symbols can be short yet too large for one frame, so the counter says that in words, not in bytes.
 */
export function counterText(room: MessageRoom): string {
  const count = `${room.chars} / ${LIMITS.messageChars}`;
  if (room.fits) return count;
  if (room.chars > LIMITS.messageChars) return `${count} — too long`;
  const share = Math.round((room.bytes / LIMITS.messageBytes) * 100);
  return `${count} — too long: some of these characters take much more room than letters (${share}% of what one message can carry)`;
}

/** The text box and Send button. Enter sends, Shift+Enter adds a line; empty text is never sent. */
@customElement('message-composer')
export class MessageComposer extends LitElement {
  static override styles = css`
    form { display: grid; grid-template-columns: 1fr auto; gap: 0.5rem; align-items: end; }
    textarea { font: inherit; padding: 0.5rem; min-height: 2.5rem; resize: vertical; border: 1px solid var(--dialog-control-border); border-radius: 6px; }
    button { font: inherit; padding: 0.5rem 1rem; border-radius: 6px; border: 0; background: var(--dialog-accent); color: var(--dialog-on-accent); }
    button[disabled] { opacity: 0.5; }
    .counter { grid-column: 1 / -1; font-size: 0.8rem; color: var(--dialog-muted); margin: 0; }
    .counter.over { color: var(--dialog-danger); font-weight: 600; }
  `;

  @property({ type: Boolean }) disabled = false;
  @state() private text = '';

  override render() {
    const room = messageRoom(this.text.trim());
    const over = !room.fits;
    const empty = this.text.trim() === '';
    return html`
      <form @submit=${this.#submit}>
        <textarea
          aria-label="Message"
          aria-describedby="counter"
          rows="2"
          .value=${this.text}
          ?disabled=${this.disabled}
          @input=${this.#input}
          @keydown=${this.#keydown}
        ></textarea>
        <button type="submit" ?disabled=${this.disabled || empty || over}>Send</button>
        <p id="counter" class="counter ${over ? 'over' : ''}">${counterText(room)}</p>
      </form>
    `;
  }

  #input(event: InputEvent): void {
    this.text = (event.target as HTMLTextAreaElement).value;
    if (this.text.trim()) this.dispatchEvent(new TypingEvent());
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
    this.dispatchEvent(new SendMessageEvent(text));
    this.text = '';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'message-composer': MessageComposer;
  }
}
