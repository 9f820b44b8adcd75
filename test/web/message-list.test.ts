import { expect, fixture, html } from '@open-wc/testing';
import type { MessageList } from '../../web/components/message-list.ts';
import '../../web/components/message-list.ts';
import type { ChatEntry } from '../../web/services/room-session.ts';

const MINUTE = 60_000;
let next = 0;

/** A chat line from `who` (Ann by default) said at `sentAt`. */
function line(text: string, sentAt: number, who = 'Ann', own = false): ChatEntry {
  next++;
  return {
    kind: 'chat',
    id: `m${next}`,
    own,
    author: { username: who.toLowerCase(), displayName: who, avatarUrl: null },
    authorPeerId: own ? '' : `${who}-tab`,
    text,
    sentAt,
    sentTo: [],
    deliveredTo: [],
  };
}

async function list(entries: ChatEntry[], style = ''): Promise<MessageList> {
  const el = await fixture<MessageList>(html`<message-list style=${style} .entries=${entries}></message-list>`);
  await el.updateComplete;
  return el;
}

const root = (el: MessageList) => el.shadowRoot as ShadowRoot;
/** Names shown on screen (a grouped line keeps its name for screen readers only, visually hidden). */
const shownNames = (el: MessageList) =>
  [...root(el).querySelectorAll('.author:not(.hidden)')].map((a) => a.textContent?.trim());
const pill = (el: MessageList) =>
  [...root(el).querySelectorAll('button')].find((b) => b.textContent?.replace(/\s+/g, ' ').trim() === 'New messages ↓');
const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

describe('message-list under a burst', () => {
  const texts = (el: MessageList) => [...root(el).querySelectorAll('li.chat .text')].map((p) => p.textContent);

  it('renders a burst of hundreds a few dozen rows a frame, in order, following the bottom', async () => {
    const t = Date.now() - 60 * MINUTE;
    const el = await list(
      Array.from({ length: 10 }, (_, i) => line(`before ${i}`, t + i)),
      'height: 300px',
    );
    const bottom = () => el.scrollHeight - el.scrollTop - el.clientHeight;
    // 300 lines arrive at once (a peer's burst), then a reply right behind them: two updates.
    el.entries = [...el.entries, ...Array.from({ length: 300 }, (_, i) => line(`burst ${i}`, t + 100 + i, 'Bob'))];
    await el.updateComplete;
    el.entries = [...el.entries, line('the reply', t + 1000, 'Cat')];
    await el.updateComplete;
    let seen = new Set(texts(el));
    let frames = 0;
    for (; texts(el).at(-1) !== 'the reply' && frames < 100; frames++) {
      await frame();
      await el.updateComplete;
      const now = texts(el);
      expect(now.filter((text) => !seen.has(text)).length, 'rows added in one frame').to.be.at.most(50);
      expect(bottom()).to.be.lessThan(2);
      seen = new Set(now);
    }
    // In the end: the newest 200 lines in order, at the bottom, the older ones behind the button.
    const want = [...Array.from({ length: 199 }, (_, i) => `burst ${i + 101}`), 'the reply'];
    expect(texts(el)).to.deep.equal(want);
    expect(frames).to.be.above(1);
    const earlier = [...root(el).querySelectorAll('button')].find((b) => b.textContent?.includes('Show earlier'));
    expect(earlier?.textContent?.trim()).to.equal('Show earlier messages (111)');
  });
});

