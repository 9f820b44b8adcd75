import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import {
  AVATAR_LIMITS,
  changePasswordSchema,
  LIMITS,
  profilePatchSchema,
  type SelfUser,
} from '../../shared/protocol.ts';
import { describeFailure, field, formAlert, formStyles } from '../components/form-fields.ts';
import '../components/alert-settings.ts';
import '../components/relay-setting.ts';
import '../components/user-avatar.ts';
import { servicesContext } from '../context.ts';
import { ChangeController } from '../controllers/emitter-controller.ts';
import { type Failure, FormTask } from '../controllers/form-task.ts';
import { locale, t } from '../i18n/locale.ts';
import { localized } from '../i18n/localized.ts';
import type { Services } from '../services/services.ts';
import { pageStyles } from './page-styles.ts';

/** The formats a browser can preview and the server re-encodes; SVG is refused (it can carry script). */
const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

const megabytes = (bytes: number) =>
  t(
    'profile.megabytes',
    (bytes / 1024 / 1024).toLocaleString(locale.tag, { maximumFractionDigits: 1, minimumFractionDigits: 1 }),
  );

/** Checks a chosen picture before uploading it; returns what is wrong, or ''. */
export function avatarProblem(file: File): string {
  if (!AVATAR_TYPES.includes(file.type)) return t('profile.wrongType');
  if (file.size > AVATAR_LIMITS.maxBytes) {
    return t('profile.tooBig', megabytes(file.size), megabytes(AVATAR_LIMITS.maxBytes));
  }
  return '';
}

/**
 * Whether the browser can decode `file` as a picture: '' if it can, else what to tell the person. A file named and
 * typed as a PNG may still be something else; it would show as a broken preview and the server would refuse it.
 */
async function unreadablePicture(file: File): Promise<string> {
  try {
    (await createImageBitmap(file)).close();
    return '';
  } catch {
    return t('profile.unreadable');
  }
}

/** Whatever the server says about an upload is about the chosen file. */
function pictureRefusal(err: unknown): Failure {
  const { fields, message } = describeFailure(err, []);
  return { fields: { ...fields, avatar: message }, message: '' };
}

/** My profile: display name, email and about; the avatar picture (with a preview before upload); the password. */
@customElement('profile-page')
export class ProfilePage extends LitElement {
  static override styles = [
    pageStyles,
    formStyles,
    css`
      .picture { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
      figure { margin: 0; display: grid; gap: 0.4rem; justify-items: center; font-size: 0.85rem; color: var(--dialog-muted); }
      .preview { width: 6rem; height: 6rem; border-radius: 50%; object-fit: cover; border: 2px dashed var(--dialog-control-border); }
      .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; }
      input[type='file'] { padding: 0.3rem; }
    `,
  ];

  @consume({ context: servicesContext })
  @state()
  services?: Services;

  readonly #session = new ChangeController(this, () => this.services?.session);
  protected readonly language = localized(this);

