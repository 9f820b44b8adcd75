import { expect, waitUntil } from '@open-wc/testing';
import { html } from 'lit';
import '../../web/components/message-button.ts';
import type { MessageButton } from '../../web/components/message-button.ts';
import { createServices, fakeServer, json, mount } from './fake-server.ts';

const button = (el: MessageButton) => el.shadowRoot?.querySelector('button') as HTMLButtonElement;
const alertText = (el: MessageButton) => el.shadowRoot?.querySelector('[role="alert"]')?.textContent ?? '';

describe('message-button', () => {
  let server: ReturnType<typeof fakeServer>;
  afterEach(() => server?.restore());

  it('says it is opening while the server answers, then why it could not, and can be pressed again', async () => {
    let answer!: (response: Response) => void;
    server = fakeServer(() => new Promise<Response>((resolve) => (answer = resolve)));
    const person = { username: 'bob', displayName: 'Bob Stone' };
    const el = await mount<MessageButton>(createServices(), html`<message-button .person=${person}></message-button>`);
    expect(button(el).getAttribute('aria-label')).to.equal('Message Bob Stone');

    button(el).click();
    await el.updateComplete;
    expect([button(el).textContent, button(el).disabled]).to.deep.equal(['Opening…', true]);
    button(el).click();
    expect(server.requests.length, 'a second press while opening asks nobody').to.equal(1);

    answer(json(403, { code: 'FORBIDDEN', message: 'Bob does not take messages from you.' }));
    await waitUntil(() => alertText(el), 'the failure is shown');
    expect(alertText(el)).to.equal('Could not open the conversation: Bob does not take messages from you.');
    expect([button(el).textContent, button(el).disabled]).to.deep.equal(['Message', false]);
    const request = server.requests[0];
    expect([request?.method, request?.path, JSON.parse(String(request?.body))]).to.deep.equal([
      'POST',
      '/api/conversations',
      { username: 'bob' },
    ]);
  });
});