describe('message-list reading', () => {
  it('renders an https address as a link opening in a new tab with rel="noopener noreferrer"', async () => {
    const el = await list([line('see https://example.com/a?b=1. ok', Date.now())]);
    const links = root(el).querySelectorAll('.text a');
    expect(links.length).to.equal(1);
    const a = links[0] as HTMLAnchorElement;
    expect(a.getAttribute('href')).to.equal('https://example.com/a?b=1');
    expect(a.textContent).to.equal('https://example.com/a?b=1');
    expect(a.rel).to.equal('noopener noreferrer');
    expect(a.target).to.equal('_blank');
    expect(root(el).querySelector('.text')?.textContent).to.equal('see https://example.com/a?b=1. ok');
  });

  it('leaves javascript: and other schemes as text', async () => {
    const text = 'javascript:alert(1) data:text/html,<b>x</b> ftp://example.com mailto:a@b.c';
    const el = await list([line(text, Date.now())]);
    expect(root(el).querySelectorAll('a').length).to.equal(0);
    expect(root(el).querySelector('.text')?.textContent).to.equal(text);
  });

  it('keeps markup inert, also next to and inside an address', async () => {
    (window as unknown as { pwned?: boolean }).pwned = false;
    const text =
      '<img src=x onerror="window.pwned=true"> https://example.com/"><img src=y onerror="window.pwned=true">';
    const el = await list([line(text, Date.now())]);
    expect(root(el).querySelector('img')).to.equal(null);
    expect(root(el).querySelector('.text')?.textContent).to.equal(text);
    expect((root(el).querySelector('.text a') as HTMLAnchorElement).getAttribute('href')).to.equal(
      'https://example.com/',
    );
    expect((window as unknown as { pwned?: boolean }).pwned).to.equal(false);
  });

  it('groups consecutive messages by one author within a few minutes: avatar and name once per group', async () => {
    const t = Date.now() - 30 * MINUTE;
    const el = await list([
      line('one', t),
      line('two', t + MINUTE),
      line('three', t + 2 * MINUTE),
      line('hi Ann', t + 3 * MINUTE, 'Bob'),
      line('back to me', t + 4 * MINUTE),
      line('much later', t + 20 * MINUTE),
    ]);
    expect(shownNames(el)).to.deep.equal(['Ann', 'Bob', 'Ann', 'Ann']);
    expect(root(el).querySelectorAll('user-avatar').length).to.equal(4);
    expect(root(el).querySelectorAll('.chat').length).to.equal(6);
  });

  it('puts a date separator between two days, and starts a new group after it', async () => {
    const today = new Date();
    today.setHours(0, 5, 0, 0);
    const yesterday = today.getTime() - 10 * MINUTE; // 23:55 the day before
    const el = await list([line('late', yesterday), line('early', today.getTime())]);
    const rows = [...root(el).querySelectorAll('li')].map((li) =>
      li.classList.contains('day') ? li.textContent?.trim() : 'line',
    );
    expect(rows).to.deep.equal(['Yesterday', 'line', 'Today', 'line']);
    expect(shownNames(el)).to.deep.equal(['Ann', 'Ann']);
  });

  it('names an older day by its date', async () => {
    const old = new Date(2020, 0, 15, 12).getTime();
    const el = await list([line('long ago', old)]);
    const label = root(el).querySelector('.day')?.textContent?.trim();
    expect(label).to.include('2020');
    expect(label).to.not.equal('Today');
  });

  it('follows new messages at the bottom; scrolled up, it stays and shows "New messages", which scrolls down', async () => {
    const t = Date.now() - 60 * MINUTE;
    const entries = Array.from({ length: 30 }, (_, i) => line(`line ${i}`, t + i * 10 * MINUTE, i % 2 ? 'Ann' : 'Bob'));
    const el = await list(entries, 'height: 150px');
    const bottom = () => el.scrollHeight - el.scrollTop - el.clientHeight;
    expect(bottom()).to.be.lessThan(2);

    // At the bottom: a new line is followed, no button.
    el.entries = [...el.entries, line('followed', t + 400 * MINUTE)];
    await el.updateComplete;
    expect(bottom()).to.be.lessThan(2);
    expect(pill(el)).to.equal(undefined);

    // Scrolled up to read: the view stays where it is and the button appears.
    el.scrollTop = 0;
    el.dispatchEvent(new Event('scroll'));
    el.entries = [...el.entries, line('while reading', t + 410 * MINUTE)];
    await el.updateComplete;
    await frame();
    expect(el.scrollTop).to.equal(0);
    const button = pill(el);
    expect(button, 'New messages button').to.not.equal(undefined);
    expect(button?.querySelector('[aria-hidden="true"]')?.textContent).to.equal('↓');

    (button as HTMLButtonElement).click();
    await el.updateComplete;
    expect(bottom()).to.be.lessThan(2);
    expect(pill(el)).to.equal(undefined);
  });
});
