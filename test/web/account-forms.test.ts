import { expect, waitUntil } from '@open-wc/testing';
import { html } from 'lit';
import '../../web/pages/login-page.ts';
import type { LoginPage } from '../../web/pages/login-page.ts';
import '../../web/pages/register-page.ts';
import type { RegisterPage } from '../../web/pages/register-page.ts';
import type { Services } from '../../web/services/services.ts';
import { createServices, fakeServer, json, mount, selfUser } from './fake-server.ts';

function fill(page: HTMLElement, name: string, value: string): void {
  const input = (page.shadowRoot as ShadowRoot).querySelector(`[name="${name}"]`) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new InputEvent('input'));
}

async function submit(page: RegisterPage | LoginPage): Promise<void> {
  const button = (page.shadowRoot as ShadowRoot).querySelector('button[type="submit"]') as HTMLButtonElement;
  button.click();
  await page.updateComplete;
}

/** The error shown for a field, found the way assistive technology finds it: through aria-describedby. */
function fieldError(page: HTMLElement, name: string): { invalid: string | null; text: string | undefined } {
  const root = page.shadowRoot as ShadowRoot;
  const input = root.querySelector(`[name="${name}"]`) as HTMLInputElement;
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  const error = ids.map((id) => root.getElementById(id)).find((el) => el?.getAttribute('role') === 'alert');
  return { invalid: input.getAttribute('aria-invalid'), text: error?.textContent?.trim() };
}

describe('register-page', () => {
  let server: ReturnType<typeof fakeServer>;
  let services: Services;
  afterEach(() => server.restore());

  it("shows the server's field errors at the fields they are about", async () => {
    const tooLong = 'too long: at most 72 bytes of UTF-8 (accented letters and emoji take 2–4 bytes each)';
    server = fakeServer(() =>
      json(400, { code: 'INVALID', message: 'Check the form.', fields: { password: tooLong, email: 'not allowed' } }),
    );
    services = createServices();
    const page = await mount<RegisterPage>(services, html`<register-page></register-page>`);
    fill(page, 'username', 'ann');
    fill(page, 'password', 'correct horse battery');
    fill(page, 'email', 'ann@example.org');
    await submit(page);
    await waitUntil(() => fieldError(page, 'password').text, 'the password error appeared');

    expect(fieldError(page, 'password')).to.deep.equal({ invalid: 'true', text: tooLong });
    expect(fieldError(page, 'email')).to.deep.equal({ invalid: 'true', text: 'not allowed' });
    expect(fieldError(page, 'username')).to.deep.equal({ invalid: 'false', text: undefined });
    // The fields say it all; no second, vaguer message.
    expect((page.shadowRoot as ShadowRoot).querySelector('.form-error')).to.equal(null);

    const [request] = server.requests;
    expect(request?.method).to.equal('POST');
    expect(request?.path).to.equal('/api/auth/register');
    expect(request?.headers.get('content-type')).to.equal('application/json');
    expect(JSON.parse(String(request?.body))).to.deep.equal({
      username: 'ann',
      password: 'correct horse battery',
      email: 'ann@example.org',
    });
    expect(services.session.user).to.equal(null);
  });

  it('puts USERNAME_TAKEN at the username field', async () => {
    server = fakeServer(() => json(409, { code: 'USERNAME_TAKEN', message: 'That username is taken.' }));
    services = createServices();
    const page = await mount<RegisterPage>(services, html`<register-page></register-page>`);
    fill(page, 'username', 'ann');
    fill(page, 'password', 'correct horse battery');
    await submit(page);
    await waitUntil(() => fieldError(page, 'username').text, 'the username error appeared');
    expect(fieldError(page, 'username')).to.deep.equal({ invalid: 'true', text: 'That username is taken.' });
    expect(JSON.parse(String(server.requests[0]?.body))).to.not.have.property('email');
  });

  it('explains a password that is too long in bytes before asking the server', async () => {
    server = fakeServer(() => json(500, { code: 'INTERNAL', message: 'should not be asked' }));
    services = createServices();
    const page = await mount<RegisterPage>(services, html`<register-page></register-page>`);
    fill(page, 'username', 'ann');
    fill(page, 'password', 'é'.repeat(37)); // 37 characters, 74 bytes
    await submit(page);
    expect(fieldError(page, 'password').text).to.contain('72 bytes');
    expect(server.requests).to.have.length(0);
  });

  it('logs the new person in', async () => {
    server = fakeServer(() => json(201, { user: selfUser({ displayName: 'ann' }) }));
    services = createServices();
    const page = await mount<RegisterPage>(services, html`<register-page></register-page>`);
    fill(page, 'username', 'Ann');
    fill(page, 'password', 'correct horse battery');
    await submit(page);
    await waitUntil(() => services.session.user, 'the session has the new person');
    expect(services.session.user?.username).to.equal('ann');
  });
});

describe('login-page', () => {
  let server: ReturnType<typeof fakeServer>;
  afterEach(() => server.restore());

  it('puts BAD_CREDENTIALS at the password field', async () => {
    server = fakeServer(() => json(401, { code: 'BAD_CREDENTIALS', message: 'Wrong username or password.' }));
    const page = await mount<LoginPage>(createServices(), html`<login-page></login-page>`);
    fill(page, 'username', 'ann');
    fill(page, 'password', 'nope nope nope');
    await submit(page);
    await waitUntil(() => fieldError(page, 'password').text, 'the password error appeared');
    expect(fieldError(page, 'password')).to.deep.equal({ invalid: 'true', text: 'Wrong username or password.' });
  });

  it('says how long to wait when rate limited', async () => {
    server = fakeServer(() =>
      json(429, { code: 'RATE_LIMITED', message: 'Too many attempts.' }, { 'Retry-After': '120' }),
    );
    const page = await mount<LoginPage>(createServices(), html`<login-page></login-page>`);
    fill(page, 'username', 'ann');
    fill(page, 'password', 'nope nope nope');
    await submit(page);
    const root = page.shadowRoot as ShadowRoot;
    await waitUntil(() => root.querySelector('.form-error[role="alert"]'), 'the form-wide alert appeared');
    expect(root.querySelector('.form-error')?.textContent).to.equal('Too many attempts. Try again in 2 minutes.');
  });

  it('asks for both fields before calling the server', async () => {
    server = fakeServer(() => json(500, { code: 'INTERNAL', message: 'should not be asked' }));
    const page = await mount<LoginPage>(createServices(), html`<login-page></login-page>`);
    await submit(page);
    expect(fieldError(page, 'username').text).to.equal('enter your username');
    expect(fieldError(page, 'password').text).to.equal('enter your password');
    expect(server.requests).to.have.length(0);
  });
});
