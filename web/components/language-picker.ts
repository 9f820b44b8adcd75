import { css, html, LitElement } from 'lit';
import { customElement } from 'lit/decorators.js';
import { LOCALE_NAMES, LOCALES, type Locale, locale, t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';

/** The labelled language control: switches the UI at once and remembers the choice in this browser. */
@customElement('language-picker')
export class LanguagePicker extends LitElement {
  static override styles = css`
    :host { display: inline-flex; }
    label { display: inline-flex; align-items: center; gap: 0.4rem; }
    select { font: inherit; padding: 0.3rem 0.4rem; border-radius: 6px; border: 1px solid var(--dialog-control-border); background: var(--dialog-surface); color: var(--dialog-fg); }
  `;

  protected readonly language = localized(this);

  override render() {
    // Each language is named in itself (and marked so) so a person who cannot read the current one finds theirs.
    return html`<label>
      ${t('language.label')}
      <select @change=${this.#change}>
        ${LOCALES.map(
          (l) =>
            html`<option value=${l} lang=${l} ?selected=${l === this.language.source?.current}>${LOCALE_NAMES[l]}</option>`,
        )}
      </select>
    </label>`;
  }

  #change = (event: Event): void => {
    const chosen = (event.target as HTMLSelectElement).value as Locale;
    locale
      .set(chosen, { remember: true })
      .catch((err: unknown) => console.warn('dialog: could not switch language', err));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'language-picker': LanguagePicker;
  }
}
