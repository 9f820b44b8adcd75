import { consume } from '@lit/context';
import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { loginSchema } from '../../shared/protocol.ts';
import { describeFailure, field, formAlert, formStyles } from '../components/form-fields.ts';
import { servicesContext } from '../context.ts';
import { FormTask } from '../controllers/form-task.ts';
import { t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';
import { ApiRequestError } from '../services/api-client.ts';
import type { Services } from '../services/services.ts';
import { pageStyles } from './page-styles.ts';

/** Log in with username and password. On success the app shell takes the person where they were going. */
@customElement('login-page')
export class LoginPage extends LitElement {
  static override styles = [pageStyles, formStyles, css`form { margin-bottom: 1.5rem; }`];

  @consume({ context: servicesContext })
  @state()
  services?: Services;

  readonly #form = new FormTask(this, (err) =>
    // Wrong password and unknown user get one answer; it belongs with the password the person just typed.
    err instanceof ApiRequestError && err.code === 'BAD_CREDENTIALS'
      ? { fields: { password: err.message }, message: '' }
      : describeFailure(err, ['username', 'password']),
  );
  protected readonly language = localized(this);

  override render() {
    const next = this.services?.router.url.searchParams.get('next');
    const register = next ? `/register?next=${encodeURIComponent(next)}` : '/register';
    return html`
      <h1>${t('login.heading')}</h1>
      <form @submit=${this.#submit} novalidate>
        ${field({ name: 'username', label: t('login.username'), autocomplete: 'username', error: this.#form.fields.username })}
        ${field({
          name: 'password',
          label: t('login.password'),
          type: 'password',
          autocomplete: 'current-password',
          error: this.#form.fields.password,
        })}
        ${formAlert(this.#form.message)}
        <div><button class="primary" type="submit" ?disabled=${this.#form.busy}>${t('login.submit')}</button></div>
      </form>
      <p>${t('login.new')} <a href=${register}>${t('login.createAccount')}</a></p>
    `;
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const services = this.services;
    if (!services) return;
    const data = new FormData(event.target as HTMLFormElement);
    const parsed = loginSchema.safeParse({ username: data.get('username'), password: data.get('password') });
    if (!parsed.success) return this.#form.invalid(parsed.error);
    const { username, password } = parsed.data;
    await this.#form.run(() => services.session.login(username, password));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'login-page': LoginPage;
  }
}
