import { css, html, LitElement } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { AttachFilesEvent } from './events.ts';

/** An "Attach files" button: the chosen files go out as `attach-files` (to `to` only, when set). */
@customElement('file-attach')
export class FileAttach extends LitElement {
  static override styles = css`
    :host { display: inline-block; }
    button { font: inherit; padding: 0.5rem 0.7rem; border-radius: 6px; border: 1px solid var(--dialog-control-border); background: var(--dialog-surface); color: var(--dialog-fg); cursor: pointer; }
    button[disabled] { opacity: 0.5; }
    input { display: none; }
  `;

  /** Whose tabs alone get the files; the whole room when unset. */
  @property() to: string | undefined;
  /** The accessible name, e.g. "Attach files" or "Send cat a file". */
  @property() label = 'Attach files';
  @property({ type: Boolean }) disabled = false;
  @query('input') private input!: HTMLInputElement;

  override render() {
    return html`<button type="button" aria-label=${this.label} title=${this.label} ?disabled=${this.disabled}
        @click=${() => this.input.click()}><span aria-hidden="true">📎</span></button
      ><input type="file" multiple tabindex="-1" aria-hidden="true" @change=${this.#chosen} />`;
  }

  #chosen(): void {
    const files = [...(this.input.files ?? [])];
    this.input.value = '';
    if (files.length) this.dispatchEvent(new AttachFilesEvent(files, this.to));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'file-attach': FileAttach;
  }
}
