import { expect, fixture, html } from '@open-wc/testing';
import type { MemberList } from '../../web/components/member-list.ts';
import '../../web/components/member-list.ts';
import type { RoomPerson } from '../../web/services/room-session.ts';

const person = (
  displayName: string,
  connection: RoomPerson['connection'],
  route?: RoomPerson['route'],
): RoomPerson => ({
  user: { username: displayName.toLowerCase(), displayName, avatarUrl: null },
  peerIds: [`${displayName}-tab`],
  connection,
  tooFast: false,
  cutOff: false,
  route,
});

/** Each row's text, whitespace collapsed, as a person reads it (the row, then any hint below it). */
const rows = (el: MemberList) =>
  [...(el.shadowRoot as ShadowRoot).querySelectorAll('li')].map((li) =>
    [...li.children]
      .map((part) => part.textContent)
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );

describe('member-list', () => {
  it('says for each connected person whether the connection is direct or via the relay', async () => {
    const el = await fixture<MemberList>(
      html`<member-list
        .people=${[person('Ann', 'self'), person('Bob', 'connected', 'direct'), person('Cat', 'connected', 'relay')]}
      ></member-list>`,
    );
    expect(rows(el)).to.deep.equal(['Ann you', 'Bob connected · direct', 'Cat connected · via relay']);
  });

  it('says "connected" alone until the route is known, and "connecting…" before', async () => {
    const el = await fixture<MemberList>(
      html`<member-list .people=${[person('Bob', 'connected'), person('Cat', 'connecting')]}></member-list>`,
    );
    expect(rows(el)).to.deep.equal(['Bob connected', 'Cat connecting…']);
  });

  it('explains a failed connection when the server has no relay, and tells administrators what to set', async () => {
    const people = [person('Bob', 'failed')];
    const el = await fixture<MemberList>(html`<member-list .people=${people}></member-list>`);
    const reason = "Bob Can't reach Bob — neither network allows a direct connection and this server has no relay";
    expect(rows(el)).to.deep.equal([reason]);
    el.admin = true;
    await el.updateComplete;
    expect(rows(el)).to.deep.equal([
      `${reason} Ask: set TURN_URLS and TURN_SECRET on the server (see docs/self-hosting.md)`,
    ]);
  });

  it('says the relay could not connect either when one was offered', async () => {
    const el = await fixture<MemberList>(
      html`<member-list .people=${[person('Bob', 'failed')]} .relayOffered=${true}></member-list>`,
    );
    expect(rows(el)).to.deep.equal(["Bob Can't reach Bob — even the relay could not connect"]);
    expect(rows(el).join(' ')).not.to.contain('TURN_URLS');
  });

  it('says a person cut off for flooding is disconnected for now, with no advice about the network', async () => {
    const people = [{ ...person('Bob', 'failed'), tooFast: true, cutOff: true }];
    const el = await fixture<MemberList>(html`<member-list .people=${people} admin></member-list>`);
    expect(rows(el)).to.deep.equal(['Bob sending too fast disconnected for now']);
  });

  it('offers a private conversation with the chosen person in a room, not inside a conversation', async () => {
    const people = [person('Ann', 'self'), person('Bob', 'connected')];
    const el = await fixture<MemberList>(html`<member-list .people=${people} messaging></member-list>`);
    const root = el.shadowRoot as ShadowRoot;
    const messageButton = () => root.querySelector('message-button')?.shadowRoot?.querySelector('button');
    (root.querySelector('button.person') as HTMLButtonElement).click();
    await el.updateComplete;
    await (root.querySelector('message-button') as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    expect(messageButton()?.getAttribute('aria-label')).to.equal('Message Bob');
    el.messaging = false;
    await el.updateComplete;
    expect(messageButton()).to.equal(undefined);
  });

  it('refuses a personal message of 4,000 control characters with words, and sends one that fits', async () => {
    const el = await fixture<MemberList>(html`<member-list .people=${[person('Bob', 'connected')]}></member-list>`);
    const root = el.shadowRoot as ShadowRoot;
    (root.querySelector('button.person') as HTMLButtonElement).click();
    await el.updateComplete;
    const box = root.querySelector('textarea[aria-label="Personal message to Bob"]') as HTMLTextAreaElement;
    const send = root.querySelector('button[type="submit"]') as HTMLButtonElement;
    const sent: string[] = [];
    el.addEventListener('personal-message', (e) => sent.push((e as Event & { text: string }).text));
    const write = async (text: string) => {
      box.value = text;
      box.dispatchEvent(new InputEvent('input'));
      await el.updateComplete;
    };
    await write('\u0001'.repeat(4000));
    expect((root.querySelector('#personal-counter') as HTMLElement).textContent).to.contain(
      'too long: some of these characters take much more room',
    );
    expect(send.disabled).to.equal(true);
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    expect(sent).to.deep.equal([]);
    await write('hello Bob');
    expect(send.disabled).to.equal(false);
    send.click();
    expect(sent).to.deep.equal(['hello Bob']);
  });

  it('keeps a personal message in its box when the send is refused (the page could not send it now)', async () => {
    const el = await fixture<MemberList>(html`<member-list .people=${[person('Bob', 'connected')]}></member-list>`);
    const root = el.shadowRoot as ShadowRoot;
    (root.querySelector('button.person') as HTMLButtonElement).click();
    await el.updateComplete;
    const box = root.querySelector('textarea[aria-label="Personal message to Bob"]') as HTMLTextAreaElement;
    el.addEventListener('personal-message', (e) => e.preventDefault());
    box.value = 'not yet';
    box.dispatchEvent(new InputEvent('input'));
    await el.updateComplete;
    (root.querySelector('button[type="submit"]') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(box.value).to.equal('not yet');
  });
});
