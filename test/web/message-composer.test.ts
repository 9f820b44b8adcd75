import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { SendMessageEvent } from '../../web/components/events.ts';
import '../../web/components/message-composer.ts';
import '../../web/components/message-list.ts';
import type { MessageComposer } from '../../web/components/message-composer.ts';
import type { MessageList } from '../../web/components/message-list.ts';

async function type(composer: MessageComposer, text: string): Promise<HTMLTextAreaElement> {
  const box = (composer.shadowRoot as ShadowRoot).querySelector(
    'textarea[aria-label="Message"]',
  ) as HTMLTextAreaElement;
  box.value = text;
  box.dispatchEvent(new InputEvent('input'));
  await composer.updateComplete;
  return box;
}

const enter = (shiftKey = false) =>
  new KeyboardEvent('keydown', { key: 'Enter', shiftKey, bubbles: true, cancelable: true });

describe('message-composer', () => {
  it('sends the trimmed text on Enter and clears the box', async () => {
    const composer = await fixture<MessageComposer>(html`<message-composer></message-composer>`);
    const box = await type(composer, '  hello there  ');
    const sent = oneEvent(composer, 'send-message') as Promise<SendMessageEvent>;
    box.dispatchEvent(enter());
    expect((await sent).text).to.equal('hello there');
    await composer.updateComplete;
    expect(box.value).to.equal('');
  });

  it('keeps the text when the send is refused (the page could not send it now)', async () => {
    const composer = await fixture<MessageComposer>(html`<message-composer></message-composer>`);
    composer.addEventListener('send-message', (e) => e.preventDefault());
    const box = await type(composer, 'not yet');
    box.dispatchEvent(enter());
    await composer.updateComplete;
    expect(box.value).to.equal('not yet');
  });

  it('does not send on Shift+Enter or when the text is blank', async () => {
    const composer = await fixture<MessageComposer>(html`<message-composer></message-composer>`);
    let sent = 0;
    composer.addEventListener('send-message', () => sent++);
    const box = await type(composer, 'line one');
    box.dispatchEvent(enter(true));
    await type(composer, '   ');
    box.dispatchEvent(enter());
    const button = (composer.shadowRoot as ShadowRoot).querySelector('button') as HTMLButtonElement;
    expect(button.disabled).to.equal(true);
    expect(sent).to.equal(0);
  });

  it('shows a counter and refuses text over the limit', async () => {
    const composer = await fixture<MessageComposer>(html`<message-composer></message-composer>`);
    await type(composer, 'x'.repeat(4001));
    const counter = (composer.shadowRoot as ShadowRoot).querySelector('#counter') as HTMLElement;
    expect(counter.textContent).to.contain('4001 / 4000');
    expect(counter.textContent).to.contain('too long');
    expect(((composer.shadowRoot as ShadowRoot).querySelector('button') as HTMLButtonElement).disabled).to.equal(true);
  });

  it('refuses 4,000 control characters (too large for one frame) with words, instead of throwing on send', async () => {
    const composer = await fixture<MessageComposer>(html`<message-composer></message-composer>`);
    let sent = 0;
    composer.addEventListener('send-message', () => sent++);
    const box = await type(composer, '\u0001'.repeat(4000));
    box.dispatchEvent(enter());
    const counter = (composer.shadowRoot as ShadowRoot).querySelector('#counter') as HTMLElement;
    expect(counter.textContent).to.contain('4000 / 4000 — too long: some of these characters take much more room');
    expect(counter.classList.contains('over')).to.equal(true);
    expect(((composer.shadowRoot as ShadowRoot).querySelector('button') as HTMLButtonElement).disabled).to.equal(true);
    expect(sent).to.equal(0);
  });

  it('sends 2,000 emoji (they fit one frame) and refuses one more (an emoji counts two characters)', async () => {
    const composer = await fixture<MessageComposer>(html`<message-composer></message-composer>`);
    const counter = (composer.shadowRoot as ShadowRoot).querySelector('#counter') as HTMLElement;
    const box = await type(composer, '😀'.repeat(2001));
    expect(counter.textContent).to.contain('4002 / 4000 — too long');
    await type(composer, '😀'.repeat(2000));
    expect(counter.textContent).to.equal('4000 / 4000');
    const sent = oneEvent(composer, 'send-message') as Promise<SendMessageEvent>;
    box.dispatchEvent(enter());
    expect((await sent).text).to.equal('😀'.repeat(2000));
  });
});

