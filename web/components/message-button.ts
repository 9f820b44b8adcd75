import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { UserSummary } from '../../shared/protocol.ts';
import { servicesContext } from '../context.ts';
import { FormTask } from '../controllers/form-task.ts';
import { t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';
import type { Services } from '../services/services.ts';

/**
 * "Message": opens the private conversation with exactly this person (the one the two already have, else a new
 * one) and shows it. The one way every page (People, a profile, a room's people list) starts a conversation.
 */
@customElement('message-button')
export class MessageButton extends LitElement {
  static override styles = css`
    :host { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; }
    button { font: inherit; padding: 0.3rem 0.8rem; border-radius: 6px; border: 0; background: var(--dialog-accent); color: var(--dialog-on-accent); cursor: pointer; }
    button[disabled] { opacity: 0.6; }
    [role='alert'] { color: var(--dialog-danger); }
  `;

  @consume({ context: servicesContext })
  @state()
  services?: Services;

  /** Whom to talk to. */
  @property({ attribute: false }) person: Pick<UserSummary, 'username' | 'displayName'> | undefined;
  readonly #opening = new FormTask(this, (err) => ({
    fields: {},
    message: t('messageButton.failed', (err as Error).message),
  }));
  protected readonly language = localized(this);

  override render() {
    const person = this.person;
    if (!person) return nothing;
    return html`<button
        type="button"
        aria-label=${t('messageButton.label', person.displayName)}
        ?disabled=${this.#opening.busy}
        @click=${() => this.#open(person)}
      >${this.#opening.busy ? t('messageButton.opening') : t('messageButton.message')}</button>${
        this.#opening.message ? html`<span role="alert">${this.#opening.message}</span>` : nothing
      }`;
  }

  async #open(person: Pick<UserSummary, 'username' | 'displayName'>): Promise<void> {
    const services = this.services;
    if (!services) return;
    await this.#opening.run(async () => {
      const roomId = await services.rooms.startConversation(person);
      services.router.navigate(`/rooms/${encodeURIComponent(roomId)}`);
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'message-button': MessageButton;
  }
}
