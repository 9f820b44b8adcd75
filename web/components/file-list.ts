import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { ChangeController } from '../controllers/emitter-controller.ts';
import type { FileTransfers } from '../services/file-transfer.ts';
import './file-card.ts';
import { t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';

/** The files shared in the room, oldest first (nothing while there are none). */
@customElement('file-list')
export class FileList extends LitElement {
  static override styles = css`
    :host { display: block; max-height: 40vh; overflow-y: auto; }
    ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.35rem; }
  `;

  readonly #files = new ChangeController<FileTransfers>(this);
  protected readonly language = localized(this);

  @property({ attribute: false })
  set files(files: FileTransfers | undefined) {
    this.#files.source = files;
  }
  get files(): FileTransfers | undefined {
    return this.#files.source;
  }

  override render() {
    const transfers = this.files?.transfers ?? [];
    if (!transfers.length) return nothing;
    return html`<ul aria-label=${t('files.list')}>
      ${repeat(
        transfers,
        (t) => t.id,
        (t) => html`<li aria-label=${t.name}><file-card .transfer=${t}></file-card></li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'file-list': FileList;
  }
}
