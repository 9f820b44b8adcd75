import { expect, waitUntil } from '@open-wc/testing';
import { html } from 'lit';
import '../../web/pages/conversations-page.ts';
import type { ConversationsPage } from '../../web/pages/conversations-page.ts';
import { IdbConversationNotes } from '../../web/services/conversation-notes.ts';
import type { Services } from '../../web/services/services.ts';
import { createServices, fakeServer, json, mount, selfUser } from './fake-server.ts';

/** The page's text, whitespace collapsed, as a person reads it. */
const text = (page: ConversationsPage) =>
  (page.shadowRoot as ShadowRoot).textContent?.replace(/\s+/g, ' ').trim() ?? '';
const rows = (page: ConversationsPage) =>
  [...(page.shadowRoot as ShadowRoot).querySelectorAll('li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim());

const person = (username: string, online: boolean) => ({ username, displayName: username, avatarUrl: null, online });

describe('conversations-page', () => {
  let server: ReturnType<typeof fakeServer>;
  afterEach(() => server.restore());

  let services: Services;

  async function open(username: string): Promise<ConversationsPage> {
    services = createServices();
    services.session.replaceUser(selfUser({ username }));
    return mount<ConversationsPage>(services, html`<conversations-page></conversations-page>`);
  }

  it('says what to do while there is none, and that the text stays in this browser', async () => {
    server = fakeServer(() => json(200, { conversations: [] }));
    const page = await open('nobody-yet');
    await waitUntil(() => text(page).includes('No conversations yet.'));
    expect(text(page)).to.contain('Find someone on the People page and choose “Message” to start one.');
    expect(text(page)).to.contain('The text of your conversations is kept only in this browser.');
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal(['GET /api/conversations']);
  });

  it("shows with whom from the server and the last message and unread count from this browser's notes", async () => {
    const notes = new IdbConversationNotes();
    await notes.put({ username: 'ann', roomId: 'r-bob', last: { text: 'See you', own: true, at: 2000 }, unread: 0 });
    await notes.put({
      username: 'ann',
      roomId: 'r-cat',
      last: { text: 'Are you there?', own: false, at: 3000 },
      unread: 2,
    });
    // Someone else's note in the same browser stays theirs.
    await notes.put({
      username: 'dan',
      roomId: 'r-dan',
      last: { text: 'Not for Ann', own: true, at: 4000 },
      unread: 5,
    });
    server = fakeServer(() =>
      json(200, {
        conversations: [
          { roomId: 'r-bob', with: person('bob', false) },
          { roomId: 'r-cat', with: person('cat', true) },
          { roomId: 'r-eve', with: person('eve', false) },
        ],
      }),
    );
    const page = await open('ann');
    await waitUntil(() => rows(page).length === 3);
    expect(rows(page)).to.deep.equal([
      'cat Are you there? 2 unread',
      'bob You: See you',
      'eve Nothing said yet in this browser.',
    ]);
    const links = [...(page.shadowRoot as ShadowRoot).querySelectorAll('li a')].map((a) => a.getAttribute('href'));
    expect(links).to.deep.equal(['/rooms/r-cat', '/rooms/r-bob', '/rooms/r-eve']);
    const dots = [...(page.shadowRoot as ShadowRoot).querySelectorAll('presence-dot')].map((d) =>
      d.hasAttribute('online'),
    );
    expect(dots).to.deep.equal([true, false, false]);
    expect(text(page)).not.to.contain('Not for Ann');
    expect(services.conversations.unread).to.equal(2, "the navigation's count: Ann's conversations only");
  });
});
