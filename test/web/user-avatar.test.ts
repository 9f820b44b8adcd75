import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { initials, type UserAvatar } from '../../web/components/user-avatar.ts';
import '../../web/components/user-avatar.ts';

/** A 1×1 PNG, so the image really loads. */
const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const root = (el: UserAvatar) => el.shadowRoot as ShadowRoot;

describe('user-avatar', () => {
  it("shows initials with the person's name as its accessible name when there is no picture", async () => {
    const el = await fixture<UserAvatar>(html`<user-avatar name="Ann Lee"></user-avatar>`);
    const initialsEl = root(el).querySelector('[role="img"]') as HTMLElement;
    expect(initialsEl.getAttribute('aria-label')).to.equal('Ann Lee');
    expect(initialsEl.textContent?.trim()).to.equal('AL');
    expect(root(el).querySelector('img')).to.equal(null);
  });

  it('shows the picture with the name as its alt text', async () => {
    const el = await fixture<UserAvatar>(html`<user-avatar name="Bob" .src=${PIXEL}></user-avatar>`);
    const img = root(el).querySelector('img') as HTMLImageElement;
    expect(img.alt).to.equal('Bob');
    expect(img.getAttribute('src')).to.equal(PIXEL);
    expect(root(el).querySelector('[role="img"]')).to.equal(null);
  });

  it('falls back to initials when the picture cannot be loaded, and tries again for a new one', async () => {
    const el = await fixture<UserAvatar>(
      html`<user-avatar name="Cleo" src="data:image/png;base64,bm90IGFuIGltYWdl"></user-avatar>`,
    );
    await waitUntil(() => root(el).querySelector('[role="img"]'), 'the broken picture was replaced by initials');
    expect(root(el).querySelector('img')).to.equal(null);
    expect(root(el).querySelector('[role="img"]')?.textContent?.trim()).to.equal('C');
    el.src = PIXEL;
    await el.updateComplete;
    expect(root(el).querySelector('img')?.getAttribute('src')).to.equal(PIXEL);
  });

  it('is hidden from assistive technology when decorative', async () => {
    const el = await fixture<UserAvatar>(html`<user-avatar decorative name="Ann Lee"></user-avatar>`);
    const inner = root(el).querySelector('.initials') as HTMLElement;
    expect(inner.getAttribute('aria-hidden')).to.equal('true');
    expect(inner.hasAttribute('role')).to.equal(false);
    expect(inner.hasAttribute('aria-label')).to.equal(false);
  });

  it('takes initials from the first and last word, keeping whole characters', () => {
    expect(initials('ann')).to.equal('A');
    expect(initials('Ann Marie Lee')).to.equal('AL');
    expect(initials('bob.smith')).to.equal('BS');
    expect(initials('  élodie  ')).to.equal('É');
    expect(initials('😀 Party')).to.equal('😀P');
    expect(initials('')).to.equal('');
  });
});
