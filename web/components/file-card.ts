import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { t as tr } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';
import { formatBytes } from '../services/file-kinds.ts';
import type { Transfer } from '../services/file-transfer.ts';
import { FileCancelEvent } from './events.ts';

const ACTIVE = new Set<Transfer['state']>(['preparing', 'waiting', 'sending', 'receiving']);

/**
 * One file going out or coming in: name, size, type and who; while it moves a progress bar with speed and time
 * left, and Cancel; once it is in, a picture's preview (an <img> of a blob typed by its sniffed bytes: never SVG
 * or HTML) and Save. The name is text only and is saved sanitised.
 */
@customElement('file-card')
export class FileCard extends LitElement {
  static override styles = css`
    :host { display: grid; gap: 0.25rem; padding: 0.4rem 0.6rem; border: 1px solid var(--dialog-border); border-radius: 8px; background: var(--dialog-surface); }
    .head { display: flex; flex-wrap: wrap; gap: 0.2rem 0.6rem; align-items: baseline; }
    .name { font-weight: 600; overflow-wrap: anywhere; }
    .meta, .pace, .status { font-size: 0.8rem; color: var(--dialog-muted); margin: 0; }
    .status.failed { color: var(--dialog-danger); }
    .row { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
    progress { flex: 1; min-width: 8rem; }
    img { max-width: min(100%, 20rem); max-height: 14rem; border-radius: 6px; justify-self: start; }
    button, a.save { font: inherit; font-size: 0.85rem; padding: 0.2rem 0.7rem; border-radius: 6px; border: 1px solid var(--dialog-control-border); background: var(--dialog-surface); color: var(--dialog-fg); cursor: pointer; text-decoration: none; justify-self: start; }
  `;

  @property({ attribute: false }) transfer: Transfer | undefined;
  protected readonly language = localized(this);

  override render() {
    const t = this.transfer;
    if (!t) return nothing;
    const active = ACTIVE.has(t.state);
    return html`
      <div class="head">
        <span class="name">${t.name}</span>
        <span class="meta">${describe(t)}</span>
      </div>
      ${t.picture && t.url ? html`<img src=${t.url} alt=${tr('files.picture', t.name)} />` : nothing}
      ${
        active
          ? html`<div class="row">
              <progress
                aria-label=${tr(t.direction === 'out' ? 'files.sending' : 'files.receiving', t.name)}
                max=${t.total}
                .value=${t.moved}
              ></progress>
              <span class="pace">${pace(t)}</span>
              <button type="button" aria-label=${tr('files.cancelLabel', t.name)} @click=${this.#cancel}>${tr('files.cancel')}</button>
            </div>`
          : nothing
      }
      <p class="status ${t.state}" role="status">${t.status}</p>
      ${
        t.state === 'done' && t.direction === 'in' && t.url
          ? html`<a class="save" href=${t.url} download=${t.name} aria-label=${tr('files.saveLabel', t.name)}>${tr('files.save')}</a>`
          : nothing
      }
    `;
  }

  #cancel(): void {
    if (this.transfer) this.dispatchEvent(new FileCancelEvent(this.transfer.id));
  }
}

/** "5.0 MB · application/pdf · from Ann, personal". */
function describe(t: Transfer): string {
  const who = t.person
    ? tr(t.direction === 'in' ? 'files.from' : 'files.to', t.person.displayName)
    : tr('files.toRoom');
  const parts = [
    formatBytes(t.size),
    t.mime || tr('files.unknownType'),
    t.personal && t.direction === 'in' ? tr('files.personal', who) : who,
  ];
  return parts.join(' · ');
}

/** "12.3 MB/s · 4 s left", "45%" before the pace is known. */
function pace(t: Transfer): string {
  const percent = `${t.total ? Math.floor((100 * t.moved) / t.total) : 0}%`;
  if (t.bytesPerSecond === undefined || t.secondsLeft === undefined) return percent;
  return `${percent} · ${tr('files.perSecond', formatBytes(t.bytesPerSecond))} · ${tr('files.left', Math.ceil(t.secondsLeft))}`;
}

declare global {
  interface HTMLElementTagNameMap {
    'file-card': FileCard;
  }
}
