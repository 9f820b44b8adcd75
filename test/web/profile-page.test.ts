import { expect, waitUntil } from '@open-wc/testing';
import { html } from 'lit';
import '../../web/pages/profile-page.ts';
import type { ProfilePage } from '../../web/pages/profile-page.ts';
import type { Services } from '../../web/services/services.ts';
import { createServices, fakeServer, json, mount, selfUser } from './fake-server.ts';

const PIXEL_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
/** A 1×1 PNG. */
const PIXEL = Uint8Array.from(atob(PIXEL_BASE64), (c) => c.charCodeAt(0));
/** Stands in for the server's avatar URL, so the test page loads no image from the network. */
const AVATAR_URL = `data:image/png;base64,${PIXEL_BASE64}`;

/** Chooses `file` in the "Choose a picture" input, as the file dialog would. */
function choose(page: ProfilePage, file: File): void {
  const input = (page.shadowRoot as ShadowRoot).querySelector('input[type="file"]') as HTMLInputElement;
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

const q = (page: ProfilePage, selector: string) => (page.shadowRoot as ShadowRoot).querySelector(selector);

describe('profile-page picture', () => {
  let server: ReturnType<typeof fakeServer>;
  let services: Services;
  afterEach(() => server.restore());

  async function open(): Promise<ProfilePage> {
    services = createServices();
    services.session.replaceUser(selfUser());
    return mount<ProfilePage>(services, html`<profile-page></profile-page>`);
  }

  it('previews the chosen picture, uploads it as multipart "avatar", then shows the new one', async () => {
    const uploaded = selfUser({ avatarUrl: AVATAR_URL });
    server = fakeServer(() => json(200, { user: uploaded }));
    const page = await open();
    expect(q(page, 'user-avatar')?.getAttribute('name')).to.equal('Ann Lee');

    choose(page, new File([PIXEL], 'me.png', { type: 'image/png' }));
    await waitUntil(() => q(page, 'img[alt="Preview of your new picture"]'), 'the preview appeared');
    const preview = q(page, 'img[alt="Preview of your new picture"]') as HTMLImageElement;
    expect(preview.src).to.match(/^blob:/);
    expect(server.requests).to.have.length(0);

    (q(page, 'form.picture button[type="submit"]') as HTMLButtonElement).click();
    await waitUntil(() => q(page, 'form.picture [role="status"]')?.textContent === 'Picture updated.');
    expect(q(page, 'img[alt="Preview of your new picture"]')).to.equal(null);
    expect(services.session.user?.avatarUrl).to.equal(AVATAR_URL);
    expect(q(page, 'user-avatar')?.shadowRoot?.querySelector('img')?.getAttribute('src')).to.equal(AVATAR_URL);

    expect(server.requests).to.have.length(1);
    const request = server.requests[0] as (typeof server.requests)[number];
    expect(request.method).to.equal('PUT');
    expect(request.path).to.equal('/api/profile/avatar');
    const sent = (request.body as FormData).get('avatar') as File;
    expect(sent.name).to.equal('me.png');
    expect(sent.size).to.equal(PIXEL.length);
  });

  it("shows the server's refusal at the picture field", async () => {
    server = fakeServer(() =>
      json(400, { code: 'INVALID', message: 'That is not a picture.', fields: { avatar: 'That is not a picture.' } }),
    );
    const page = await open();
    choose(page, new File([PIXEL], 'me.png', { type: 'image/png' }));
    await waitUntil(() => q(page, 'img[alt="Preview of your new picture"]'), 'the preview appeared');
    (q(page, 'form.picture button[type="submit"]') as HTMLButtonElement).click();
    await waitUntil(() => q(page, '#avatar-error'), 'the error appeared');
    expect(q(page, '#avatar-error')?.textContent).to.equal('That is not a picture.');
    expect(q(page, '#avatar')?.getAttribute('aria-invalid')).to.equal('true');
    expect(q(page, '#avatar')?.getAttribute('aria-describedby')).to.contain('avatar-error');
  });

  it('refuses a file typed as PNG that cannot be read as a picture: no broken preview, Upload stays off', async () => {
    server = fakeServer(() => json(500, { code: 'INTERNAL', message: 'should not be asked' }));
    const page = await open();
    choose(page, new File([PIXEL.slice(0, 20)], 'broken.png', { type: 'image/png' }));
    await waitUntil(() => q(page, '#avatar-error'), 'the error appeared');
    expect(q(page, '#avatar-error')?.textContent).to.equal(
      'This file cannot be read as a picture. Choose another one.',
    );
    expect(q(page, 'img[alt="Preview of your new picture"]')).to.equal(null);
    expect((q(page, 'form.picture button[type="submit"]') as HTMLButtonElement).disabled).to.equal(true);
    expect(server.requests).to.have.length(0);
  });

  it('refuses SVG and files over 5 MB before uploading anything', async () => {
    server = fakeServer(() => json(500, { code: 'INTERNAL', message: 'should not be asked' }));
    const page = await open();
    choose(page, new File(['<svg xmlns="http://www.w3.org/2000/svg"/>'], 'x.svg', { type: 'image/svg+xml' }));
    await page.updateComplete;
    expect(q(page, '#avatar-error')?.textContent).to.contain('PNG, JPEG, WebP or GIF');

    choose(page, new File([new Uint8Array(5 * 1024 * 1024 + 1)], 'huge.png', { type: 'image/png' }));
    await page.updateComplete;
    expect(q(page, '#avatar-error')?.textContent).to.contain('the limit is 5.0 MB');
    expect(q(page, 'img[alt="Preview of your new picture"]')).to.equal(null);
    expect((q(page, 'form.picture button[type="submit"]') as HTMLButtonElement).disabled).to.equal(true);
    expect(server.requests).to.have.length(0);
  });
});

describe('profile-page details', () => {
  let server: ReturnType<typeof fakeServer>;
  afterEach(() => server.restore());

  it('saves display name and about, and shows field errors from the server', async () => {
    server = fakeServer(() =>
      json(400, { code: 'INVALID', message: 'Check the form.', fields: { about: 'at most 500 characters' } }),
    );
    const services = createServices();
    services.session.replaceUser(selfUser({ displayName: 'ann', username: 'ann' }));
    const page = await mount<ProfilePage>(services, html`<profile-page></profile-page>`);
    const name = q(page, '#displayName') as HTMLInputElement;
    expect(name.value).to.equal('', 'a display name equal to the username shows as empty');
    name.value = 'Ann Lee';
    name.dispatchEvent(new InputEvent('input'));
    await page.updateComplete;
    expect(q(page, '#displayName-counter')?.textContent?.trim()).to.equal('7 / 50');

    (q(page, 'form button[type="submit"]') as HTMLButtonElement).click();
    await waitUntil(() => q(page, '#about-error'), 'the about error appeared');
    expect(q(page, '#about-error')?.textContent).to.equal('at most 500 characters');
    expect(JSON.parse(String(server.requests[0]?.body))).to.deep.equal({
      displayName: 'Ann Lee',
      email: '',
      about: '',
    });
    expect(server.requests[0]?.method).to.equal('PATCH');
  });
});
