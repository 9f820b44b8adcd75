import { consume } from '@lit/context';
import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { LIMITS, registerSchema } from '../../shared/protocol.ts';
import { describeFailure, field, formAlert, formStyles } from '../components/form-fields.ts';
import { servicesContext } from '../context.ts';
import { FormTask } from '../controllers/form-task.ts';
import { t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';
import { ApiRequestError } from '../services/api-client.ts';
import type { Services } from '../services/services.ts';
import { pageStyles } from './page-styles.ts';

const FIELDS = ['username', 'password', 'email'] as const;

/** Create an account (username, password, optional email); it logs the person in at once. */
@customElement('register-page')
export class RegisterPage extends LitElement {
  static override styles = [pageStyles, formStyles, css`form { margin-bottom: 1.5rem; }`];

  @consume({ context: servicesContext })
  @state()
  services?: Services;

  readonly #form = new FormTask(this, (err) =>
    err instanceof ApiRequestError && err.code === 'USERNAME_TAKEN'
      ? { fields: { username: err.message }, message: '' }
      : describeFailure(err, FIELDS),
  );
  protected readonly language = localized(this);

  override render() {
    const next = this.services?.router.url.searchParams.get('next');
    const login = next ? `/login?next=${encodeURIComponent(next)}` : '/login';
    return html`
      <h1>${t('register.heading')}</h1>
      <form @submit=${this.#submit} novalidate>
        ${field({
          name: 'username',
          label: t('login.username'),
          autocomplete: 'username',
          hint: t('register.usernameHint', LIMITS.usernameMin, LIMITS.usernameMax),
          error: this.#form.fields.username,
        })}
        ${field({
          name: 'password',
          label: t('login.password'),
          type: 'password',
          autocomplete: 'new-password',
          hint: t('register.passwordHint', LIMITS.passwordMinBytes, LIMITS.passwordMaxBytes),
          error: this.#form.fields.password,
        })}
        ${field({
          name: 'email',
          label: t('register.email'),
          type: 'email',
          autocomplete: 'email',
          error: this.#form.fields.email,
        })}
        ${formAlert(this.#form.message)}
        <div><button class="primary" type="submit" ?disabled=${this.#form.busy}>${t('register.submit')}</button></div>
      </form>
      <p>${t('register.haveAccount')} <a href=${login}>${t('register.login')}</a></p>
    `;
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const services = this.services;
    if (!services) return;
    const data = new FormData(event.target as HTMLFormElement);
    const email = String(data.get('email') ?? '').trim();
    const request = { username: data.get('username'), password: data.get('password'), ...(email ? { email } : {}) };
    const parsed = registerSchema.safeParse(request);
    if (!parsed.success) return this.#form.invalid(parsed.error);
    await this.#form.run(() => services.session.register(parsed.data));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'register-page': RegisterPage;
  }
}