  @state() private displayName = '';
  @state() private email = '';
  @state() private about = '';
  readonly #profile = new FormTask(this, (err) => describeFailure(err, ['displayName', 'email', 'about']));
  readonly #avatar = new FormTask(this);
  readonly #password = new FormTask(this, (err) => describeFailure(err, ['currentPassword', 'newPassword']));
  /** The chosen picture and its object URL, until it is uploaded or dropped. */
  @state() private chosen: { file: File; url: string } | undefined;
  #loadedFor: SelfUser | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#drop();
  }

  protected override willUpdate(): void {
    // Fill the form once from the session's copy of the person (it is there before the page is shown).
    const user = this.#session.source?.user;
    if (user && !this.#loadedFor) this.#fill(user);
  }

  override render() {
    const user = this.#session.source?.user;
    if (!user) return nothing;
    return html`
      <h1>${t('profile.heading')}</h1>
      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">${t('profile.profile')}</h2>
        ${this.#profileForm(user)}
      </section>
      <section aria-labelledby="picture-heading">
        <h2 id="picture-heading">${t('profile.picture')}</h2>
        ${this.#avatarForm(user)}
      </section>
      <section aria-labelledby="privacy-heading">
        <h2 id="privacy-heading">${t('profile.privacy')}</h2>
        <relay-setting></relay-setting>
      </section>
      <section aria-labelledby="alerts-heading">
        <h2 id="alerts-heading">${t('profile.notifications')}</h2>
        <alert-settings></alert-settings>
      </section>
      <section aria-labelledby="password-heading">
        <h2 id="password-heading">${t('profile.password')}</h2>
        ${this.#passwordForm()}
      </section>
    `;
  }

  #profileForm(user: SelfUser) {
    const f = this.#profile;
    return html`
      <form @submit=${this.#saveProfile} novalidate>
        <p class="muted">${t('profile.usernameBefore')} <strong>${user.username}</strong>${t('profile.usernameAfter')}</p>
        ${field({
          name: 'displayName',
          label: t('profile.displayName'),
          autocomplete: 'nickname',
          value: this.displayName,
          hint: t('profile.displayNameHint'),
          counter: { length: this.displayName.trim().length, max: LIMITS.displayNameChars },
          error: f.fields.displayName,
          onInput: (v) => (this.displayName = v),
        })}
        ${field({
          name: 'email',
          label: t('profile.email'),
          type: 'email',
          autocomplete: 'email',
          value: this.email,
          error: f.fields.email,
          onInput: (v) => (this.email = v),
        })}
        ${field({
          name: 'about',
          label: t('profile.about'),
          rows: 4,
          value: this.about,
          counter: { length: this.about.trim().length, max: LIMITS.aboutChars },
          error: f.fields.about,
          onInput: (v) => (this.about = v),
        })}
        ${formAlert(f.message)}
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${f.busy}>${t('profile.save')}</button>
        </div>
        <p role="status">${f.status}</p>
      </form>
    `;
  }

  #avatarForm(user: SelfUser) {
    const f = this.#avatar;
    const problem = f.fields.avatar;
    return html`
      <form class="picture" @submit=${this.#upload} novalidate>
        <figure>
          <user-avatar size="large" name=${user.displayName} .src=${user.avatarUrl}></user-avatar>
          <figcaption>${t('profile.now')}</figcaption>
        </figure>
        ${
          this.chosen
            ? html`<figure>
              <img class="preview" src=${this.chosen.url} alt=${t('profile.preview')} />
              <figcaption>${t('profile.new')}</figcaption>
            </figure>`
            : nothing
        }
        <div class="field">
          <label for="avatar">${t('profile.choose')}</label>
          <input
            id="avatar"
            name="avatar"
            type="file"
            accept=${AVATAR_TYPES.join(',')}
            aria-invalid=${problem ? 'true' : 'false'}
            aria-describedby=${problem ? 'avatar-hint avatar-error' : 'avatar-hint'}
            @change=${this.#choose}
          />
          <p id="avatar-hint" class="hint">${t('profile.pictureHint', megabytes(AVATAR_LIMITS.maxBytes))}</p>
          ${problem ? html`<p id="avatar-error" class="error" role="alert">${problem}</p>` : nothing}
          ${formAlert(f.message)}
          <div class="actions">
            <button class="primary" type="submit" ?disabled=${!this.chosen || f.busy}>${t('profile.upload')}</button>
            ${
              user.avatarUrl
                ? html`<button type="button" ?disabled=${f.busy} @click=${this.#removeAvatar}>${t('profile.remove')}</button>`
                : nothing
            }
          </div>
          <p role="status">${f.status}</p>
        </div>
      </form>
    `;
  }

  #passwordForm() {
    const f = this.#password;
    return html`
      <form @submit=${this.#changePassword} novalidate>
        <input type="text" name="username" autocomplete="username" hidden .value=${this.#loadedFor?.username ?? ''} />
        ${field({
          name: 'currentPassword',
          label: t('profile.currentPassword'),
          type: 'password',
          autocomplete: 'current-password',
          error: f.fields.currentPassword,
        })}
        ${field({
          name: 'newPassword',
          label: t('profile.newPassword'),
          type: 'password',
          autocomplete: 'new-password',
          hint: t('profile.newPasswordHint', LIMITS.passwordMinBytes, LIMITS.passwordMaxBytes),
          error: f.fields.newPassword,
        })}
        ${formAlert(f.message)}
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${f.busy}>${t('profile.changePassword')}</button>
        </div>
        <p role="status">${f.status}</p>
      </form>
    `;
  }

  #fill(user: SelfUser): void {
    this.#loadedFor = user;
    // The server reports the username when no display name is set; the field then stays empty.
    this.displayName = user.displayName === user.username ? '' : user.displayName;
    this.email = user.email ?? '';
    this.about = user.about;
  }

  #saveProfile = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const services = this.services;
    if (!services) return;
    const parsed = profilePatchSchema.safeParse({
      displayName: this.displayName,
      email: this.email,
      about: this.about,
    });
    if (!parsed.success) return this.#profile.invalid(parsed.error);
    await this.#profile.run(async () => {
      this.#fill(await services.profile.update(parsed.data));
      return t('profile.saved');
    });
  };

  #choose = async (event: Event): Promise<void> => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    this.#drop();
    if (!file) return this.#avatar.clear();
    const problem = avatarProblem(file) || (await unreadablePicture(file));
    // Another file was chosen while this one was being read: that one's answer counts.
    if (input.files?.[0] !== file) return;
    if (problem) {
      input.value = '';
      return this.#avatar.clear({ avatar: problem });
    }
    this.chosen = { file, url: URL.createObjectURL(file) };
    this.#avatar.clear();
  };

  #upload = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const services = this.services;
    const chosen = this.chosen;
    if (!services || !chosen) return;
    // Read before awaiting: once dispatch ends, an event from a shadow tree no longer has a target.
    const form = event.target as HTMLFormElement;
    await this.#avatar.run(
      async () => {
        await services.profile.uploadAvatar(chosen.file);
        this.#drop();
        form.reset();
        return t('profile.uploaded');
      },
      { describe: pictureRefusal },
    );
  };

  #removeAvatar = async (): Promise<void> => {
    const services = this.services;
    if (!services) return;
    await this.#avatar.run(async () => {
      await services.profile.removeAvatar();
      return t('profile.removed');
    });
  };

  #changePassword = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const services = this.services;
    if (!services) return;
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const parsed = changePasswordSchema.safeParse({
      currentPassword: data.get('currentPassword'),
      newPassword: data.get('newPassword'),
    });
    if (!parsed.success) return this.#password.invalid(parsed.error);
    await this.#password.run(async () => {
      await services.session.changePassword(parsed.data.currentPassword, parsed.data.newPassword);
      form.reset();
      return t('profile.passwordChanged');
    });
  };

  #drop(): void {
    if (this.chosen) URL.revokeObjectURL(this.chosen.url);
    this.chosen = undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'profile-page': ProfilePage;
  }
}
