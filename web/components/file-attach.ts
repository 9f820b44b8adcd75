import { css, html, LitElement } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';
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
  /** The accessible name, e.g. "Send cat a file"; "Attach files" when unset. */
  @property() label: string | undefined;
  @property({ type: Boolean }) disabled = false;
  protected readonly language = localized(this);
  @query('input') private input!: HTMLInputElement;

  override render() {
    const label = this.label ?? t('files.attach');
    return html`<button type="button" aria-label=${label} title=${label} ?disabled=${this.disabled}
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
