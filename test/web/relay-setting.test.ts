import { expect, waitUntil } from '@open-wc/testing';
import { html } from 'lit';
import '../../web/components/relay-setting.ts';
import type { RelaySetting } from '../../web/components/relay-setting.ts';
import type { Services } from '../../web/services/services.ts';
import { createServices, fakeServer, json, mount, selfUser } from './fake-server.ts';

const root = (el: RelaySetting) => el.shadowRoot as ShadowRoot;
const checkbox = (el: RelaySetting) => root(el).querySelector('input[type="checkbox"]') as HTMLInputElement;
const text = (el: RelaySetting) => root(el).textContent?.replace(/\s+/g, ' ') ?? '';

describe('relay-setting', () => {
  let server: ReturnType<typeof fakeServer>;
  let services: Services;
  afterEach(() => server?.restore());

  /** The setting for Ann, on a server that does or does not offer a relay (its ice:servers answer). */
  async function open(relay: boolean, relayOnly = false): Promise<RelaySetting> {
    services = createServices();
    services.session.replaceUser(selfUser({ relayOnly }));
    // Stands in for the server's ice:servers answer (a socket the component tests do not open).
    services.signaling.relayAvailable = async () => relay;
    const el = await mount<RelaySetting>(services, html`<relay-setting></relay-setting>`);
    await waitUntil(() => !text(el).includes('Asking the server'), 'the server was asked about its relay');
    return el;
  }

  it('is unavailable, saying why, when the server has no relay', async () => {
    server = fakeServer(() => json(500, {}));
    const el = await open(false);
    const box = checkbox(el);
    expect(box.disabled).to.equal(true);
    expect(box.labels?.[0]?.textContent?.trim()).to.equal('Hide my network address from others');
    expect(text(el)).to.contain('Unavailable: this server has no relay (TURN)');
    expect(server.requests).to.deep.equal([]);
  });

  it('saves "Hide my network address from others" in the profile when ticked', async () => {
    server = fakeServer(() => json(200, { user: selfUser({ relayOnly: true }) }));
    const el = await open(true);
    const box = checkbox(el);
    expect(box.disabled).to.equal(false);
    expect(box.checked).to.equal(false);
    box.click();
    await waitUntil(() => services.session.user?.relayOnly === true, 'the saved profile came back');
    const request = server.requests[0];
    expect([request?.method, request?.path]).to.deep.equal(['PATCH', '/api/profile']);
    expect(JSON.parse(String(request?.body))).to.deep.equal({ relayOnly: true });
    await waitUntil(() => text(el).includes('Your network address is hidden from now on.'));
  });

  it('unticks again when saving fails, and says why', async () => {
    server = fakeServer(() => json(429, { code: 'RATE_LIMITED', message: 'Slow down.' }));
    const el = await open(true);
    checkbox(el).click();
    await waitUntil(() => root(el).querySelector('[role="alert"]'), 'the failure is shown');
    expect(checkbox(el).checked).to.equal(false);
    expect(services.session.user?.relayOnly).to.equal(false);
  });
});
