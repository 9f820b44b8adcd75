import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';

/** A green or grey dot saying whether a person is online, with the words for assistive technology. */
@customElement('presence-dot')
export class PresenceDot extends LitElement {
  static override styles = css`
    :host { display: inline-flex; align-items: center; gap: 0.3rem; font-size: 0.85rem; color: var(--dialog-muted); }
    .dot { width: 0.65rem; height: 0.65rem; border-radius: 50%; background: var(--dialog-offline); flex: none; }
    .dot.online { background: var(--dialog-online); box-shadow: 0 0 0 2px var(--dialog-online-ring); }
  `;

  @property({ type: Boolean }) online = false;
  protected readonly language = localized(this);
  /** Also writes "Online" / "Offline" next to the dot. */
  @property({ type: Boolean }) labelled = false;

  override render() {
    const text = t(this.online ? 'presence.online' : 'presence.offline');
    if (this.labelled)
      return html`<span class="dot ${this.online ? 'online' : ''}" aria-hidden="true"></span><span>${text}</span>`;
    return html`<span class="dot ${this.online ? 'online' : ''}" role="img" aria-label=${text} title=${text}></span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'presence-dot': PresenceDot;
  }
}
