import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LIMITS } from '../../shared/protocol.ts';
import { SendMessageEvent, TypingEvent } from './events.ts';

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
    const length = this.text.length;
    const over = length > LIMITS.messageChars;
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
        <p id="counter" class="counter ${over ? 'over' : ''}">${length} / ${LIMITS.messageChars}${over ? ' — too long' : ''}</p>
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
    if (this.disabled || !text || text.length > LIMITS.messageChars) return;
    this.dispatchEvent(new SendMessageEvent(text));
    this.text = '';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'message-composer': MessageComposer;
  }
}
