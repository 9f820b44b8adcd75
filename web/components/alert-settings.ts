import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { servicesContext } from '../context.ts';
import { ChangeController } from '../controllers/emitter-controller.ts';
import { FormTask } from '../controllers/form-task.ts';
import { t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';
import type { NotifyState } from '../services/alerts.ts';
import type { Services } from '../services/services.ts';
import { formStyles } from './form-fields.ts';

const NOTIFY_HINT = {
  on: 'alerts.on',
  off: 'alerts.off',
  blocked: 'alerts.blocked',
  unsupported: 'alerts.unsupported',
} as const satisfies Record<NotifyState, string>;

/**
 * The profile's alert settings: desktop notifications and a soft sound for personal messages and mentions while
 * the tab is in the background; both off until ticked, kept in this browser. Rooms are muted from the room itself.
 */
@customElement('alert-settings')
export class AlertSettings extends LitElement {
  static override styles = [
    formStyles,
    css`
      :host { display: grid; gap: 0.75rem; }
      label { display: flex; gap: 0.5rem; align-items: center; }
      .hint { margin: 0.25rem 0 0; }
    `,
  ];

  @consume({ context: servicesContext })
  @state()
  services?: Services;

  readonly #alerts = new ChangeController(this, () => this.services?.alerts);
  readonly #asking = new FormTask(this, (err) => {
    // Nothing to show: the hint already says whether notifications are on, off or blocked.
    console.warn('dialog: could not ask for notifications', err);
    return { fields: {}, message: '' };
  });
  protected readonly language = localized(this);

  override render() {
    const alerts = this.#alerts.source;
    if (!alerts) return nothing;
    const notify = alerts.notifications;
    return html`
      <div>
        <label>
          <input
            type="checkbox"
            .checked=${notify === 'on'}
            ?disabled=${this.#asking.busy || notify === 'unsupported'}
            aria-describedby="notify-hint"
            @change=${this.#toggleNotify}
          />${t('alerts.desktop')}
        </label>
        <p class="hint" id="notify-hint">${t(this.#asking.busy ? 'alerts.asking' : NOTIFY_HINT[notify])}</p>
      </div>
      <div>
        <label>
          <input
            type="checkbox"
            .checked=${alerts.sound}
            aria-describedby="sound-hint"
            @change=${(e: Event) => alerts.setSound((e.target as HTMLInputElement).checked)}
          />${t('alerts.sound')}
        </label>
        <p class="hint" id="sound-hint">${t('alerts.soundHint')}</p>
      </div>
    `;
  }

  #toggleNotify = async (event: Event): Promise<void> => {
    const alerts = this.#alerts.source;
    // Read before awaiting: once dispatch ends, an event from a shadow tree no longer has a target.
    const box = event.target as HTMLInputElement;
    if (!alerts) return;
    if (!box.checked) {
      alerts.disableNotifications();
      return;
    }
    await this.#asking.run(() => alerts.enableNotifications());
    // The box shows the outcome, not the click: unticked again when the browser said no.
    box.checked = alerts.notifications === 'on';
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'alert-settings': AlertSettings;
  }
}