describe('message-list', () => {
  it('renders message text as text, never as markup', async () => {
    const list = await fixture<MessageList>(html`<message-list></message-list>`);
    (window as unknown as { pwned?: boolean }).pwned = false;
    list.entries = [
      {
        kind: 'chat',
        id: 'm1',
        own: false,
        author: { username: 'ann', displayName: '<i>Ann</i>', avatarUrl: null },
        authorPeerId: 'p',
        text: '<img src=x onerror="window.pwned=true">',
        sentAt: Date.now(),
        sentTo: [],
        deliveredTo: [],
      },
    ];
    await list.updateComplete;
    const root = list.shadowRoot as ShadowRoot;
    expect(root.querySelector('img')).to.equal(null);
    expect(root.querySelector('i')).to.equal(null);
    expect(root.querySelector('.text')?.textContent).to.equal('<img src=x onerror="window.pwned=true">');
    expect(root.querySelector('.author')?.textContent).to.equal('<i>Ann</i>');
    expect((window as unknown as { pwned?: boolean }).pwned).to.equal(false);
  });

  it('marks personal messages: "personal" for the recipient, "to Ann" for the sender', async () => {
    const ann = { username: 'ann', displayName: 'Ann', avatarUrl: null };
    const bob = { username: 'bob', displayName: 'Bob', avatarUrl: null };
    const list = await fixture<MessageList>(html`<message-list></message-list>`);
    const base = { kind: 'chat' as const, sentAt: Date.now(), sentTo: ['b1'], deliveredTo: [] };
    list.entries = [
      { ...base, id: 'p1', author: bob, authorPeerId: 'b1', own: false, text: 'psst', personal: true },
      {
        ...base,
        id: 'p2',
        author: bob,
        authorPeerId: 'b1',
        own: true,
        text: 'hi Ann',
        personalTo: ann,
        deliveredTo: ['b1'],
      },
      {
        ...base,
        id: 'p3',
        author: bob,
        authorPeerId: 'b1',
        own: true,
        text: 'everyone',
        sentTo: ['a1', 'c1'],
        deliveredTo: ['a1'],
      },
    ];
    await list.updateComplete;
    const items = [...(list.shadowRoot as ShadowRoot).querySelectorAll('li:not(.day)')].map((li) =>
      li.textContent?.replace(/\s+/g, ' '),
    );
    expect(items[0]).to.contain('personal');
    expect(items[1]).to.contain('to Ann');
    expect(items[1]).to.contain('delivered');
    expect(items[2]).to.contain('delivered to 1 of 2');
    expect(items[2]).not.to.contain('personal');
  });

  it('renders the newest 200 lines and shows earlier ones on request', async () => {
    const list = await fixture<MessageList>(html`<message-list></message-list>`);
    list.entries = Array.from({ length: 450 }, (_, i) => ({
      kind: 'notice' as const,
      id: `n${i}`,
      text: `line ${i}`,
      at: i,
    }));
    await list.updateComplete;
    const root = list.shadowRoot as ShadowRoot;
    const texts = () => [...root.querySelectorAll('li:not(.day)')].map((li) => li.textContent);
    expect(texts().length).to.equal(200);
    expect(texts()[0]).to.equal('line 250');
    expect(texts()[199]).to.equal('line 449');
    const earlier = root.querySelector('button.earlier') as HTMLButtonElement;
    expect(earlier.textContent).to.contain('Show earlier messages (250)');
    earlier.click();
    await list.updateComplete;
    expect(texts().length).to.equal(400);
    expect(texts()[0]).to.equal('line 50');
  });
});
