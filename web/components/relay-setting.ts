import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { servicesContext } from '../context.ts';
import { ChangeController } from '../controllers/emitter-controller.ts';
import { FormTask } from '../controllers/form-task.ts';
import { t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';
import type { Services } from '../services/services.ts';
import { formAlert, formStyles } from './form-fields.ts';

/**
 * The relay-only setting ("Hide my network address from others"): saved in the profile as soon as it is ticked;
 * the browser then connects through the server's TURN relay only, from the next room it enters. Unavailable, with
 * the reason, when the server offers no relay.
 */
@customElement('relay-setting')
export class RelaySetting extends LitElement {
  static override styles = [
    formStyles,
    css`
      label { display: flex; gap: 0.5rem; align-items: center; }
      .hint { margin: 0.25rem 0 0; font-size: 0.85rem; color: var(--dialog-muted); }
    `,
  ];

  @consume({ context: servicesContext })
  @state()
  services?: Services;

  readonly #session = new ChangeController(this, () => this.services?.session);
  readonly #saving = new FormTask(this);

  /** Whether the server offers a relay; undefined while asking. */
  @state() private available: boolean | undefined;
  protected readonly language = localized(this);
  #asked = false;

  protected override willUpdate(): void {
    const signaling = this.services?.signaling;
    if (this.#asked || !signaling) return;
    this.#asked = true;
    signaling.relayAvailable().then(
      (available) => {
        this.available = available ?? false;
      },
      (err: unknown) => {
        console.warn('dialog: could not ask the server about its relay', err);
        this.available = false;
      },
    );
  }

  override render() {
    const user = this.#session.source?.user;
    if (!user) return nothing;
    const unavailable = this.available === false;
    return html`
      <label>
        <input
          type="checkbox"
          .checked=${user.relayOnly}
          ?disabled=${this.#saving.busy || this.available !== true}
          aria-describedby="relay-hint"
          @change=${this.#toggle}
        />${t('relay.label')}
      </label>
      <p class="hint" id="relay-hint">
        ${unavailable ? t('relay.unavailable') : this.available === undefined ? t('relay.asking') : t('relay.hint')}
      </p>
      ${formAlert(this.#saving.message)}
      <p role="status" class="hint">${this.#saving.status}</p>
    `;
  }

  #toggle = async (event: Event): Promise<void> => {
    const input = event.target as HTMLInputElement;
    const profile = this.services?.profile;
    if (!profile) return;
    await this.#saving.run(async () => {
      const user = await profile.update({ relayOnly: input.checked });
      return t(user.relayOnly ? 'relay.hidden' : 'relay.direct');
    });
    // The box shows what is saved, not the click: unticked again when saving failed.
    input.checked = this.#session.source?.user?.relayOnly === true;
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'relay-setting': RelaySetting;
  }
}
